package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.cli.RabtaCli;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * Ten thousand dead letters replayed by a filter with `rabta dlq replay --all`: each is delivered once and the audit
 * log has a replay entry for each. The replay rate is printed for the record (and written to target/drills/). A
 * rate-limited replay keeps to its rate and shows its progress as it runs; a cancelled one stops early.
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

    @Autowired
    TestRestTemplate http;

    @Value("${local.server.port}")
    int port;

    @TempDir
    Path temp;

    @Test
    void tenThousandDeadLettersReplayedByAFilterAreEachDeliveredOnceAndAudited() throws Exception {
        DeadLetterMaker maker = new DeadLetterMaker(camel, producer, sender);
        InboxHistory.install(cfms());
        DeadLetterMaker.refuseRemands(cfms(), "refuses_bulk", FIRST, FIRST + LETTERS - 1);
        long deadLetteredBefore = deadLettered();
        maker.publishRemands(FIRST, LETTERS);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> deadLettered() == deadLetteredBefore + LETTERS);
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
        String rate = String.format(Locale.ROOT, "Bulk replay of %d dead letters: replayed in %.1f s (%.0f messages/s), all delivered after %.1f s"
                + " (%.0f messages/s)", LETTERS, replaySeconds, LETTERS / replaySeconds, deliveredSeconds, LETTERS / deliveredSeconds);
        System.out.println(rate);
        // CI prints this file, so the measured rate is seen with every run.
        Path drills = Files.createDirectories(Path.of("target", "drills"));
        Files.writeString(drills.resolve("BulkReplayTests.txt"), rate + System.lineSeparator());
    }

    @Test
    void aReplayLimitedToFiveMessagesASecondTakesAtLeastThreeSecondsForTwentyLettersAndShowsItsProgressAsItRuns() throws Exception {
        long first = 985_001;
        int letters = 20;
        makeLetters("refuses_rate", first, letters);

        long started = System.nanoTime();
        String job = startReplay("{\"filter\": {\"q\": \"refuses_rate\"}, \"ratePerSecond\": 5, \"reason\": \"CFMS asked for a gentle pace\"}");
        List<JsonNode> seen = new ArrayList<>();
        JsonNode done = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode now = operator().getForObject("/api/ops/replay-jobs/" + job, JsonNode.class);
            seen.add(now);
            return now;
        }, now -> !now.get("state").asText().matches("QUEUED|RUNNING"));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(done.get("state").asText()).isEqualTo("DONE");
        assertThat(done.get("total").asInt()).isEqualTo(letters);
        assertThat(done.get("replayed").asInt()).isEqualTo(letters);
        assertThat(done.get("ratePerSecond").asDouble()).isEqualTo(5.0);
        // 20 letters at 5 a second: the last goes out 3.8 s after the first. A lower bound only, with slack.
        assertThat(seconds).as("seconds for %d letters at 5/s", letters).isGreaterThanOrEqualTo(3.0);
        assertThat(Duration.between(Instant.parse(done.get("startedAt").asText()), Instant.parse(done.get("finishedAt").asText())).toMillis())
                .as("the job's own start to finish").isGreaterThanOrEqualTo(3_000);
        List<JsonNode> running = seen.stream().filter(now -> now.get("state").asText().equals("RUNNING")).toList();
        assertThat(running).as("progress polled while it ran").isNotEmpty();
        assertThat(running).allSatisfy(now -> {
            assertThat(now.get("total").asInt()).isEqualTo(letters);
            assertThat(now.get("startedAt").asText()).isNotEmpty();
            assertThat(now.get("finishedAt").isNull()).isTrue();
        });
        assertThat(running.stream().mapToInt(now -> now.get("replayed").asInt()))
                .as("some letters replayed and some still to go while it ran").anyMatch(replayed -> replayed > 0 && replayed < letters);
        assertThat(running.stream().mapToDouble(now -> now.get("rate").asDouble())).anyMatch(rate -> rate > 0 && rate <= 10);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).get("replayed").asInt()).as("progress never goes back").isGreaterThanOrEqualTo(seen.get(i - 1).get("replayed").asInt());
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> cfms().queryForObject(
                "SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", Long.class, first, first + letters - 1) == letters);
    }

    @Test
    void aCancelledReplayStopsEarlyLeavesTheRestOnTheQueueAndIsAuditedWithWhoCancelledIt() throws Exception {
        long first = 986_001;
        int letters = 30;
        makeLetters("refuses_cancel", first, letters);

        String job = startReplay("{\"filter\": {\"q\": \"refuses_cancel\"}, \"ratePerSecond\": 2, \"reason\": \"try the first few\"}");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> operator().getForObject("/api/ops/replay-jobs/" + job, JsonNode.class).get("replayed").asInt() >= 1);
        ResponseEntity<JsonNode> cancel = operator().postForEntity("/api/ops/replay-jobs/" + job + "/cancel",
                new HttpEntity<>("{\"reason\": \"enough for a check\"}", json()), JsonNode.class);
        assertThat(cancel.getStatusCode().value()).as("%s", cancel.getBody()).isEqualTo(200);
        JsonNode ended = await().atMost(Duration.ofMinutes(1)).until(() -> operator().getForObject("/api/ops/replay-jobs/" + job, JsonNode.class),
                now -> !now.get("state").asText().matches("QUEUED|RUNNING"));
        assertThat(ended.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(ended.get("cancelledBy").asText()).isEqualTo(TestUsers.OPERATOR_AND_APPROVER);
        int replayed = ended.get("replayed").asInt();
        assertThat(replayed).isBetween(1, letters - 1);
        assertThat(operator().getForObject("/api/ops/dead-letters?q=refuses_cancel", JsonNode.class).get("total").asInt())
                .as("the letters not replayed are still dead letters").isEqualTo(letters - replayed);
        await().atMost(Duration.ofMinutes(1)).until(() -> cfms().queryForObject(
                "SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", Long.class, first, first + letters - 1) == replayed);
        assertThat(state.queryForObject("SELECT actor || ' ' || reason FROM rabta_audit WHERE action = 'dead-letters.replay-cancelled' AND target = ?",
                String.class, job)).isEqualTo(TestUsers.OPERATOR_AND_APPROVER + " enough for a check");
        assertThat(state.queryForObject("SELECT details FROM rabta_audit WHERE action = 'dead-letters.replay-finished' AND target = ?", String.class, job))
                .contains("\"state\":\"CANCELLED\"").contains("\"replayed\":" + replayed);
        ResponseEntity<JsonNode> again = operator().postForEntity("/api/ops/replay-jobs/" + job + "/cancel", new HttpEntity<>("{}", json()), JsonNode.class);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody().get("error").asText()).contains("has already finished (CANCELLED)");
    }

    /** Dead letters for admissions first.., refused by a CFMS constraint of that name, which is then lifted. */
    private void makeLetters(String constraint, long first, int letters) throws Exception {
        DeadLetterMaker.refuseRemands(cfms(), constraint, first, first + letters - 1);
        new DeadLetterMaker(camel, producer, sender).publishRemands(first, letters);
        await().atMost(Duration.ofMinutes(1)).until(() -> operator().getForObject("/api/ops/dead-letters?q=" + constraint, JsonNode.class)
                .get("total").asInt() == letters);
        DeadLetterMaker.allow(cfms(), constraint);
    }

    private String startReplay(String request) {
        ResponseEntity<JsonNode> started = operator().postForEntity("/api/ops/dead-letters/replay", new HttpEntity<>(request, json()), JsonNode.class);
        assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(202);
        return started.getBody().get("id").asText();
    }

    /** The operator of these two tests, someone else than the one of the ten-thousand-letter replay it counts for. */
    private TestRestTemplate operator() {
        return http.withBasicAuth(TestUsers.OPERATOR_AND_APPROVER, TestUsers.PASSWORD);
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private long deadLettered() {
        return state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE action = 'message.dead-lettered'", Long.class);
    }

    private long inbox() {
        return cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", Long.class,
                FIRST, FIRST + LETTERS - 1);
    }
}
