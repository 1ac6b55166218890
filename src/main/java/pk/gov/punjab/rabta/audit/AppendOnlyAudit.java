package pk.gov.punjab.rabta.audit;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes rabta_audit append-only in the database itself where the bus can (H2, PostgreSQL): a trigger refuses every
 * UPDATE and DELETE, and on PostgreSQL TRUNCATE, so only someone with the right to drop the trigger can still change a
 * row, which the hash chain then shows.
 */
public final class AppendOnlyAudit {
    /** The trigger's name, the same on every database. */
    public static final String TRIGGER = "rabta_audit_append_only";
    private static final String REFUSAL = "rabta_audit is append-only: rows are never changed or deleted";
    private static final Logger log = LoggerFactory.getLogger(AppendOnlyAudit.class);

    private AppendOnlyAudit() {
    }

    /** Installs the trigger if it is not there; whether the table is now append-only in the database. */
    public static boolean install(JdbcTemplate state) {
        String product;
        try {
            product = state.execute((Connection connection) -> connection.getMetaData().getDatabaseProductName());
        } catch (DataAccessException e) {
            log.warn("Cannot tell which database holds rabta_audit, so it is not made append-only there: {}", e.getMessage());
            return false;
        }
        try {
            switch (product == null ? "" : product) {
                case "H2" -> state.execute("CREATE TRIGGER IF NOT EXISTS " + TRIGGER + " BEFORE UPDATE, DELETE ON rabta_audit FOR EACH ROW CALL \""
                        + H2Refusal.class.getName() + "\"");
                case "PostgreSQL" -> installOnPostgresql(state);
                default -> {
                    log.warn("rabta_audit on {} is not made append-only by a trigger; the hash chain still shows a changed or deleted row", product);
                    return false;
                }
            }
            return true;
        } catch (DataAccessException e) {
            log.warn("Cannot make rabta_audit append-only on {} (the bus's database user may lack the right to create triggers);"
                    + " the hash chain still shows a changed or deleted row: {}", product, e.getMostSpecificCause().getMessage());
            return false;
        }
    }

    private static void installOnPostgresql(JdbcTemplate state) {
        state.execute("CREATE OR REPLACE FUNCTION rabta_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION '" + REFUSAL + " (% refused)', TG_OP USING ERRCODE = 'triggered_data_change_violation'; END $$");
        Integer present = state.queryForObject("SELECT COUNT(*) FROM pg_trigger WHERE tgname = ? AND tgrelid = to_regclass('rabta_audit')",
                Integer.class, TRIGGER);
        if (present == null || present == 0) {
            state.execute("CREATE TRIGGER " + TRIGGER + " BEFORE UPDATE OR DELETE ON rabta_audit FOR EACH ROW EXECUTE FUNCTION rabta_audit_refuse_change()");
        }
        Integer truncate = state.queryForObject("SELECT COUNT(*) FROM pg_trigger WHERE tgname = ? AND tgrelid = to_regclass('rabta_audit')",
                Integer.class, TRIGGER + "_truncate");
        if (truncate == null || truncate == 0) {
            state.execute("CREATE TRIGGER " + TRIGGER + "_truncate BEFORE TRUNCATE ON rabta_audit FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION rabta_audit_refuse_change()");
        }
    }

    /** The H2 trigger: refuses the change it is called for, as SQL's "triggered data change violation". */
    public static final class H2Refusal implements Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            throw new SQLException(REFUSAL + " (" + (newRow == null ? "DELETE" : "UPDATE") + " of row " + oldRow[0] + " refused)", "27000");
        }
    }
}
