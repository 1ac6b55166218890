package pk.gov.punjab.rabta.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;

/** The bus stopped and started again on the same data/ keeps its data and sends nothing twice. */
class RestartTests {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path data;

    @Test
    void aRestartKeepsTheDataAndDoesNotResendWhatWasDelivered() throws Exception {
        Map<String, Object> firstRun;
        long seededAdmissions;
        try (ConfigurableApplicationContext bus = start()) {
            JdbcTemplate pmis = jdbc(bus, "pmis-db");
            JdbcTemplate cfms = jdbc(bus, "cfms-db");
            seededAdmissions = pmis.queryForObject("SELECT COUNT(*) FROM ADMSN", Long.class);
            long seededHearings = cfms.queryForObject("SELECT COUNT(*) FROM hearing", Long.class);
            assertThat(seededAdmissions).isPositive();
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(cfms.queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class)).isEqualTo(seededAdmissions);
                assertThat(pmis.queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX", Long.class)).isEqualTo(seededHearings);
            });
            firstRun = receivedAt(cfms);
        }

        // While the bus is down, PMIS admits one more prisoner.
        try (Connection pmis = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("demo/pmis"), "sa", "");
             PreparedStatement insert = pmis.prepareStatement("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, SEX, CNIC_NO,"
                     + " DIST_CD, PS_CD, FIR_NO, FIR_YR, ADM_DT, PRSNR_STS, UPD_TS) VALUES (?, 'J001', 'J001/2026/777001', 'ALI RAZA', 'M',"
                     + " '35202-1234567-1', 'LHR', '001', '5', '2026', '27/11/2026', 'UTP', ?)")) {
            insert.setLong(1, 777001);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }

        try (ConfigurableApplicationContext bus = start()) {
            JdbcTemplate cfms = jdbc(bus, "cfms-db");
            await().atMost(WAIT).until(() -> cfms.queryForObject(
                    "SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id = 777001", Long.class) == 1);
            // Give the pollers a few more rounds to resend anything they were going to.
            Thread.sleep(2_000);

            Map<String, Object> secondRun = receivedAt(cfms);
            secondRun.remove("CJ-LHR:777001");
            assertThat(secondRun).isEqualTo(firstRun);
            FlowStats stats = bus.getBean(FlowStats.class);
            assertThat(stats.of("pmis-admissions-to-cfms").captured()).isEqualTo(1);
            assertThat(stats.of("pmis-admissions-to-cfms").delivered()).isEqualTo(1);
            assertThat(stats.of("cfms-hearings-to-pmis").captured()).isZero();
            assertThat(jdbc(bus, "pmis-db").queryForObject("SELECT COUNT(*) FROM ADMSN", Long.class)).isEqualTo(seededAdmissions + 1);
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments, as an operator would pass them: they outrank ./config/application.yaml.
        return new SpringApplicationBuilder(RabtaApplication.class).run(
                "--rabta.data-dir=" + data,
                "--server.port=0",
                "--rabta.bus.tcp.enabled=false",
                "--rabta.capture.poll-interval=200",
                "--rabta.demo.seed-cases=12",
                "--rabta.demo.activity-per-minute=0",
                "--rabta.demo.bad-record-percent=0",
                "--rabta.flow-log-interval=1h");
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext bus, String connector) {
        return new JdbcTemplate(bus.getBean(ConnectorRegistry.class).dataSource(connector));
    }

    private static Map<String, Object> receivedAt(JdbcTemplate cfms) {
        Map<String, Object> byKey = new TreeMap<>();
        List<Map<String, Object>> rows = cfms.queryForList("SELECT jail_code, admission_id, rabta_received_at FROM pmis_custody_inbox");
        rows.forEach(r -> byKey.put(r.get("jail_code") + ":" + r.get("admission_id"), r.get("rabta_received_at")));
        return byKey;
    }
}
