package pk.gov.punjab.rabta.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.deadletter.DeadLetterFilter;
import pk.gov.punjab.rabta.deadletter.DeadLetterOperations;
import pk.gov.punjab.rabta.demo.DemoSchemas;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.support.RealDatabases.Db;

/**
 * Where the fault drills run: PMIS on the machine's PostgreSQL (database rabta_drill_pmis), CFMS on its MariaDB
 * (rabta_drill_cfms), both created if absent and given fresh demo schemas, each reached by the bus through a
 * {@link TcpProxy} a drill can cut; and the drill's closing count, taken from the two databases.
 */
public final class DrillBed implements AutoCloseable {
    public static final String FLOW = "pmis-admissions-to-cfms";
    public static final Db PMIS = new Db(env("RABTA_DRILL_PG_URL", "jdbc:postgresql://127.0.0.1:5432/rabta_drill_pmis"),
            env("RABTA_TEST_PG_USER", "postgres"), env("RABTA_TEST_PG_PASSWORD", ""));
    public static final Db CFMS = new Db(env("RABTA_DRILL_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/rabta_drill_cfms"),
            env("RABTA_TEST_MARIADB_USER", "root"), env("RABTA_TEST_MARIADB_PASSWORD", ""));

    private final Path data;
    private final JdbcTemplate pmis;
    private final JdbcTemplate cfms;
    private final TcpProxy pmisProxy;
    private final TcpProxy cfmsProxy;

    /** Fresh schemas on both servers; the bus's own state and journal go under data. */
    public DrillBed(Path data) throws IOException {
        this.data = data;
        PMIS.createIfMissing();
        CFMS.createIfMissing();
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        DemoSchemas.reinstall(PMIS.dataSource(), DemoSchemas.PMIS, codes);
        cfms = new JdbcTemplate(CFMS.dataSource());
        cfms.execute("DROP TABLE IF EXISTS inbox_history");
        DemoSchemas.reinstall(CFMS.dataSource(), DemoSchemas.CFMS, codes);
        InboxHistory.install(cfms);
        pmis = new JdbcTemplate(PMIS.dataSource());
        pmisProxy = new TcpProxy(PMIS.host(), PMIS.port());
        cfmsProxy = new TcpProxy(CFMS.host(), CFMS.port());
    }

    /** The test's own view of PMIS, straight to the server: an outage is the bus's alone. */
    public JdbcTemplate pmis() {
        return pmis;
    }

    public JdbcTemplate cfms() {
        return cfms;
    }

    public TcpProxy pmisProxy() {
        return pmisProxy;
    }

    public TcpProxy cfmsProxy() {
        return cfmsProxy;
    }

    public Path data() {
        return data;
    }

    /** The bus's settings: both databases through their proxies, four consumers, quick polls and retries; extra settings replace or add to these. Its log goes to data/logs. */
    public List<String> busArguments(String... extra) {
        List<String> args = new ArrayList<>(List.of("--rabta.data-dir=" + data, "--server.port=0", "--rabta.bus.tcp.enabled=false",
                "--rabta.demo.enabled=false", "--rabta.capture.poll-interval=200", "--rabta.flow-log-interval=1h",
                "--rabta.bus.defaults.max-delivery-attempts=3", "--rabta.bus.defaults.redelivery-delay=100ms", "--rabta.bus.consumers=4",
                "--rabta.bus.unavailable-retry-max-delay=2s",
                // The alert rules read the whole register every minute: work of their own, apart from the flow drilled here.
                "--rabta.alerts.enabled=false"));
        args.addAll(RealDatabases.connectorArguments(PMIS.throughLocalPort(pmisProxy.port()), CFMS.throughLocalPort(cfmsProxy.port())));
        for (String setting : extra) {
            // A setting given twice reaches Spring as a list ("4,16"): an extra one replaces the default.
            String key = setting.substring(0, setting.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(setting);
        }
        return args;
    }

    public static ConfigurableApplicationContext startBus(List<String> args) {
        return new SpringApplicationBuilder(RabtaApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * Waits until the inbox holds every source row's current version but deadLettered of them and the flow has that
     * many letters; then counts source against target by key, version and content hash, writes the drill's line to
     * target/drills/DRILL.txt and asserts nothing was lost or written twice.
     */
    public DeliveryTally settleAndCheck(ConfigurableApplicationContext bus, Class<?> drill, long deadLettered, Duration atMost)
            throws Exception {
        DeadLetterOperations letters = bus.getBean(DeadLetterOperations.class);
        await().atMost(atMost).pollInterval(Duration.ofSeconds(2))
                // The cheap count first: comparing every version costs a read of both tables.
                .until(() -> inboxCount() >= sourceCount() - deadLettered && upToDate() == sourceCount() - deadLettered
                        && letters.find(DeadLetterFilter.all(FLOW)).size() == deadLettered);
        // Give redeliveries a moment to show up, were any going to.
        Thread.sleep(1_000);
        List<Map<String, Object>> found = letters.find(DeadLetterFilter.all(FLOW));
        // Counted by key, version and a content hash worked out afresh from each source row, not by the bus's word.
        DeliveryTally tally = DeliveryTally.ofAdmissions(pmis, cfms, ContentHashes.ofAdmissions(bus.getBean(MappingRegistry.class)), found)
                .report(drill);
        long captured = sourceCount();
        assertThat(tally.problems()).as("rows not in the inbox with their version and content hash").isEmpty();
        assertThat(tally.captured()).isEqualTo(captured);
        assertThat(tally.delivered()).isEqualTo(captured - deadLettered);
        assertThat(tally.deadLettered()).isEqualTo(deadLettered);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).as("no content written twice").isZero();
        assertThat(InboxHistory.versionsWrittenTwice(cfms)).as("no version written twice").isEmpty();
        return tally;
    }

    public long sourceCount() {
        return pmis.queryForObject("SELECT COUNT(*) FROM ADMSN", Long.class);
    }

    public long inboxCount() {
        return cfms.queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class);
    }

    /** Source rows whose current version the inbox holds. */
    public long upToDate() {
        Map<Long, Long> target = new HashMap<>();
        cfms.query("SELECT admission_id, rabta_version FROM pmis_custody_inbox", rs -> {
            target.put(rs.getLong(1), rs.getLong(2));
        });
        long[] matching = {0};
        pmis.query("SELECT ADM_ID, UPD_TS FROM ADMSN", rs -> {
            Long version = target.get(rs.getLong(1));
            Timestamp updated = rs.getTimestamp(2);
            if (version != null && version == updated.getTime()) {
                matching[0]++;
            }
        });
        return matching[0];
    }

    @Override
    public void close() throws IOException {
        pmisProxy.close();
        cfmsProxy.close();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
