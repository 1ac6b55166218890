package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.capture.CaptureGuaranteesContract;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.deadletter.DeadLetterFilter;
import pk.gov.punjab.rabta.deadletter.DeadLetterOperations;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.support.ContentHashes;
import pk.gov.punjab.rabta.support.DeliveryTally;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.TcpProxy;

/**
 * The CFMS database goes away for 30 seconds (or a subclass's outage) while PMIS keeps admitting prisoners and four consumers deliver: the
 * records wait, health shows the target down, nothing is dead-lettered, and when CFMS is back every record arrives
 * once, unchanged; the bus reaches CFMS through a {@link TcpProxy} that is cut, and subclasses choose the databases.
 */
public abstract class TargetOutageContract {
    static final String FLOW = "pmis-admissions-to-cfms";
    static final long FIRST = 3_000_001;

    @TempDir
    Path data;

    private TcpProxy cfmsProxy;

    /** How long the target stays away. */
    Duration outage() {
        return Duration.ofSeconds(30);
    }

    /** Starts the database servers if the test runs its own, and installs fresh demo PMIS and CFMS schemas. */
    abstract void startDatabases() throws Exception;

    abstract void stopDatabases() throws Exception;

    /** The test's own view of PMIS. */
    abstract DataSource pmis();

    /** The test's own view of CFMS, straight to the server: the outage is the bus's alone. */
    abstract DataSource cfms();

    abstract String cfmsHost();

    abstract int cfmsPort();

    /** The bus's settings for both connectors, CFMS reached through the given local port. */
    abstract List<String> connectorArguments(int cfmsProxyPort);

    @AfterEach
    void stopProxyAndDatabases() throws Exception {
        if (cfmsProxy != null) {
            cfmsProxy.close();
        }
        stopDatabases();
    }

    @Test
    void aTargetDownUnderLoadGetsEveryRecordOnceAndNoneDeadLettered() throws Exception {
        startDatabases();
        cfmsProxy = new TcpProxy(cfmsHost(), cfmsPort());
        JdbcTemplate cfms = new JdbcTemplate(cfms());
        JdbcTemplate pmis = new JdbcTemplate(pmis());
        InboxHistory.install(cfms);

        List<String> args = new ArrayList<>(List.of("--rabta.data-dir=" + data, "--server.port=0", "--rabta.bus.tcp.enabled=false",
                "--rabta.demo.enabled=false", "--rabta.capture.poll-interval=200", "--rabta.flow-log-interval=1h",
                "--rabta.bus.defaults.max-delivery-attempts=3", "--rabta.bus.defaults.redelivery-delay=100ms", "--rabta.bus.consumers=4",
                "--rabta.bus.unavailable-retry-max-delay=2s"));
        args.addAll(connectorArguments(cfmsProxy.port()));
        Writer writer = new Writer(pmis());
        try (ConfigurableApplicationContext bus = new SpringApplicationBuilder(RabtaApplication.class).run(args.toArray(String[]::new))) {
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
            while (Instant.now().isBefore(cutAt.plus(outage()))) {
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
            DeliveryTally tally = DeliveryTally.ofAdmissions(pmis, cfms, ContentHashes.ofAdmissions(bus.getBean(MappingRegistry.class)),
                    letters).report(getClass());
            Map<Long, Map<String, Object>> inbox = new HashMap<>();
            for (Map<String, Object> row : cfms.queryForList("SELECT * FROM pmis_custody_inbox")) {
                assertThat(inbox.put(((Number) row.get("admission_id")).longValue(), row)).as("one row per admission").isNull();
            }
            ExpectedRows expected = new ExpectedRows(bus.getBean(CodeTables.class));
            for (Map<String, Object> source : pmis.queryForList("SELECT * FROM ADMSN")) {
                long id = ((Number) source.get("ADM_ID")).longValue();
                assertThat(inbox.get(id)).as("admission %d in the inbox", id).isNotNull();
                ExpectedRows.assertRowMatches(inbox.get(id), expected.custodyInboxRow(source), "admission " + id);
            }
            assertThat(tally.problems()).as("rows not in the inbox with their version and content hash").isEmpty();
            assertThat(tally.captured()).isEqualTo(captured);
            assertThat(tally.delivered()).isEqualTo(captured);
            assertThat(tally.lost()).isZero();
            assertThat(tally.deadLettered()).isZero();
            assertThat(tally.duplicated()).as("no content written twice").isZero();
            assertThat(InboxHistory.versionsWrittenTwice(cfms)).as("no version written twice").isEmpty();
            assertThat(InboxHistory.writes(cfms)).as("each record written once").isEqualTo(captured);
            assertThat(targets.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            writer.stop();
        }
    }

    private static long inboxCount(JdbcTemplate cfms) {
        return cfms.queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class);
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
