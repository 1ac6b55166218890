package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.deadletter.DeadLetterFilter;
import pk.gov.punjab.rabta.deadletter.DeadLetterOperations;
import pk.gov.punjab.rabta.demo.DemoSchemas;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.support.BusProcess;
import pk.gov.punjab.rabta.support.ContentHashes;
import pk.gov.punjab.rabta.support.DeliveryTally;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.PmisWriter;

/**
 * The bus, a process of its own, is killed with SIGKILL at a random moment five times in a row while PMIS keeps
 * admitting and releasing prisoners, and started again each time on the same data/: in the end the CFMS inbox equals
 * PMIS row for row, version for version and content hash for content hash, and no version was written twice.
 */
class CrashRestartTests {
    private static final String FLOW = "pmis-admissions-to-cfms";
    private static final int CRASHES = 5;
    private static final long FIRST = 4_000_001;

    @TempDir
    Path data;

    // Names of this test's own: in-memory databases are per JVM, and other tests use the plain names.
    private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);
    private Server server;

    @AfterEach
    void stopDatabases() {
        if (server != null) {
            new JdbcTemplate(pmis()).execute("SHUTDOWN");
            new JdbcTemplate(cfms()).execute("SHUTDOWN");
            server.stop();
        }
    }

    @Test
    void aBusKilledFiveTimesUnderASteadyFlowEndsWithTheTargetEqualToTheSourceAndNothingTwice() throws Exception {
        // Pass -Dcrash.seed=N to replay the kill moments of an earlier run.
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("crash test seed " + seed);
        Random random = new Random(seed);

        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        DemoSchemas.reinstall(pmis(), DemoSchemas.PMIS, codes);
        DemoSchemas.reinstall(cfms(), DemoSchemas.CFMS, codes);
        JdbcTemplate pmis = new JdbcTemplate(pmis());
        JdbcTemplate cfms = new JdbcTemplate(cfms());
        InboxHistory.install(cfms);
        List<String> args = List.of("--rabta.data-dir=" + data, "--server.port=0", "--rabta.bus.tcp.enabled=false",
                "--rabta.demo.enabled=false", "--rabta.connectors.pmis-db.url=" + url("pmis"),
                "--rabta.connectors.cfms-db.url=" + url("cfms"), "--rabta.capture.poll-interval=200",
                "--rabta.flow-log-interval=1h", "--rabta.bus.defaults.max-delivery-attempts=3",
                "--rabta.bus.defaults.redelivery-delay=100ms", "--rabta.bus.consumers=4");

        Instant began = Instant.now();
        PmisWriter writer = PmisWriter.steady(pmis(), FIRST, new Random(seed)).start();
        try {
            for (int crash = 1; crash <= CRASHES; crash++) {
                long writesBefore = InboxHistory.writes(cfms);
                Process bus = BusProcess.start(args, data.resolve("bus.log"));
                try {
                    await().atMost(Duration.ofMinutes(2)).until(() -> !bus.isAlive() || InboxHistory.writes(cfms) > writesBefore);
                    assertThat(bus.isAlive()).as("the bus process is running (log: %s)", data.resolve("bus.log")).isTrue();
                    long runFor = 2_000 + random.nextInt(6_001);
                    Thread.sleep(runFor);
                    System.out.printf("crash %d at %d s: SIGKILL after %d ms of delivery, %d inbox writes so far%n", crash,
                            Duration.between(began, Instant.now()).toSeconds(), runFor, InboxHistory.writes(cfms));
                } finally {
                    bus.destroyForcibly().waitFor();
                }
            }
        } finally {
            writer.stop();
        }

        try (ConfigurableApplicationContext bus = new SpringApplicationBuilder(RabtaApplication.class).run(args.toArray(String[]::new))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> targetVersions(cfms).equals(sourceVersions(pmis)));
            System.out.printf("target equal to the source at %d s%n", Duration.between(began, Instant.now()).toSeconds());
            // Give redeliveries a moment to show up, were any going to.
            Thread.sleep(1_000);

            List<Map<String, Object>> letters = bus.getBean(DeadLetterOperations.class).find(DeadLetterFilter.all(FLOW));
            // Counted by key, version and a content hash worked out afresh from each source row, not by the bus's word.
            DeliveryTally tally = DeliveryTally.ofAdmissions(pmis, cfms, ContentHashes.ofAdmissions(bus.getBean(MappingRegistry.class)),
                    letters).report(getClass());
            System.out.printf("releases %d, inbox writes %d%n", pmis.queryForObject("SELECT COUNT(*) FROM ADMSN WHERE PRSNR_STS = 'REL'",
                    Long.class), InboxHistory.writes(cfms));
            Map<Long, Map<String, Object>> inbox = new HashMap<>();
            for (Map<String, Object> row : cfms.queryForList("SELECT * FROM pmis_custody_inbox")) {
                assertThat(inbox.put(((Number) row.get("admission_id")).longValue(), row)).as("one row per admission").isNull();
            }
            ExpectedRows expected = new ExpectedRows(codes);
            List<Map<String, Object>> source = pmis.queryForList("SELECT * FROM ADMSN");
            for (Map<String, Object> admission : source) {
                long id = ((Number) admission.get("ADM_ID")).longValue();
                assertThat(inbox.get(id)).as("admission %d in the inbox", id).isNotNull();
                ExpectedRows.assertRowMatches(inbox.get(id), expected.custodyInboxRow(admission), "admission " + id);
            }
            assertThat(inbox).hasSameSizeAs(source);
            assertThat(tally.problems()).as("rows not in the inbox with their version and content hash").isEmpty();
            assertThat(tally.captured()).isEqualTo(source.size());
            assertThat(tally.delivered()).isEqualTo(source.size());
            assertThat(tally.lost()).isZero();
            assertThat(tally.duplicated()).as("no content written twice").isZero();
            assertThat(InboxHistory.versionsWrittenTwice(cfms)).as("no version written twice").isEmpty();
            assertThat(letters).as("nothing dead-lettered").isEmpty();
        }
    }

    private static Map<Long, Long> sourceVersions(JdbcTemplate pmis) {
        Map<Long, Long> versions = new HashMap<>();
        for (Map<String, Object> row : pmis.queryForList("SELECT ADM_ID, UPD_TS FROM ADMSN")) {
            versions.put(((Number) row.get("ADM_ID")).longValue(), ((Timestamp) row.get("UPD_TS")).getTime());
        }
        return versions;
    }

    private static Map<Long, Long> targetVersions(JdbcTemplate cfms) {
        Map<Long, Long> versions = new HashMap<>();
        for (Map<String, Object> row : cfms.queryForList("SELECT admission_id, rabta_version FROM pmis_custody_inbox")) {
            versions.put(((Number) row.get("admission_id")).longValue(), ((Number) row.get("rabta_version")).longValue());
        }
        return versions;
    }

    private String url(String database) {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + database + "-" + run + ";DB_CLOSE_DELAY=-1";
    }

    private DataSource pmis() {
        return new DriverManagerDataSource(url("pmis"), "sa", "");
    }

    private DataSource cfms() {
        return new DriverManagerDataSource(url("cfms"), "sa", "");
    }
}
