package pk.gov.punjab.rabta.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;

/** Every mapping under mappings/, compiled at start-up; the bus refuses to start while any of them is wrong. */
@Component
public class MappingRegistry {
    private static final Logger log = LoggerFactory.getLogger(MappingRegistry.class);

    private final Map<String, CompiledMapping> mappings = new LinkedHashMap<>();

    public MappingRegistry(RabtaPaths paths, CodeTables codes, SchemaRegistry schemas) {
        MappingCompiler compiler = new MappingCompiler(codes, schemas);
        List<String> errors = new ArrayList<>();
        for (Path file : mappingFiles(paths.mappings())) {
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

    static List<Path> mappingFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new DefinitionException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
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
