package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.record.RecordJson;

/** Sample records from a file: a JSON object, a JSON array of objects, or a CSV with a header line. */
final class SampleRecords {
    private SampleRecords() {
    }

    static List<Map<String, Object>> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (file.getFileName().toString().endsWith(".csv")) {
            List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return List.of();
            }
            List<String> header = CodeTables.splitCsvLine(lines.get(0));
            List<Map<String, Object>> records = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> values = CodeTables.splitCsvLine(line);
                Map<String, Object> record = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    record.put(header.get(c), c < values.size() && !values.get(c).isEmpty() ? values.get(c) : null);
                }
                records.add(record);
            }
            return records;
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("[")) {
            return RecordJson.MAPPER.readValue(trimmed, new TypeReference<List<Map<String, Object>>>() {
            });
        }
        return List.of(RecordJson.readMap(trimmed));
    }
}
