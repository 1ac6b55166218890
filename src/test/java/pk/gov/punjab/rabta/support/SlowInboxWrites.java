package pk.gov.punjab.rabta.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes every write of a judicial-remand row to the CFMS custody inbox take a while (a BEFORE trigger that sleeps, on
 * H2 or PostgreSQL), so a later version of the same prisoner handed to another consumer would overtake it.
 */
public class SlowInboxWrites implements Trigger {
    private static volatile long delayMillis;
    private int status;

    public static void install(JdbcTemplate cfms, Duration delay) {
        if (DatabaseProduct.isPostgresql(cfms)) {
            cfms.execute("CREATE OR REPLACE FUNCTION inbox_slow_remand() RETURNS trigger AS $$ BEGIN"
                    + " IF NEW.custody_status = 'JUDICIAL_REMAND' THEN PERFORM pg_sleep(" + delay.toMillis() / 1000.0 + "); END IF;"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql");
            cfms.execute("DROP TRIGGER IF EXISTS inbox_slow_remands ON pmis_custody_inbox");
            cfms.execute("CREATE TRIGGER inbox_slow_remands BEFORE INSERT OR UPDATE ON pmis_custody_inbox"
                    + " FOR EACH ROW EXECUTE FUNCTION inbox_slow_remand()");
            return;
        }
        delayMillis = delay.toMillis();
        cfms.execute("CREATE TRIGGER IF NOT EXISTS inbox_slow_remands BEFORE INSERT, UPDATE ON pmis_custody_inbox FOR EACH ROW CALL \""
                + SlowInboxWrites.class.getName() + "\"");
    }

    public static void remove(JdbcTemplate cfms) {
        cfms.execute(DatabaseProduct.isPostgresql(cfms) ? "DROP TRIGGER IF EXISTS inbox_slow_remands ON pmis_custody_inbox"
                : "DROP TRIGGER IF EXISTS inbox_slow_remands");
    }

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        try (PreparedStatement column = connection.prepareStatement("SELECT ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND LOWER(COLUMN_NAME) = 'custody_status'")) {
            column.setString(1, schema);
            column.setString(2, table);
            try (ResultSet rs = column.executeQuery()) {
                rs.next();
                status = rs.getInt(1) - 1;
            }
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if ("JUDICIAL_REMAND".equals(newRow[status])) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while slowing a write down", e);
            }
        }
    }
}
