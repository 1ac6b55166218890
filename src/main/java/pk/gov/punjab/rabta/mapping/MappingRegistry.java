package pk.gov.punjab.rabta.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
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

/** Every mapping under mappings/, compiled at start-up; the bus refuses to start while any of them is wrong. */
@Component
public class MappingRegistry {
    private static final Logger log = LoggerFactory.getLogger(MappingRegistry.class);

    private final Map<String, CompiledMapping> mappings = new LinkedHashMap<>();

    public MappingRegistry(RabtaPaths paths, CodeTables codes, SchemaRegistry schemas) {
        MappingCompiler compiler = new MappingCompiler(codes, schemas);
        List<String> errors = new ArrayList<>();
        for (Path file : DefinitionFiles.list(paths.mappings(), ".yaml")) {
            try {
                CompiledMapping mapping = compiler.compile(file);
                mappings.put(mapping.name(), mapping);
            } catch (DefinitionException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new DefinitionException("Invalid mapping definitions:\n  " + String.join("\n  ", errors));
        }
        log.info("Compiled {} mapping(s): {}", mappings.size(), mappings.keySet());
    }

    public CompiledMapping mapping(String name) {
        CompiledMapping mapping = mappings.get(name);
        if (mapping == null) {
            throw new DefinitionException("No mapping '" + name + "' under mappings/ (known: " + mappings.keySet() + ")");
        }
        return mapping;
    }

    public Set<String> names() {
        return mappings.keySet();
    }
}
