package pk.gov.punjab.rabta.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists the definition files of one folder (routes, connectors, mappings), in name order; a missing folder has none. */
public final class DefinitionFiles {
    private DefinitionFiles() {
    }

    public static List<Path> list(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new DefinitionException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
