package pk.gov.punjab.rabta.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.util.LinkedCaseInsensitiveMap;

import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Reads a trigger-fed change table (connectors/changelog/) in change order: an insert or update sends the row as it
 * is now, a delete sends the row as the trigger kept it.
 */
final class ChangelogReader implements CaptureSource {
    private static final String COLUMNS = "SELECT change_id, row_key, operation, old_row, changed_at FROM ";

    private final String connector;
    private final DataSource dataSource;
    private final String changelog;
    private final String table;
    private final String keyColumn;
    private final SourceReader rows;
    private final int batchSize;

    ChangelogReader(String connector, DataSource dataSource, String changelog, String table, String keyColumn,
                    SourceReader rows, int batchSize) {
        this.connector = connector;
        this.dataSource = dataSource;
        this.changelog = changelog;
        this.table = table;
        this.keyColumn = keyColumn;
        this.rows = rows;
        this.batchSize = batchSize;
    }

    @Override
    public List<Captured> readAfter(Checkpoint checkpoint) throws SQLException {
        return read("change_id > ? ORDER BY change_id", batchSize, st -> st.setLong(2, lastChange(checkpoint)));
    }

    @Override
    public List<Captured> readWindow(Checkpoint checkpoint, long overlapMillis, int limit) throws SQLException {
        return read("changed_at >= ? AND change_id <= ? ORDER BY change_id", limit, st -> {
            st.setTimestamp(2, new Timestamp(checkpoint.watermark().getTime() - overlapMillis));
            st.setLong(3, lastChange(checkpoint));
        });
    }

    @Override
    public long countAfter(Checkpoint checkpoint) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement st = connection.prepareStatement("SELECT COUNT(*) FROM " + changelog
                     + " WHERE LOWER(table_name) = LOWER(?) AND change_id > ?")) {
            st.setString(1, table);
            st.setLong(2, lastChange(checkpoint));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public List<Captured> readAllAfterKey(String lastKey, int limit) throws SQLException {
        long version = reconciliationVersion();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Captured> captured = new ArrayList<>();
        for (Map<String, Object> row : rows.rowsAfterKey(lastKey, limit)) {
            captured.add(new Captured(table + ":" + rows.keyOf(row), row, null, version, Captured.UPSERT, now));
        }
        return captured;
    }

    /** The latest change id: later changes of the table get higher ones. */
    @Override
    public long reconciliationVersion() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement st = connection.prepareStatement("SELECT COALESCE(MAX(change_id), 0) FROM " + changelog)) {
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long lastChange(Checkpoint checkpoint) {
        return checkpoint.isStart() ? 0 : Long.parseLong(checkpoint.lastKey());
    }

    private List<Captured> read(String condition, int limit, Binder binder) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement st = connection.prepareStatement(COLUMNS + changelog + " WHERE LOWER(table_name) = LOWER(?) AND " + condition)) {
            st.setMaxRows(limit);
            st.setString(1, table);
            binder.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)));
                }
            }
        } catch (SQLException e) {
            throw new SQLException("connector " + connector + ", changelog " + changelog + " of table '" + table + "': "
                    + e.getMessage() + " (install it from connectors/changelog/)", e.getSQLState(), e);
        }
        List<Captured> captured = new ArrayList<>(changes.size());
        for (Change change : changes) {
            Checkpoint position = new Checkpoint(change.changedAt(), String.valueOf(change.id()));
            String sourceKey = table + ":" + change.rowKey();
            if ("D".equals(change.operation())) {
                captured.add(new Captured(sourceKey, oldRow(change), position, change.id(), Captured.DELETE, change.changedAt()));
                continue;
            }
            Map<String, Object> row = rows.rowByKey(change.rowKey());
            // A row already gone was deleted later; its delete follows in the changelog.
            if (row != null) {
                captured.add(new Captured(sourceKey, row, position, change.id(), Captured.UPSERT, change.changedAt()));
            }
        }
        return captured;
    }

    private Map<String, Object> oldRow(Change change) {
        Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
        if (change.oldRow() != null && !change.oldRow().isBlank()) {
            row.putAll(RecordJson.readMap(change.oldRow()));
        }
        row.putIfAbsent(keyColumn, change.rowKey());
        return row;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private record Change(long id, String rowKey, String operation, String oldRow, Timestamp changedAt) {
    }
}
