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
 * MariaDB: no LIMIT dialects (setMaxRows) and no identifier quoting.
 */
final class SourceReader {
    private static final Set<Integer> NUMERIC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.NUMERIC, Types.DECIMAL);

    private final String connector;
    private final DataSource dataSource;
    private final String source;
    private final String describe;
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
            if (!watermarkFound) {
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

    List<Map<String, Object>> readAfter(Checkpoint checkpoint) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            check(connection);
            String sql = "SELECT * FROM " + source + " WHERE "
                    + (checkpoint.isStart() ? watermark + " IS NOT NULL"
                    : "(" + watermark + " > ? OR (" + watermark + " = ? AND " + key + " > ?))")
                    + " ORDER BY " + watermark + ", " + key;
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setMaxRows(batchSize);
                st.setFetchSize(batchSize);
                if (!checkpoint.isStart()) {
                    st.setTimestamp(1, checkpoint.watermark());
                    st.setTimestamp(2, checkpoint.watermark());
                    if (numericKey) {
                        st.setLong(3, Long.parseLong(checkpoint.lastKey()));
                    } else {
                        st.setString(3, checkpoint.lastKey());
                    }
                }
                try (ResultSet rs = st.executeQuery()) {
                    return rows(rs);
                }
            }
        }
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedCaseInsensitiveMap<>(meta.getColumnCount());
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
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
