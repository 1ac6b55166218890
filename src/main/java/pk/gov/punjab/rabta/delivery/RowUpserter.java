package pk.gov.punjab.rabta.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * A version-aware upsert in portable SQL: update when the stored version is older, insert when the key is new, and
 * leave a newer or equal version alone, so a replay or an out-of-date record never overwrites what is there. A write
 * commits (alone, or with its {@link DeliveryBatch}) before the consumer's broker transaction, so a crash in between
 * redelivers a record this then skips.
 */
public final class RowUpserter {
    public enum Outcome { INSERTED, UPDATED, DELETED, ALREADY_CURRENT }

    private final DataSource dataSource;
    private final String table;
    private final List<String> keyColumns;
    private final String versionColumn;
    private final String hashColumn;
    private volatile Boolean h2;

    /** With a hash column, an equal version with different content also updates: a row corrected without a new timestamp. */
    public RowUpserter(DataSource dataSource, String table, List<String> keyColumns, String versionColumn, String hashColumn) {
        this.dataSource = dataSource;
        this.table = table;
        this.keyColumns = keyColumns;
        this.versionColumn = versionColumn;
        this.hashColumn = hashColumn == null || hashColumn.isEmpty() ? null : hashColumn;
    }

    public Outcome upsert(Map<String, Object> row) throws SQLException {
        requireKeys(row);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return upsert(connection, row, null);
        }
    }

    /**
     * The upsert on the caller's connection. Inside a transaction, {@code undo} is the row's savepoint: a key violation
     * there spoils the whole transaction on PostgreSQL unless the row's statements are rolled back to it first.
     */
    public Outcome upsert(Connection connection, Map<String, Object> row, Savepoint undo) throws SQLException {
        requireKeys(row);
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
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                if (undo != null) {
                    connection.rollback(undo);
                }
                if (exists(connection, row)) {
                    return update(connection, row) > 0 ? Outcome.UPDATED : Outcome.ALREADY_CURRENT;
                }
            }
            throw e;
        }
    }

    private void requireKeys(Map<String, Object> row) {
        for (String key : keyColumns) {
            if (row.get(key) == null) {
                throw new IllegalArgumentException("target " + table + ": key column '" + key + "' has no value in the mapped row");
            }
        }
    }

    /** Removes the row unless it holds a newer version: a late delete never erases a later re-insert. */
    Outcome delete(Map<String, Object> row) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return delete(connection, row);
        }
    }

    Outcome delete(Connection connection, Map<String, Object> row) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + table + " WHERE " + keyCondition()
                + " AND (" + versionColumn + " IS NULL OR " + versionColumn + " <= ?)")) {
            int i = 1;
            for (String key : keyColumns) {
                st.setObject(i++, row.get(key));
            }
            st.setObject(i, row.get(versionColumn));
            return st.executeUpdate() > 0 ? Outcome.DELETED : Outcome.ALREADY_CURRENT;
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Upserts many rows, in order, with a handful of statements: one query for the versions the target holds, then the
     * inserts and the updates each as one JDBC batch. Decides as the single-row upsert does, row by row, so a later
     * version of the same key in the same call updates the row an earlier one inserted. Any refusal fails the whole
     * call; the caller then writes the rows one at a time to find the one refused.
     */
    public List<Outcome> upsertAll(Connection connection, List<Map<String, Object>> rows) throws SQLException {
        rows.forEach(this::requireKeys);
        Map<String, Object[]> held = heldVersions(connection, rows);
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        Map<List<String>, List<Map<String, Object>>> inserts = new LinkedHashMap<>();
        Map<List<String>, List<Map<String, Object>>> updates = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            String key = keyOf(row);
            Object[] current = held.get(key);
            Object[] incoming = {row.get(versionColumn), hashColumn == null ? null : row.get(hashColumn)};
            if (current == null) {
                inserts.computeIfAbsent(new ArrayList<>(row.keySet()), columns -> new ArrayList<>()).add(row);
                outcomes.add(Outcome.INSERTED);
            } else if (supersedes(incoming, current)) {
                updates.computeIfAbsent(new ArrayList<>(row.keySet()), columns -> new ArrayList<>()).add(row);
                outcomes.add(Outcome.UPDATED);
            } else {
                outcomes.add(Outcome.ALREADY_CURRENT);
                continue;
            }
            held.put(key, incoming);
        }
        for (Map.Entry<List<String>, List<Map<String, Object>>> group : inserts.entrySet()) {
            List<String> columns = group.getKey();
            executeBatch(connection, "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")", group.getValue(), columns);
        }
        // After the inserts: an update may be to a row inserted by this same call.
        for (Map.Entry<List<String>, List<Map<String, Object>>> group : updates.entrySet()) {
            List<String> columns = group.getKey().stream().filter(c -> !keyColumns.contains(c)).toList();
            List<String> parameters = new ArrayList<>(columns);
            parameters.addAll(keyColumns);
            parameters.add(versionColumn);
            if (hashColumn != null) {
                parameters.add(versionColumn);
                parameters.add(hashColumn);
            }
            executeBatch(connection, updateSql(columns), group.getValue(), parameters);
        }
        return outcomes;
    }

    /** The same rule as the update's guard, in Java: no stored version, an older one, or the same one with other content. */
    private boolean supersedes(Object[] incoming, Object[] current) {
        if (current[0] == null) {
            return true;
        }
        if (incoming[0] == null) {
            return false;
        }
        long stored = ((Number) current[0]).longValue();
        long version = ((Number) incoming[0]).longValue();
        if (stored != version) {
            return stored < version;
        }
        return hashColumn != null && incoming[1] != null && (current[1] == null || !current[1].equals(incoming[1]));
    }

    /** Whether the target is H2, asked of its first connection only: an upserter writes to one database. */
    private boolean isH2(Connection connection) throws SQLException {
        Boolean known = h2;
        if (known == null) {
            known = connection.getMetaData().getDatabaseProductName().equals("H2");
            h2 = known;
        }
        return known;
    }

    /** Version and hash the target holds for the rows' keys, by key; one query per few hundred keys. */
    private Map<String, Object[]> heldVersions(Connection connection, List<Map<String, Object>> rows) throws SQLException {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.putIfAbsent(keyOf(row), row));
        List<Map<String, Object>> distinct = new ArrayList<>(byKey.values());
        Map<String, Object[]> held = new HashMap<>();
        String select = "SELECT " + String.join(", ", keyColumns) + ", " + versionColumn + (hashColumn == null ? "" : ", " + hashColumn)
                + " FROM " + table + " WHERE ";
        // H2 reads an OR of composite key equalities by scanning the table, but seeks a list of key tuples in the
        // primary key; PostgreSQL and MariaDB read each equality of the OR from the primary key.
        boolean tuples = keyColumns.size() > 1 && isH2(connection);
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(keyColumns.size(), "?")) + ")";
        for (int from = 0; from < distinct.size(); from += 200) {
            List<Map<String, Object>> chunk = distinct.subList(from, Math.min(distinct.size(), from + 200));
            String sql = select + (tuples
                    ? "(" + String.join(", ", keyColumns) + ") IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), tuple)) + ")"
                    : String.join(" OR ", java.util.Collections.nCopies(chunk.size(), "(" + keyCondition() + ")")));
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                int i = 1;
                for (Map<String, Object> row : chunk) {
                    for (String key : keyColumns) {
                        st.setObject(i++, row.get(key));
                    }
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        StringBuilder key = new StringBuilder();
                        for (int k = 1; k <= keyColumns.size(); k++) {
                            key.append(rs.getString(k)).append('\u0000');
                        }
                        int next = keyColumns.size() + 1;
                        held.put(key.toString(), new Object[] {rs.getObject(next), hashColumn == null ? null : rs.getString(next + 1)});
                    }
                }
            }
        }
        return held;
    }

    /** The key values as text, the way the database gives them back, so a Long and a BIGINT column agree. */
    private String keyOf(Map<String, Object> row) {
        StringBuilder key = new StringBuilder();
        for (String column : keyColumns) {
            key.append(row.get(column)).append('\u0000');
        }
        return key.toString();
    }

    private static void executeBatch(Connection connection, String sql, List<Map<String, Object>> rows, List<String> parameters)
            throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (Map<String, Object> row : rows) {
                int i = 1;
                for (String column : parameters) {
                    st.setObject(i++, row.get(column));
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private String updateSql(List<String> columns) {
        return "UPDATE " + table + " SET " + columns.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + keyCondition() + " AND (" + versionColumn + " IS NULL OR " + versionColumn + " < ?"
                + (hashColumn == null ? "" : " OR (" + versionColumn + " = ? AND (" + hashColumn + " IS NULL OR " + hashColumn + " <> ?))")
                + ")";
    }

    private int update(Connection connection, Map<String, Object> row) throws SQLException {
        List<String> columns = row.keySet().stream().filter(c -> !keyColumns.contains(c)).toList();
        String sql = updateSql(columns);
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
