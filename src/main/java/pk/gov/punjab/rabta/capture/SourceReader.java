package pk.gov.punjab.rabta.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.util.LinkedCaseInsensitiveMap;

import pk.gov.punjab.rabta.definition.DefinitionException;

/**
 * Reads a source table (or query) in (watermark, key) order after a checkpoint. Portable across H2, PostgreSQL and
 * MariaDB: LIMIT and row comparisons, which all three read, and no identifier quoting.
 */
final class SourceReader implements CaptureSource {
    private static final Set<Integer> NUMERIC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.NUMERIC, Types.DECIMAL);

    private final String connector;
    private final DataSource dataSource;
    private final String source;
    private final String describe;
    private final String name;
    private final String watermark;
    private final String key;
    private final int batchSize;
    private boolean numericKey;
    private boolean checked;

    SourceReader(String connector, DataSource dataSource, String table, String query, String watermark, String key, int batchSize) {
        this.connector = connector;
        this.dataSource = dataSource;
        this.source = table != null ? table : "(" + query + ") rabta_source";
        this.describe = table != null ? "table '" + table + "'" : "query";
        this.name = table != null ? table : "query";
        this.watermark = watermark;
        this.key = key;
        this.batchSize = batchSize;
    }

    /** Checks once that the table and both columns exist, naming connector, table and column when they do not. */
    private void check(Connection connection) throws SQLException {
        if (checked) {
            return;
        }
        ResultSetMetaData meta;
        try (PreparedStatement st = connection.prepareStatement("SELECT * FROM " + source + " WHERE 1 = 0");
             ResultSet rs = st.executeQuery()) {
            meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            int keyType = Types.OTHER;
            boolean watermarkFound = false;
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String column = meta.getColumnLabel(i);
                columns.add(column);
                watermarkFound |= column.equalsIgnoreCase(watermark);
                if (column.equalsIgnoreCase(key)) {
                    keyType = meta.getColumnType(i);
                }
            }
            if (watermark != null && !watermarkFound) {
                throw new DefinitionException("connector " + connector + ", " + describe + ": no watermark column '" + watermark + "' (columns: " + columns + ")");
            }
            if (keyType == Types.OTHER && columns.stream().noneMatch(c -> c.equalsIgnoreCase(key))) {
                throw new DefinitionException("connector " + connector + ", " + describe + ": no key column '" + key + "' (columns: " + columns + ")");
            }
            numericKey = NUMERIC.contains(keyType);
        } catch (SQLException e) {
            throw new DefinitionException("connector " + connector + ", " + describe + ": cannot be read: " + e.getMessage(), e);
        }
        checked = true;
    }

    @Override
    public List<Captured> readAfter(Checkpoint checkpoint) throws SQLException {
        return captured(rowsAfter(checkpoint));
    }

    @Override
    public List<Captured> readWindow(Checkpoint checkpoint, long overlapMillis, int limit) throws SQLException {
        return captured(rowsInWindow(checkpoint, overlapMillis, limit));
    }

    @Override
    public List<Captured> readAllAfterKey(String lastKey, int limit) throws SQLException {
        return captured(rowsAfterKey(lastKey, limit));
    }

    @Override
    public long reconciliationVersion() {
        return System.currentTimeMillis();
    }

    /** Current rows in key order after a key, whatever their watermark. */
    List<Map<String, Object>> rowsAfterKey(String lastKey, int limit) throws SQLException {
        return query(lastKey == null ? "1 = 1" : key + " > ?", limit, st -> {
            if (lastKey != null) {
                bindKey(st, 1, lastKey);
            }
        }, key);
    }

    private List<Captured> captured(List<Map<String, Object>> rows) {
        List<Captured> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            String sourceKey = table() + ":" + keyOf(row);
            Timestamp watermarkValue = watermarkOf(row);
            out.add(new Captured(sourceKey, row, positionOf(row), watermarkValue.getTime(), Captured.UPSERT, watermarkValue));
        }
        return out;
    }

    /** The name the envelope gives the source: the table, or "query". */
    String table() {
        return name;
    }

    /** The next batch after the checkpoint, in (watermark, key) order. */
    List<Map<String, Object>> rowsAfter(Checkpoint checkpoint) throws SQLException {
        return query(checkpoint.isStart() ? watermark + " IS NOT NULL" : afterCheckpoint(), batchSize, st -> {
            if (!checkpoint.isStart()) {
                st.setTimestamp(1, checkpoint.watermark());
                st.setTimestamp(2, checkpoint.watermark());
                bindKey(st, 3, checkpoint.lastKey());
            }
        });
    }

    /**
     * The rows at or before the checkpoint whose watermark lies within the overlap window: where a transaction that
     * committed late shows up with a timestamp older than rows already read.
     */
    List<Map<String, Object>> rowsInWindow(Checkpoint checkpoint, long overlapMillis, int limit) throws SQLException {
        Timestamp from = new Timestamp(checkpoint.watermark().getTime() - overlapMillis);
        String condition = watermark + " >= ? AND (" + watermark + " < ? OR (" + watermark + " = ? AND " + key + " <= ?))";
        return query(condition, limit, st -> {
            st.setTimestamp(1, from);
            st.setTimestamp(2, checkpoint.watermark());
            st.setTimestamp(3, checkpoint.watermark());
            bindKey(st, 4, checkpoint.lastKey());
        });
    }

    @Override
    public long countAfter(Checkpoint checkpoint) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            check(connection);
            String sql = "SELECT COUNT(*) FROM " + source + " WHERE " + (checkpoint.isStart() ? watermark + " IS NOT NULL" : afterCheckpoint());
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                if (!checkpoint.isStart()) {
                    st.setTimestamp(1, checkpoint.watermark());
                    st.setTimestamp(2, checkpoint.watermark());
                    bindKey(st, 3, checkpoint.lastKey());
                }
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /**
     * After the checkpoint in (watermark, key) order, bound as watermark, watermark, key. The leading "watermark >= ?"
     * gives the index on (watermark, key) a place to start, and the row comparison the key within equal watermarks;
     * with a plain OR PostgreSQL read the table from its first row on every poll.
     */
    private String afterCheckpoint() {
        return watermark + " >= ? AND (" + watermark + ", " + key + ") > (?, ?)";
    }

    private List<Map<String, Object>> query(String condition, int limit, Binder binder) throws SQLException {
        return query(condition, limit, binder, watermark + ", " + key);
    }

    private List<Map<String, Object>> query(String condition, int limit, Binder binder, String order) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            check(connection);
            // Told the limit, PostgreSQL reads the index in order instead of sorting every matching row on each poll.
            String sql = "SELECT * FROM " + source + " WHERE " + condition + " ORDER BY " + order + (limit > 0 ? " LIMIT " + limit : "");
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setMaxRows(limit);
                st.setFetchSize(Math.min(limit, 1000));
                binder.bind(st);
                try (ResultSet rs = st.executeQuery()) {
                    return rows(rs);
                }
            } catch (SQLException e) {
                // The table may have changed since it was checked: check again, so the error names what is missing.
                checked = false;
                check(connection);
                throw new SQLException("connector " + connector + ", " + describe + ": " + e.getMessage(), e.getSQLState(), e);
            }
        }
    }

    void bindKey(PreparedStatement st, int index, String value) throws SQLException {
        if (numericKey) {
            st.setLong(index, Long.parseLong(value));
        } else {
            st.setString(index, value);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads every column; a value the driver cannot read becomes an {@link Unreadable} instead of stopping the batch. */
    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedCaseInsensitiveMap<>(meta.getColumnCount());
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object value;
                try {
                    value = rs.getObject(i);
                } catch (SQLException | RuntimeException e) {
                    value = new Unreadable(meta.getColumnLabel(i), e.getMessage());
                }
                row.put(meta.getColumnLabel(i), value);
            }
            rows.add(row);
        }
        return rows;
    }

    /** A column value the database driver could not read (an impossible date, a bad encoding). */
    public record Unreadable(String column, String problem) {
    }

    /** The current row with this key, or null when there is none (changelog mode reads rows by key). */
    Map<String, Object> rowByKey(String keyValue) throws SQLException {
        List<Map<String, Object>> found = query(key + " = ?", 1, st -> bindKey(st, 1, keyValue), key);
        return found.isEmpty() ? null : found.get(0);
    }

    Checkpoint positionOf(Map<String, Object> row) {
        return new Checkpoint(watermarkOf(row), String.valueOf(row.get(key)));
    }

    Timestamp watermarkOf(Map<String, Object> row) {
        Object value = row.get(watermark);
        if (value instanceof Timestamp t) {
            return t;
        }
        if (value instanceof java.time.LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return Timestamp.from(t.toInstant());
        }
        throw new DefinitionException("connector " + connector + ", " + describe + ": watermark column '" + watermark
                + "' must be a timestamp, found " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    Object keyOf(Map<String, Object> row) {
        return row.get(key);
    }
}
