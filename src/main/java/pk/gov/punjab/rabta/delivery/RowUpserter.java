package pk.gov.punjab.rabta.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * A version-aware upsert in portable SQL: update when the stored version is older, insert when the key is new, and
 * leave a newer or equal version alone, so a replay or an out-of-date record never overwrites what is there; each write
 * commits at once, before the consumer's broker transaction, so a crash in between redelivers a record this then skips.
 */
public final class RowUpserter {
    public enum Outcome { INSERTED, UPDATED, DELETED, ALREADY_CURRENT }

    private final DataSource dataSource;
    private final String table;
    private final List<String> keyColumns;
    private final String versionColumn;
    private final String hashColumn;

    /** With a hash column, an equal version with different content also updates: a row corrected without a new timestamp. */
    public RowUpserter(DataSource dataSource, String table, List<String> keyColumns, String versionColumn, String hashColumn) {
        this.dataSource = dataSource;
        this.table = table;
        this.keyColumns = keyColumns;
        this.versionColumn = versionColumn;
        this.hashColumn = hashColumn == null || hashColumn.isEmpty() ? null : hashColumn;
    }

    public Outcome upsert(Map<String, Object> row) throws SQLException {
        for (String key : keyColumns) {
            if (row.get(key) == null) {
                throw new IllegalArgumentException("target " + table + ": key column '" + key + "' has no value in the mapped row");
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (update(connection, row) > 0) {
                return Outcome.UPDATED;
            }
            // No existence check first: a new row, the usual case here, then costs two statements rather than three, and a
            // row that is already current is found by the insert's key violation below.
            try {
                insert(connection, row);
                return Outcome.INSERTED;
            } catch (SQLException e) {
                // Only a row that exists means it is current or another consumer won the race; any other constraint is a rejection.
                if (e.getSQLState() != null && e.getSQLState().startsWith("23") && exists(connection, row)) {
                    return update(connection, row) > 0 ? Outcome.UPDATED : Outcome.ALREADY_CURRENT;
                }
                throw e;
            }
        }
    }

    /** Removes the row unless it holds a newer version: a late delete never erases a later re-insert. */
    Outcome delete(Map<String, Object> row) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement st = connection.prepareStatement("DELETE FROM " + table + " WHERE " + keyCondition()
                     + " AND (" + versionColumn + " IS NULL OR " + versionColumn + " <= ?)")) {
            connection.setAutoCommit(true);
            int i = 1;
            for (String key : keyColumns) {
                st.setObject(i++, row.get(key));
            }
            st.setObject(i, row.get(versionColumn));
            return st.executeUpdate() > 0 ? Outcome.DELETED : Outcome.ALREADY_CURRENT;
        }
    }

    private int update(Connection connection, Map<String, Object> row) throws SQLException {
        List<String> columns = row.keySet().stream().filter(c -> !keyColumns.contains(c)).toList();
        String sql = "UPDATE " + table + " SET " + columns.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + keyCondition() + " AND (" + versionColumn + " IS NULL OR " + versionColumn + " < ?"
                + (hashColumn == null ? "" : " OR (" + versionColumn + " = ? AND (" + hashColumn + " IS NULL OR " + hashColumn + " <> ?))")
                + ")";
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int i = 1;
            for (String column : columns) {
                st.setObject(i++, row.get(column));
            }
            for (String key : keyColumns) {
                st.setObject(i++, row.get(key));
            }
            st.setObject(i++, row.get(versionColumn));
            if (hashColumn != null) {
                st.setObject(i++, row.get(versionColumn));
                st.setObject(i, row.get(hashColumn));
            }
            return st.executeUpdate();
        }
    }

    private boolean exists(Connection connection, Map<String, Object> row) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE " + keyCondition())) {
            int i = 1;
            for (String key : keyColumns) {
                st.setObject(i++, row.get(key));
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void insert(Connection connection, Map<String, Object> row) throws SQLException {
        List<String> columns = new ArrayList<>(row.keySet());
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            int i = 1;
            for (String column : columns) {
                st.setObject(i++, row.get(column));
            }
            st.executeUpdate();
        }
    }

    private String keyCondition() {
        return keyColumns.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
    }
}
