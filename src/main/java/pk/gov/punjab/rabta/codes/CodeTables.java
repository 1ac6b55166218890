package pk.gov.punjab.rabta.codes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.RabtaPaths;

/** All code tables under config/codes/, read once; a table's name is its file name without .csv. */
@Component
public class CodeTables {
    private static final Logger log = LoggerFactory.getLogger(CodeTables.class);

    private final Map<String, CodeTable> tables = new LinkedHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public CodeTables(RabtaPaths paths) {
        this(paths.codes());
    }

    public CodeTables(Path folder) {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted()
                        .forEach(f -> {
                            CodeTable table = read(f);
                            tables.put(table.name(), table);
                        });
            } catch (IOException e) {
                throw new DefinitionException("Cannot read code tables in " + folder + ": " + e.getMessage(), e);
            }
        }
        log.info("Loaded {} code table(s): {}", tables.size(), tables.keySet());
    }

    /** Reads a simple CSV: comma-separated, optional double quotes around a field, header on the first line. */
    static CodeTable read(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".csv".length());
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DefinitionException(fileName + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new DefinitionException(fileName + ":1: empty code table, a header line is required");
        }
        List<String> header = splitCsv(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> values = splitCsv(line);
            if (values.size() != header.size()) {
                throw new DefinitionException(fileName + ":" + (i + 1) + ": " + values.size() + " fields, the header has "
                        + header.size() + " " + header);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), values.get(c));
            }
            rows.add(row);
        }
        return new CodeTable(name, header, rows);
    }

    /** Splits one CSV line: commas, optional double quotes around a field, "" for a quote inside one. */
    public static List<String> splitCsvLine(String line) {
        return splitCsv(line);
    }

    static List<String> splitCsv(String line) {
        if (line.indexOf('"') < 0) {
            return Arrays.stream(line.split(",", -1)).map(String::trim).toList();
        }
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                out.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString().trim());
        return out;
    }

    public CodeTable table(String name) {
        CodeTable table = tables.get(name);
        if (table == null) {
            throw new DefinitionException("No code table '" + name + "' (config/codes/" + name + ".csv); known: " + tables.keySet());
        }
        return table;
    }

    public boolean has(String name) {
        return tables.containsKey(name);
    }

    public Set<String> names() {
        return tables.keySet();
    }
}
