package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import pk.gov.punjab.rabta.audit.AppendOnlyAudit;
import pk.gov.punjab.rabta.support.RealDatabases;

/** On PostgreSQL, the state database of production, the audit table refuses UPDATE, DELETE and TRUNCATE once the bus has started. */
@Tag("real-db")
class AuditAppendOnlyOnPostgresqlTests {
    private static final String SCHEMA = "rabta_append_only_test";

    private SingleConnectionDataSource connection;
    private JdbcTemplate state;

    @BeforeEach
    void aSchemaOfItsOwn() throws Exception {
        Connection raw = RealDatabases.POSTGRESQL.dataSource().getConnection();
        connection = new SingleConnectionDataSource(raw, true);
        state = new JdbcTemplate(connection);
        state.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        state.execute("CREATE SCHEMA " + SCHEMA);
        state.execute("SET search_path TO " + SCHEMA);
        state.execute("CREATE TABLE rabta_audit (seq BIGINT NOT NULL PRIMARY KEY, actor VARCHAR(100) NOT NULL)");
    }

    @AfterEach
    void dropIt() {
        state.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        connection.destroy();
    }

    @Test
    void theTriggerRefusesEveryChangeButNotAnInsertAndOnlyDroppingItLetsAChangeThrough() {
        assertThat(AppendOnlyAudit.install(state)).isTrue();
        assertThat(AppendOnlyAudit.install(state)).as("installing again at the next start").isTrue();
        state.update("INSERT INTO rabta_audit (seq, actor) VALUES (1, 'olga'), (2, 'omar')");

        assertThatThrownBy(() -> state.update("UPDATE rabta_audit SET actor = 'someone-else' WHERE seq = 1"))
                .hasStackTraceContaining("rabta_audit is append-only").hasStackTraceContaining("UPDATE refused");
        assertThatThrownBy(() -> state.update("DELETE FROM rabta_audit WHERE seq = 2")).hasStackTraceContaining("DELETE refused");
        assertThatThrownBy(() -> state.execute("TRUNCATE rabta_audit")).hasStackTraceContaining("TRUNCATE refused");
        assertThat(state.queryForList("SELECT actor FROM rabta_audit ORDER BY seq", String.class)).containsExactly("olga", "omar");

        state.execute("DROP TRIGGER " + AppendOnlyAudit.TRIGGER + " ON rabta_audit");
        state.update("UPDATE rabta_audit SET actor = 'someone-else' WHERE seq = 1");
        assertThat(state.queryForObject("SELECT actor FROM rabta_audit WHERE seq = 1", String.class)).isEqualTo("someone-else");
        assertThat(AppendOnlyAudit.install(state)).isTrue();
        assertThatThrownBy(() -> state.update("DELETE FROM rabta_audit")).hasStackTraceContaining("append-only");
    }
}
