package pk.gov.punjab.rabta.codes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One CSV code table from config/codes/: a header of column names and rows of text values. */
public final class CodeTable {
    private final String name;
    private final List<String> columns;
    private final List<Map<String, String>> rows;
    private final Map<String, Map<String, Map<String, String>>> indexes = new ConcurrentHashMap<>();

    public CodeTable(String name, List<String> columns, List<Map<String, String>> rows) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public List<Map<String, String>> rows() {
        return rows;
    }

    public boolean hasColumn(String column) {
        return columns.contains(column);
    }

    /** The row whose column equals the value; matching ignores case and surrounding blanks, as legacy data varies. */
    public Optional<Map<String, String>> find(String column, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> index = indexes.computeIfAbsent(column, this::buildIndex);
        return Optional.ofNullable(index.get(normalise(value)));
    }

    private Map<String, Map<String, String>> buildIndex(String column) {
        if (!hasColumn(column)) {
            throw new IllegalArgumentException("code table '" + name + "' has no column '" + column + "' (columns: " + columns + ")");
        }
        Map<String, Map<String, String>> index = new HashMap<>();
        for (Map<String, String> row : rows) {
            String key = row.get(column);
            if (key != null && !key.isEmpty()) {
                index.putIfAbsent(normalise(key), row);
            }
        }
        return index;
    }

    private static String normalise(String value) {
        return value.trim().toUpperCase(java.util.Locale.ROOT);
    }
}
