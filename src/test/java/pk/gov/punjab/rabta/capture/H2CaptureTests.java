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

    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }

    @Override
    int backfillRows() {
        return 10_000;
    }

    @Test
    void aValueTheDriverCannotReadDeadLettersItsRowAndCaptureGoesOn() throws Exception {
        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        pmis.execute("ALTER TABLE ADMSN ADD COLUMN PHOTO JAVA_OBJECT");
        try {
            try (var connection = connectors.dataSource("pmis-db").getConnection()) {
                insertAdmissions(connection, 720_001, 2, Timestamp.from(Instant.now()));
            }
            // Bytes that are no serialised Java object: reading the column fails in the driver.
            pmis.update("UPDATE ADMSN SET PHOTO = CAST(X'00010203' AS JAVA_OBJECT), UPD_TS = ? WHERE ADM_ID = 720001",
                    Timestamp.from(Instant.now()));
            try (var connection = connectors.dataSource("pmis-db").getConnection()) {
                insertAdmissions(connection, 720_003, 1, Timestamp.from(Instant.now().plusMillis(10)));
            }
            await().atMost(WAIT).until(() -> inbox(720_002) && inbox(720_003));
            await().atMost(WAIT).until(() -> stats.of(FLOW).lastError() != null && stats.of(FLOW).lastError().contains("PHOTO"));
            assertThat(stats.of(FLOW).lastError()).contains("VALIDATION").contains("could not read column PHOTO");
        } finally {
            pmis.execute("ALTER TABLE ADMSN DROP COLUMN PHOTO");
        }
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

    @Override
    public String expectedDatabase() {
        return "H2";
    }
}
