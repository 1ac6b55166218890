package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.cli.RabtaCli;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * Ten thousand dead letters replayed by a filter with `rabta dlq replay --all`: each is delivered once and the audit
 * log has a replay entry for each. The replay rate is printed for the record.
 */
@TestPropertySource(properties = {"rabta.bus.defaults.max-delivery-attempts=1", "rabta.bus.consumers=4"})
class BulkReplayTests extends BusTestSupport {
    private static final int LETTERS = 10_000;
    private static final long FIRST = 970_001;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BusSender sender;

    @Autowired
    JdbcTemplate state;

    @Value("${local.server.port}")
    int port;

    @TempDir
    Path temp;

    @Test
    void tenThousandDeadLettersReplayedByAFilterAreEachDeliveredOnceAndAudited() throws Exception {
        DeadLetterMaker maker = new DeadLetterMaker(camel, producer, sender);
        InboxHistory.install(cfms());
        DeadLetterMaker.refuseRemands(cfms(), "refuses_bulk", FIRST, FIRST + LETTERS - 1);
        maker.publishRemands(FIRST, LETTERS);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> state.queryForObject(
                "SELECT COUNT(*) FROM rabta_audit WHERE action = 'message.dead-lettered'", Long.class) == LETTERS);
        assertThat(inbox()).isZero();
        DeadLetterMaker.allow(cfms(), "refuses_bulk");

        Path password = Files.writeString(temp.resolve("password"), TestUsers.PASSWORD);
        StringWriter out = new StringWriter();
        long started = System.nanoTime();
        int exit = RabtaCli.run(new String[] {"dlq", "replay", "--all", "--flow", DeadLetterMaker.FLOW, "--reason", "TARGET_REJECTED",
                "--text", "refuses_bulk", "--rate", "0", "--why", "CFMS constraint fixed", "--url", "http://127.0.0.1:" + port,
                "--user", TestUsers.OPERATOR, "--password-file", password.toString()}, new PrintWriter(out, true), new PrintWriter(out, true));
        double replaySeconds = (System.nanoTime() - started) / 1e9;
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("DONE: " + LETTERS + " replayed, 0 failed");

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> inbox() == LETTERS);
        double deliveredSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(cfms().queryForObject("SELECT COUNT(*) FROM inbox_history WHERE admission_id BETWEEN ? AND ?", Long.class,
                FIRST, FIRST + LETTERS - 1)).as("each delivered once").isEqualTo(LETTERS);
        assertThat(state.queryForObject("SELECT COUNT(DISTINCT target) FROM rabta_audit WHERE action = 'dead-letter.replayed' AND actor = ?",
                Long.class, TestUsers.OPERATOR)).isEqualTo(LETTERS);
        await().atMost(Duration.ofMinutes(1)).until(() -> state.queryForObject(
                "SELECT COUNT(DISTINCT target) FROM rabta_audit WHERE action = 'message.delivered' AND target BETWEEN ? AND ?", Long.class,
                DeadLetterMaker.FLOW + "/" + DeadLetterMaker.entityKey(FIRST), DeadLetterMaker.FLOW + "/" + DeadLetterMaker.entityKey(FIRST + LETTERS - 1))
                == LETTERS);
        System.out.printf("Bulk replay of %d dead letters: replayed in %.1f s (%.0f messages/s), all delivered after %.1f s (%.0f messages/s)%n",
                LETTERS, replaySeconds, LETTERS / replaySeconds, deliveredSeconds, LETTERS / deliveredSeconds);
    }

    private long inbox() {
        return cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", Long.class,
                FIRST, FIRST + LETTERS - 1);
    }
}
