package pk.gov.punjab.rabta.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.support.OnIntendedDatabase;
import pk.gov.punjab.rabta.flows.FlowStats;

/** Changelog mode with the shipped DDL: inserts, updates and deletes reach the target in order. Subclasses choose the database. */
abstract class ChangelogCaptureContract implements OnIntendedDatabase {
    static final String ROUTES = "camel.main.routes-include-pattern=classpath:test-routes/pmis-admissions-changelog-to-cfms.camel.yaml";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FLOW = "pmis-admissions-changelog-to-cfms";

    @Autowired
    ConnectorRegistry connectors;

    @Autowired
    FlowStats stats;

    @Override
    public ConnectorRegistry connectorRegistry() {
        return connectors;
    }

    @Test
    void insertUpdateAndDeleteOfOneKeyArriveInOrderAndTheDeleteReachesTheTarget() throws Exception {
        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        try (Connection connection = connectors.dataSource("pmis-db").getConnection()) {
            CaptureGuaranteesContract.insertAdmissions(connection, 800_001, 1, Timestamp.from(Instant.now()));
        }
        await().atMost(WAIT).until(() -> inboxRow(800_001) != null);
        assertThat(inboxRow(800_001).get("custody_status")).isEqualTo("UNDER_TRIAL");

        pmis.update("UPDATE ADMSN SET PRSNR_STS = 'REL', REL_DT = '21/11/2026', REL_RSN = 'BAIL' WHERE ADM_ID = 800001");
        await().atMost(WAIT).until(() -> "RELEASED".equals(inboxRow(800_001).get("custody_status")));
        long updatedVersion = ((Number) inboxRow(800_001).get("rabta_version")).longValue();

        pmis.update("DELETE FROM ADMSN WHERE ADM_ID = 800001");
        await().atMost(WAIT).until(() -> inboxRow(800_001) == null);

        List<Map<String, Object>> changes = pmis.queryForList(
                "SELECT change_id, operation FROM rabta_changelog WHERE row_key = '800001' ORDER BY change_id");
        assertThat(changes).extracting(c -> c.get("operation").toString().trim()).containsExactly("I", "U", "D");
        // The target orders by change id: the released state carries the update's id (or the insert's, read late).
        assertThat(updatedVersion).isBetween(((Number) changes.get(0).get("change_id")).longValue(),
                ((Number) changes.get(1).get("change_id")).longValue());
        assertThat(stats.of(FLOW).delivered()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aKeyInsertedUpdatedAndDeletedBetweenTwoPollsLeavesNothingAtTheTarget() throws Exception {
        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        try (Connection connection = connectors.dataSource("pmis-db").getConnection()) {
            connection.setAutoCommit(false);
            CaptureGuaranteesContract.insertAdmissions(connection, 800_101, 2, Timestamp.from(Instant.now()));
            try (Statement st = connection.createStatement()) {
                st.executeUpdate("UPDATE ADMSN SET PRSNR_STS = 'REL' WHERE ADM_ID = 800101");
                st.executeUpdate("DELETE FROM ADMSN WHERE ADM_ID = 800101");
            }
            connection.commit();
        }
        await().atMost(WAIT).until(() -> inboxRow(800_102) != null);
        Thread.sleep(1_000);
        assertThat(inboxRow(800_101)).isNull();
        assertThat(pmis.queryForObject("SELECT COUNT(*) FROM rabta_changelog WHERE row_key = '800101'", Long.class)).isEqualTo(3);
    }

    private Map<String, Object> inboxRow(long admissionId) {
        List<Map<String, Object>> rows = new JdbcTemplate(connectors.dataSource("cfms-db"))
                .queryForList("SELECT * FROM pmis_custody_inbox WHERE admission_id = ?", admissionId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
