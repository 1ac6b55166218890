package pk.gov.punjab.rabta.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.PrivateH2;

/** The capture guarantees on H2, and what a renamed column does to one flow and not the other. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = {"rabta.capture.batch-size=50", "rabta.capture.overlap=10s"})
@DirtiesContext
class H2CaptureTests extends CaptureGuaranteesContract {
    @org.springframework.beans.factory.annotation.Autowired
    CaptureComponent capture;

    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }

    @Override
    int backfillRows() {
        return 10_000;
    }

    @Test
    void reconciliationSendsWhatPollingMissedChangedOrDeletedBehindItsBack() throws Exception {
        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        // Committed with a timestamp far behind the checkpoint and outside the overlap window: polling never sees it.
        try (var connection = connectors.dataSource("pmis-db").getConnection()) {
            insertAdmissions(connection, 710_001, 1, Timestamp.from(Instant.now().minusSeconds(3600)));
        }
        Thread.sleep(1_000);
        assertThat(inbox(710_001)).isFalse();

        Reconciliation.Report first = capture.reconcile(FLOW);
        assertThat(first.neverSent()).isEqualTo(1);
        await().atMost(WAIT).until(() -> inbox(710_001));

        // Changed without a new timestamp.
        pmis.update("UPDATE ADMSN SET PRSNR_NM = 'ALI RAZA KHAN' WHERE ADM_ID = 710001");
        Reconciliation.Report second = capture.reconcile(FLOW);
        assertThat(second.changedUnseen()).isEqualTo(1);
        assertThat(second.neverSent()).isZero();
        await().atMost(WAIT).until(() -> "ALI RAZA KHAN".equals(new JdbcTemplate(connectors.dataSource("cfms-db"))
                .queryForObject("SELECT prisoner_name FROM pmis_custody_inbox WHERE admission_id = 710001", String.class)));

        // Deleted: a watermark cannot see a row that is gone.
        pmis.update("DELETE FROM ADMSN WHERE ADM_ID = 710001");
        Reconciliation.Report third = capture.reconcile(FLOW);
        assertThat(third.deletedUnseen()).isEqualTo(1);
        await().atMost(WAIT).until(() -> !inbox(710_001));

        Reconciliation.Report quiet = capture.reconcile(FLOW);
        assertThat(quiet.sent()).isZero();
    }

    @Test
    void aRenamedColumnTakesOnlyItsFlowDownNamingConnectorAndColumnAndItRecoversWhenFixed() throws Exception {
        JdbcTemplate cfms = new JdbcTemplate(connectors.dataSource("cfms-db"));
        cfms.execute("ALTER TABLE hearing ALTER COLUMN updated_at RENAME TO changed_at");
        try {
            await().atMost(WAIT).until(() -> stats.of("cfms-hearings-to-pmis").captureProblem() != null);
            assertThat(stats.of("cfms-hearings-to-pmis").captureProblem())
                    .contains("connector cfms-db").containsIgnoringCase("updated_at");

            // The other flow keeps running.
            try (var connection = connectors.dataSource("pmis-db").getConnection()) {
                insertAdmissions(connection, 700_001, 1, Timestamp.from(Instant.now()));
            }
            await().atMost(WAIT).until(() -> inbox(700_001));
        } finally {
            cfms.execute("ALTER TABLE hearing ALTER COLUMN changed_at RENAME TO updated_at");
        }
        await().atMost(WAIT).until(() -> stats.of("cfms-hearings-to-pmis").captureProblem() == null);
    }
}
