package pk.gov.punjab.rabta.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;

import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records, in the H2 demo PMIS, every write to the court production inbox, so a test can see none was written twice. */
public class ProductionInboxHistory implements Trigger {
    public static void install(JdbcTemplate pmis) {
        pmis.execute("CREATE TABLE IF NOT EXISTS production_history (seq BIGINT AUTO_INCREMENT PRIMARY KEY, fir_key VARCHAR(40), hrg_dt VARCHAR(10))");
        pmis.execute("CREATE TRIGGER IF NOT EXISTS production_history_writes AFTER INSERT, UPDATE ON CRT_PROD_INBX FOR EACH ROW CALL \""
                + ProductionInboxHistory.class.getName() + "\"");
    }

    public static long writes(JdbcTemplate pmis, String firKey, String hearingDate) {
        return pmis.queryForObject("SELECT COUNT(*) FROM production_history WHERE fir_key = ? AND hrg_dt = ?", Long.class, firKey, hearingDate);
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
        // FIR_KEY and HRG_DT are the table's first two columns.
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO production_history (fir_key, hrg_dt) VALUES (?, ?)")) {
            insert.setObject(1, newRow[0]);
            insert.setObject(2, newRow[1]);
            insert.executeUpdate();
        }
    }
}
