package pk.gov.punjab.rabta.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.definition.DefinitionFiles;

/**
 * Every mapping under mappings/, compiled at start-up and replaced as a whole by a reload; the bus refuses to start
 * while any of them is wrong.
 */
@Component
public class MappingRegistry {
    private static final Logger log = LoggerFactory.getLogger(MappingRegistry.class);

    /** One consistent set: the mappings and the code tables and schemas they were compiled against. */
    public record Generation(Map<String, CompiledMapping> mappings, CodeTables codes, SchemaRegistry schemas) {
        public Generation {
            mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        }
    }

    // Read once per message by the mapping: step; a reload replaces it in one write, so a message sees one generation.
    private volatile Generation current;

    public MappingRegistry(RabtaPaths paths, CodeTables codes, SchemaRegistry schemas) {
        MappingCompiler compiler = new MappingCompiler(codes, schemas);
        Map<String, CompiledMapping> mappings = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Path file : DefinitionFiles.list(paths.mappings(), ".yaml")) {
            try {
                CompiledMapping mapping = compiler.compile(file);
                mappings.put(mapping.name(), mapping);
            } catch (DefinitionException e) {
                errors.add(e.getMessage());
            } catch (RuntimeException e) {
                errors.add(file.getFileName() + ": cannot be compiled: " + e);
            }
        }
        if (!errors.isEmpty()) {
            throw new DefinitionException("Invalid mapping definitions:\n  " + String.join("\n  ", errors));
        }
        current = new Generation(mappings, codes, schemas);
        log.info("Compiled {} mapping(s): {}", mappings.size(), mappings.keySet());
    }

    public CompiledMapping mapping(String name) {
        CompiledMapping mapping = current.mappings().get(name);
        if (mapping == null) {
            throw new DefinitionException("No mapping '" + name + "' under mappings/ (known: " + current.mappings().keySet() + ")");
        }
        return mapping;
    }

    public Set<String> names() {
        return current.mappings().keySet();
    }

    /** The mappings, code tables and schemas in use now. */
    public Generation current() {
        return current;
    }

    /** Puts a checked generation in place of the running one and returns the one it replaced. */
    public synchronized Generation replace(Generation next) {
        Generation previous = current;
        current = next;
        return previous;
    }
}
