package pk.gov.punjab.rabta.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.support.ExpectedRows;

/**
 * The bus runs as a process of its own and is killed (SIGKILL) in the middle of a backfill, then started again on the
 * same data/: the target ends equal to the source, each row once. Subclasses choose the databases.
 */
abstract class HardStopContract {
    private static final long FIRST = 2_000_001;

    @TempDir
    Path data;

    /** Installs fresh PMIS and CFMS schemas and returns the connector arguments pointing at them. */
    abstract List<String> prepareDatabases();

    abstract DataSource pmis();

    abstract DataSource cfms();

    /** How many rows the backfill holds when the bus is killed. */
    int rows() {
        return 20_000;
    }

    @Test
    void aBusKilledInTheMiddleOfABatchAndRestartedLosesAndDuplicatesNothing() throws Exception {
        int rows = rows();
        List<String> args = new ArrayList<>(prepareDatabases());
        args.addAll(List.of("--rabta.data-dir=" + data, "--server.port=0", "--rabta.bus.tcp.enabled=false",
                "--rabta.demo.enabled=false", "--rabta.capture.poll-interval=200", "--rabta.flow-log-interval=1h"));
        try (Connection connection = pmis().getConnection()) {
            connection.setAutoCommit(false);
            for (int done = 0; done < rows; done += 5_000) {
                CaptureGuaranteesContract.insertAdmissions(connection, FIRST + done, 5_000, Timestamp.from(Instant.now()));
                connection.commit();
            }
        }

        Process bus = startProcess(args);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> !bus.isAlive() || delivered() > 3_000);
            assertThat(bus.isAlive()).as("the bus process is running (log: %s)", data.resolve("bus.log")).isTrue();
        } finally {
            bus.destroyForcibly().waitFor();
        }
        long atKill = delivered();
        assertThat(atKill).isLessThan(rows);

        try (ConfigurableApplicationContext again = new SpringApplicationBuilder(RabtaApplication.class).run(args.toArray(String[]::new))) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> delivered() == rows);
            Thread.sleep(1_000);
            assertThat(delivered()).isEqualTo(rows);
        }
        Map<Long, Map<String, Object>> target = new HashMap<>();
        for (Map<String, Object> row : new JdbcTemplate(cfms()).queryForList("SELECT * FROM pmis_custody_inbox")) {
            assertThat(target.put(((Number) row.get("admission_id")).longValue(), row)).as("one row per admission").isNull();
        }
        ExpectedRows expected = new ExpectedRows(new CodeTables(Path.of("config/codes")));
        for (Map<String, Object> source : new JdbcTemplate(pmis()).queryForList("SELECT * FROM ADMSN")) {
            ExpectedRows.assertRowMatches(target.get(((Number) source.get("ADM_ID")).longValue()), expected.custodyInboxRow(source),
                    "admission " + source.get("ADM_ID"));
        }
    }

    private long delivered() {
        return new JdbcTemplate(cfms()).queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class);
    }

    private Process startProcess(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RabtaApplication.class.getName());
        command.addAll(args);
        File log = data.resolve("bus.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }
}
