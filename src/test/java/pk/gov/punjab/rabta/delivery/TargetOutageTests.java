package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.capture.CaptureGuaranteesContract;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.deadletter.DeadLetterFilter;
import pk.gov.punjab.rabta.deadletter.DeadLetterOperations;
import pk.gov.punjab.rabta.demo.DemoSchemas;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.TcpProxy;

/**
 * The CFMS database goes away for 30 seconds while PMIS keeps admitting prisoners and four consumers deliver: the
 * records wait, health shows the target down, nothing is dead-lettered, and when CFMS is back every record arrives
 * once, unchanged.
 */
class TargetOutageTests {
    private static final String FLOW = "pmis-admissions-to-cfms";
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final long FIRST = 3_000_001;

    @TempDir
    Path data;

    // Names of this test's own: in-memory databases are per JVM, and other tests use the plain names.
    private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);
    private Server server;
    private TcpProxy cfmsProxy;

    @AfterEach
    void stopDatabases() throws Exception {
        if (cfmsProxy != null) {
            cfmsProxy.close();
        }
        if (server != null) {
            new JdbcTemplate(pmis()).execute("SHUTDOWN");
            new JdbcTemplate(cfms()).execute("SHUTDOWN");
            server.stop();
        }
    }

    @Test
    void aTargetDownForThirtySecondsUnderLoadGetsEveryRecordOnceAndNoneDeadLettered() throws Exception {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        cfmsProxy = new TcpProxy("127.0.0.1", server.getPort());
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        DemoSchemas.reinstall(pmis(), DemoSchemas.PMIS, codes);
        DemoSchemas.reinstall(cfms(), DemoSchemas.CFMS, codes);
        JdbcTemplate cfms = new JdbcTemplate(cfms());
        JdbcTemplate pmis = new JdbcTemplate(pmis());
        InboxHistory.install(cfms);

        Writer writer = new Writer(pmis());
        try (ConfigurableApplicationContext bus = new SpringApplicationBuilder(RabtaApplication.class).run(
                "--rabta.data-dir=" + data, "--server.port=0", "--rabta.bus.tcp.enabled=false", "--rabta.demo.enabled=false",
                "--rabta.connectors.pmis-db.url=" + url(server.getPort(), "pmis"),
                "--rabta.connectors.cfms-db.url=" + url(cfmsProxy.port(), "cfms"),
                "--rabta.capture.poll-interval=200", "--rabta.flow-log-interval=1h",
                "--rabta.bus.defaults.max-delivery-attempts=3", "--rabta.bus.defaults.redelivery-delay=100ms", "--rabta.bus.consumers=4",
                "--rabta.bus.unavailable-retry-max-delay=2s")) {
            TargetCircuits targets = bus.getBean(TargetCircuits.class);
            DeadLetterOperations deadLetters = bus.getBean(DeadLetterOperations.class);
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> inboxCount(cfms) >= 200);

            cfmsProxy.cut();
            Instant cutAt = Instant.now();
            long deliveredAtCut = inboxCount(cfms);
            await().atMost(Duration.ofSeconds(20)).until(() -> targets.health().getStatus().equals(Status.DOWN));
            System.out.printf("target cut with %d records delivered; health DOWN after %d ms%n", deliveredAtCut,
                    Duration.between(cutAt, Instant.now()).toMillis());
            while (Instant.now().isBefore(cutAt.plus(OUTAGE))) {
                assertThat(deadLetters.find(DeadLetterFilter.all(FLOW))).as("a down target fills no dead-letter queue").isEmpty();
                Thread.sleep(1_000);
            }
            assertThat(targets.health().getStatus()).isEqualTo(Status.DOWN);
            long backlog = pmis.queryForObject("SELECT COUNT(*) FROM ADMSN", Long.class) - deliveredAtCut;
            cfmsProxy.restore();
            writer.stop();

            long captured = pmis.queryForObject("SELECT COUNT(*) FROM ADMSN", Long.class);
            Instant restoredAt = Instant.now();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> inboxCount(cfms) == captured);
            System.out.printf("backlog of about %d records drained in %d ms after the target came back%n", backlog,
                    Duration.between(restoredAt, Instant.now()).toMillis());
            // Give redeliveries a moment to show up, were any going to.
            Thread.sleep(1_000);

            List<Map<String, Object>> letters = deadLetters.find(DeadLetterFilter.all(FLOW));
            List<Map<String, Object>> writtenTwice = InboxHistory.versionsWrittenTwice(cfms);
            Map<Long, Map<String, Object>> inbox = new HashMap<>();
            for (Map<String, Object> row : cfms.queryForList("SELECT * FROM pmis_custody_inbox")) {
                assertThat(inbox.put(((Number) row.get("admission_id")).longValue(), row)).as("one row per admission").isNull();
            }
            ExpectedRows expected = new ExpectedRows(codes);
            long lost = 0;
            for (Map<String, Object> source : pmis.queryForList("SELECT * FROM ADMSN")) {
                long id = ((Number) source.get("ADM_ID")).longValue();
                if (inbox.get(id) == null) {
                    lost++;
                    continue;
                }
                ExpectedRows.assertRowMatches(inbox.get(id), expected.custodyInboxRow(source), "admission " + id);
            }
            System.out.printf("captured %d, delivered %d, dead-lettered %d, lost %d, duplicated %d%n",
                    captured, inbox.size(), letters.size(), lost, writtenTwice.size());
            assertThat(lost).isZero();
            assertThat(letters).isEmpty();
            assertThat(writtenTwice).as("no version written twice").isEmpty();
            assertThat(InboxHistory.writes(cfms)).as("each record written once").isEqualTo(captured);
            assertThat(targets.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            writer.stop();
        }
    }

    private static long inboxCount(JdbcTemplate cfms) {
        return cfms.queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class);
    }

    private String url(int port, String database) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + database + "-" + run + ";DB_CLOSE_DELAY=-1";
    }

    private DataSource pmis() {
        return new DriverManagerDataSource(url(server.getPort(), "pmis"), "sa", "");
    }

    /** The test's own view of CFMS, straight to the server: the outage is the bus's alone. */
    private DataSource cfms() {
        return new DriverManagerDataSource(url(server.getPort(), "cfms"), "sa", "");
    }

    /** PMIS admitting 20 prisoners every 100 ms, as a steady load, until stopped. */
    private static final class Writer {
        private final DataSource pmis;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private Thread thread;

        Writer(DataSource pmis) {
            this.pmis = pmis;
        }

        void start() {
            thread = new Thread(() -> {
                try (Connection connection = pmis.getConnection()) {
                    for (long next = FIRST; running.get(); next += 20) {
                        CaptureGuaranteesContract.insertAdmissions(connection, next, 20, Timestamp.from(Instant.now()));
                        TimeUnit.MILLISECONDS.sleep(100);
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "pmis-writer");
            thread.start();
        }

        void stop() throws Exception {
            running.set(false);
            if (thread != null) {
                thread.join();
            }
            assertThat(failure.get()).as("the PMIS writer ran without error").isNull();
        }
    }
}
