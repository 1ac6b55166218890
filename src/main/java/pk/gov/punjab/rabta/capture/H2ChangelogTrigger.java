package pk.gov.punjab.rabta.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.h2.api.Trigger;

import pk.gov.punjab.rabta.record.RecordJson;

/** Feeds rabta_changelog from an H2 table (connectors/changelog/h2.sql); the key is the table's primary key. */
public class H2ChangelogTrigger implements Trigger {
    private String table;
    private int keyIndex;
    private final List<String> columns = new ArrayList<>();

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        this.table = table;
        String key = null;
        try (ResultSet pk = connection.getMetaData().getPrimaryKeys(null, schema, table)) {
            if (pk.next()) {
                key = pk.getString("COLUMN_NAME");
            }
        }
        try (ResultSet rs = connection.getMetaData().getColumns(null, schema, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        keyIndex = Math.max(0, columns.indexOf(key));
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        String operation = oldRow == null ? "I" : newRow == null ? "D" : "U";
        Object[] row = newRow != null ? newRow : oldRow;
        try (PreparedStatement st = connection.prepareStatement(
                "INSERT INTO rabta_changelog (table_name, row_key, operation, old_row) VALUES (?, ?, ?, ?)")) {
            st.setString(1, table);
            st.setString(2, String.valueOf(row[keyIndex]));
            st.setString(3, operation);
            st.setString(4, newRow == null ? json(oldRow) : null);
            st.executeUpdate();
        }
    }

    private String json(Object[] row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size() && i < row.length; i++) {
            values.put(columns.get(i), row[i]);
        }
        return RecordJson.write(values);
    }
}
