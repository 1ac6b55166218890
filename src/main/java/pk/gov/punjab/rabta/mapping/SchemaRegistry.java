package pk.gov.punjab.rabta.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.record.RecordJson;

/** The canonical JSON Schemas under mappings/schemas/, named &lt;type&gt;.v&lt;version&gt;.json, compiled once. */
@Component
public class SchemaRegistry {
    private static final Pattern FILE_NAME = Pattern.compile("([a-z0-9-]+)\\.v(\\d+)\\.json");

    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();
    private final Map<String, JsonNode> documents = new LinkedHashMap<>();
    private final Map<String, String> fileNames = new LinkedHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public SchemaRegistry(RabtaPaths paths) {
        this(paths.schemas());
    }

    public SchemaRegistry(Path folder) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                Matcher m = FILE_NAME.matcher(fileName);
                if (!m.matches()) {
                    throw new DefinitionException(fileName + ": schema files are named <record-type>.v<version>.json");
                }
                JsonNode node = RecordJson.MAPPER.readTree(file.toFile());
                String name = m.group(1) + "/v" + m.group(2);
                schemas.put(name, factory.getSchema(node));
                documents.put(name, node);
                fileNames.put(name, fileName);
            }
        } catch (IOException e) {
            throw new DefinitionException("Cannot read schemas in " + folder + ": " + e.getMessage(), e);
        }
    }

    public boolean has(String typeAndVersion) {
        return schemas.containsKey(typeAndVersion);
    }

    public Set<String> names() {
        return schemas.keySet();
    }

    /** The schema's text as read, for checking a mapping's fields against it when the mapping is compiled. */
    public JsonNode document(String typeAndVersion) {
        JsonNode document = documents.get(typeAndVersion);
        if (document == null) {
            throw new DefinitionException("No schema " + typeAndVersion + " under mappings/schemas/ (known: " + schemas.keySet() + ")");
        }
        return document;
    }

    /** Where the schema is kept, as messages name it: mappings/schemas/&lt;type&gt;.v&lt;version&gt;.json. */
    public String fileName(String typeAndVersion) {
        return "mappings/schemas/" + fileNames.getOrDefault(typeAndVersion, typeAndVersion.replace("/v", ".v") + ".json");
    }

    /** A checker for one record type and version; fails with SCHEMA naming the first offending field. */
    public Validator validatorFor(String typeAndVersion) {
        JsonSchema schema = schemas.get(typeAndVersion);
        if (schema == null) {
            throw new DefinitionException("No schema " + typeAndVersion + " under mappings/schemas/ (known: " + schemas.keySet() + ")");
        }
        return node -> {
            Set<ValidationMessage> errors = schema.validate(node);
            if (!errors.isEmpty()) {
                ValidationMessage first = errors.iterator().next();
                String field = first.getInstanceLocation() == null ? "-" : first.getInstanceLocation().toString();
                JsonNode bad = first.getInstanceNode();
                throw new MappingException(FailureReason.SCHEMA, field, bad == null ? null : bad.toString(),
                        typeAndVersion + ": " + first.getMessage() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
            }
        };
    }

    /** The schema compiled into plain checks that vouch for a record without the full validator, where they can. */
    RecordCheck checkFor(String typeAndVersion) {
        return RecordCheck.compile(document(typeAndVersion));
    }

    /** Checks a canonical record against its schema. */
    @FunctionalInterface
    public interface Validator {
        void validate(JsonNode record);
    }
}
