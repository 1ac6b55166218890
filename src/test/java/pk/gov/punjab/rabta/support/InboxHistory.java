package pk.gov.punjab.rabta.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records every write the bus makes to the CFMS custody inbox (insert or update, in the order they were made), on H2
 * by a Java trigger, on PostgreSQL by a PL/pgSQL one and on MariaDB by SQL ones, so a test can see the order versions arrived in and that
 * none was written twice.
 */
public class InboxHistory implements Trigger {
    private int jailCode;
    private int admissionId;
    private int status;
    private int version;
    private int hash;

    public static void install(JdbcTemplate cfms) {
        if (DatabaseProduct.isPostgresql(cfms)) {
            cfms.execute("CREATE TABLE IF NOT EXISTS inbox_history (seq BIGSERIAL PRIMARY KEY, jail_code VARCHAR(10),"
                    + " admission_id BIGINT, custody_status VARCHAR(20), rabta_version BIGINT, rabta_hash VARCHAR(64))");
            cfms.execute("CREATE OR REPLACE FUNCTION inbox_history_write() RETURNS trigger AS $$ BEGIN"
                    + " INSERT INTO inbox_history (jail_code, admission_id, custody_status, rabta_version, rabta_hash)"
                    + " VALUES (NEW.jail_code, NEW.admission_id, NEW.custody_status, NEW.rabta_version, NEW.rabta_hash);"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql");
            cfms.execute("DROP TRIGGER IF EXISTS inbox_history_writes ON pmis_custody_inbox");
            cfms.execute("CREATE TRIGGER inbox_history_writes AFTER INSERT OR UPDATE ON pmis_custody_inbox"
                    + " FOR EACH ROW EXECUTE FUNCTION inbox_history_write()");
            return;
        }
        if (DatabaseProduct.isMariadb(cfms)) {
            cfms.execute("CREATE TABLE IF NOT EXISTS inbox_history (seq BIGINT AUTO_INCREMENT PRIMARY KEY, jail_code VARCHAR(10),"
                    + " admission_id BIGINT, custody_status VARCHAR(20), rabta_version BIGINT, rabta_hash VARCHAR(64))");
            // MariaDB takes one event per trigger.
            for (String event : new String[] {"INSERT", "UPDATE"}) {
                cfms.execute("DROP TRIGGER IF EXISTS inbox_history_" + event.toLowerCase());
                cfms.execute("CREATE TRIGGER inbox_history_" + event.toLowerCase() + " AFTER " + event + " ON pmis_custody_inbox FOR EACH ROW"
                        + " INSERT INTO inbox_history (jail_code, admission_id, custody_status, rabta_version, rabta_hash)"
                        + " VALUES (NEW.jail_code, NEW.admission_id, NEW.custody_status, NEW.rabta_version, NEW.rabta_hash)");
            }
            return;
        }
        cfms.execute("CREATE TABLE IF NOT EXISTS inbox_history (seq BIGINT AUTO_INCREMENT PRIMARY KEY, jail_code VARCHAR(10),"
                + " admission_id BIGINT, custody_status VARCHAR(20), rabta_version BIGINT, rabta_hash VARCHAR(64))");
        cfms.execute("CREATE TRIGGER IF NOT EXISTS inbox_history_writes AFTER INSERT, UPDATE ON pmis_custody_inbox FOR EACH ROW CALL \""
                + InboxHistory.class.getName() + "\"");
    }

    /** The statuses written for one admission, in the order they were written. */
    public static List<String> statuses(JdbcTemplate cfms, long admissionId) {
        return cfms.queryForList("SELECT custody_status FROM inbox_history WHERE admission_id = ? ORDER BY seq", String.class, admissionId);
    }

    /** Every write to admissions from..to, in the order written: admission_id, custody_status, rabta_version, rabta_hash. */
    public static List<Map<String, Object>> writes(JdbcTemplate cfms, long from, long to) {
        return cfms.queryForList("SELECT admission_id, custody_status, rabta_version, rabta_hash FROM inbox_history"
                + " WHERE admission_id BETWEEN ? AND ? ORDER BY seq", from, to);
    }

    /** Versions written more than once, with how often: a duplicate delivery. */
    public static List<Map<String, Object>> versionsWrittenTwice(JdbcTemplate cfms) {
        return cfms.queryForList("SELECT admission_id, rabta_version, COUNT(*) AS writes FROM inbox_history"
                + " GROUP BY admission_id, rabta_version HAVING COUNT(*) > 1");
    }

    /** The same content (key, version and content hash) written more than once: a duplicate delivery. */
    public static List<Map<String, Object>> contentWrittenTwice(JdbcTemplate cfms) {
        return cfms.queryForList("SELECT jail_code, admission_id, rabta_version, rabta_hash, COUNT(*) AS writes FROM inbox_history"
                + " GROUP BY jail_code, admission_id, rabta_version, rabta_hash HAVING COUNT(*) > 1");
    }

    public static long writes(JdbcTemplate cfms) {
        return cfms.queryForObject("SELECT COUNT(*) FROM inbox_history", Long.class);
    }

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        try (PreparedStatement columns = connection.prepareStatement("SELECT COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            columns.setString(1, schema);
            columns.setString(2, table);
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    int index = rs.getInt(2) - 1;
                    switch (rs.getString(1).toLowerCase()) {
                        case "jail_code" -> jailCode = index;
                        case "admission_id" -> admissionId = index;
                        case "custody_status" -> status = index;
                        case "rabta_version" -> version = index;
                        case "rabta_hash" -> hash = index;
                        default -> {
                        }
                    }
                }
            }
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_history (jail_code, admission_id, custody_status,"
                + " rabta_version, rabta_hash) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, newRow[jailCode]);
            insert.setObject(2, newRow[admissionId]);
            insert.setObject(3, newRow[status]);
            insert.setObject(4, newRow[version]);
            insert.setObject(5, newRow[hash]);
            insert.executeUpdate();
        }
    }
}
