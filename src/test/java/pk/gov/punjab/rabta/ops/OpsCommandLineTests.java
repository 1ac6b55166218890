package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;

import pk.gov.punjab.rabta.audit.AppendOnlyAudit;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.cli.RabtaCli;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * rabta dlq, flows and audit against a running bus, with the exit codes scripts rely on: list, show, export, discard,
 * replay of one letter and of a selection, bulk replay jobs and their cancel, edits, purge, pause and resume, the
 * audit log, and --help on every command of the tree.
 */
@TestPropertySource(properties = "rabta.bus.defaults.max-delivery-attempts=1")
class OpsCommandLineTests extends BusTestSupport {
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

    private record Run(int exit, String output) {
    }

    @Test
    void anOperatorListsShowsExportsAndDiscardsADeadLetterAndVerifiesTheAuditLog() throws Exception {
        long admission = 990_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_990001", admission, admission);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 1);
        String key = DeadLetterMaker.entityKey(admission);
        Run list = await().atMost(Duration.ofSeconds(60)).until(() -> rabta(TestUsers.OPERATOR, "dlq", "list", "--entity-key", key),
                run -> run.output().contains(key));
        assertThat(list.exit()).isZero();
        assertThat(list.output()).contains("TARGET_REJECTED").contains("1 of 1 dead letter(s)");
        String id = list.output().lines().filter(line -> line.contains(key)).findFirst().orElseThrow().split("\\s+")[0];

        Run show = rabta(TestUsers.OPERATOR, "dlq", "show", DeadLetterMaker.FLOW, id);
        assertThat(show.exit()).isZero();
        assertThat(show.output()).contains("\"deadLetterId\" : \"" + id + "\"").contains("\"cnic\" : \"3520209900011\"");
        assertThat(rabta(TestUsers.VIEWER, "dlq", "show", DeadLetterMaker.FLOW, id).output()).contains("\"cnic\" : \"352*********1\"");

        Path csv = temp.resolve("letters.csv");
        assertThat(rabta(TestUsers.VIEWER, "dlq", "export", "--format", "csv", "--entity-key", key, "-o", csv.toString()).exit()).isZero();
        // One record after the header; the quoted failure message may span lines, as CSV allows.
        assertThat(Files.readString(csv)).startsWith("deadLetterId,flow,reason,").containsOnlyOnce("\r\n" + id + ",")
                .contains("\r\n" + id + "," + DeadLetterMaker.FLOW + ",TARGET_REJECTED,");

        Run refused = rabta(TestUsers.VIEWER, "dlq", "discard", DeadLetterMaker.FLOW, id, "--why", "duplicate");
        assertThat(refused.exit()).as("a viewer may not discard").isEqualTo(3);
        assertThat(refused.output()).contains("User 'vera' may not do this");
        Run unknown = rabta(TestUsers.OPERATOR, "dlq", "discard", DeadLetterMaker.FLOW, "0000-ffff", "--why", "duplicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("no dead letter '0000-ffff'");
        Run discarded = rabta(TestUsers.OPERATOR, "dlq", "discard", DeadLetterMaker.FLOW, id, "--why", "entered twice in PMIS");
        assertThat(discarded.exit()).isZero();
        assertThat(discarded.output()).contains("Discarded " + id);
        assertThat(state.queryForObject("SELECT reason FROM rabta_audit WHERE action = 'dead-letter.discarded' AND target = ?", String.class, id))
                .isEqualTo("entered twice in PMIS");

        Run flows = rabta(TestUsers.VIEWER, "flows");
        assertThat(flows.exit()).isZero();
        assertThat(flows.output()).contains(DeadLetterMaker.FLOW).contains("RUNNING");

        Run verified = rabta(TestUsers.VIEWER, "audit", "verify");
        assertThat(verified.exit()).isZero();
        assertThat(verified.output()).startsWith("OK: ").contains("chain intact");
        Run listed = rabta(TestUsers.VIEWER, "audit", "list", "--target", id);
        assertThat(listed.exit()).isZero();
        assertThat(listed.output()).contains(TestUsers.OPERATOR + "  dead-letter.discarded  " + id + "  \"entered twice in PMIS\"");
        long row = state.queryForObject("SELECT seq FROM rabta_audit WHERE action = 'dead-letter.discarded' AND target = ?", Long.class, id);
        // The table refuses changes; an attacker with the right to drop its trigger is what verify is for.
        state.execute("DROP TRIGGER " + AppendOnlyAudit.TRIGGER);
        try {
            state.update("UPDATE rabta_audit SET actor = 'someone-else' WHERE seq = ?", row);
            Run broken = rabta(TestUsers.VIEWER, "audit", "verify");
            assertThat(broken.exit()).isEqualTo(1);
            assertThat(broken.output()).contains("BROKEN: row " + row + " was changed");
            state.update("UPDATE rabta_audit SET actor = ? WHERE seq = ?", TestUsers.OPERATOR, row);
        } finally {
            AppendOnlyAudit.install(state);
        }
        assertThat(rabta(TestUsers.VIEWER, "audit", "verify").exit()).isZero();
        DeadLetterMaker.allow(cfms(), "refuses_990001");
    }

    @Test
    void anOperatorReplaysOneLetterThenASelectionAndTheRestStay() throws Exception {
        long admission = 990_201;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_990201", admission, admission + 3);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 4);
        List<String> ids = new ArrayList<>();
        for (long id = admission; id <= admission + 3; id++) {
            ids.add(letterOf(id));
        }
        DeadLetterMaker.allow(cfms(), "refuses_990201");

        Run one = rabta(TestUsers.OPERATOR, "dlq", "replay", "--flow", DeadLetterMaker.FLOW, "--id", ids.get(0), "--why", "constraint fixed");
        assertThat(one.exit()).as(one.output()).isZero();
        assertThat(one.output()).contains("Replayed " + ids.get(0) + " (" + DeadLetterMaker.entityKey(admission) + ")");
        awaitInbox(admission, "JUDICIAL_REMAND");

        Run selection = rabta(TestUsers.OPERATOR, "dlq", "replay", "--id", ids.get(1), "--id", ids.get(3), "--rate", "0", "--why", "two checked");
        assertThat(selection.exit()).as(selection.output()).isZero();
        assertThat(selection.output()).contains("Replay job ").contains("DONE: 2 replayed, 0 failed, 0 not replayable");
        awaitInbox(admission + 1, "JUDICIAL_REMAND");
        awaitInbox(admission + 3, "JUDICIAL_REMAND");
        assertThat(inbox(admission + 2)).as("not named, not replayed").isEmpty();
        assertThat(rabta(TestUsers.OPERATOR, "dlq", "list", "--entity-key", DeadLetterMaker.entityKey(admission + 2)).output()).contains(ids.get(2));
        assertThat(state.queryForList("SELECT target FROM rabta_audit WHERE action = 'dead-letter.replayed' AND actor = ? AND target IN (?, ?, ?, ?)",
                String.class, TestUsers.OPERATOR, ids.get(0), ids.get(1), ids.get(2), ids.get(3))).containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(3));

        Run unknown = rabta(TestUsers.OPERATOR, "dlq", "replay", "--all", "--flow", "no-such-flow", "--why", "typo");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("no flow 'no-such-flow'; the flows are ").contains(DeadLetterMaker.FLOW);
        Run unknownList = rabta(TestUsers.VIEWER, "dlq", "list", "--flow", "no-such-flow");
        assertThat(unknownList.exit()).isEqualTo(2);
        assertThat(unknownList.output()).contains("no flow 'no-such-flow'; the flows are ").contains("cfms-hearings-to-pmis");
    }

    @Test
    void aBulkReplayIsFollowedAndCancelledFromTheCommandLine() throws Exception {
        long admission = 990_301;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_990301", admission, admission + 5);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 6);
        for (long id = admission; id <= admission + 5; id++) {
            letterOf(id);
        }
        DeadLetterMaker.allow(cfms(), "refuses_990301");
        JsonNode job = http.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD).postForEntity("/api/ops/dead-letters/replay",
                new HttpEntity<>("{\"filter\": {\"q\": \"refuses_990301\"}, \"ratePerSecond\": 0.5}", json()), JsonNode.class).getBody();
        String jobId = job.get("id").asText();
        Run jobs = rabta(TestUsers.VIEWER, "dlq", "jobs");
        assertThat(jobs.exit()).isZero();
        assertThat(jobs.output()).contains(jobId).contains(TestUsers.OPERATOR);

        Run refused = rabta(TestUsers.VIEWER, "dlq", "cancel", jobId);
        assertThat(refused.exit()).as("a viewer may not cancel").isEqualTo(3);
        Run cancelled = rabta(TestUsers.OPERATOR_AND_APPROVER, "dlq", "cancel", jobId, "--why", "wrong filter");
        assertThat(cancelled.exit()).as(cancelled.output()).isZero();
        assertThat(cancelled.output()).contains("Cancelled replay job " + jobId);
        JsonNode ended = await().atMost(Duration.ofSeconds(30)).until(() -> http.withBasicAuth(TestUsers.VIEWER, TestUsers.PASSWORD)
                .getForObject("/api/ops/replay-jobs/" + jobId, JsonNode.class), state -> state.get("state").asText().equals("CANCELLED"));
        assertThat(ended.get("replayed").asInt()).as("stopped early").isLessThan(6);
        assertThat(ended.get("cancelledBy").asText()).isEqualTo(TestUsers.OPERATOR_AND_APPROVER);
        assertThat(state.queryForObject("SELECT actor || ' ' || reason FROM rabta_audit WHERE action = 'dead-letters.replay-cancelled' AND target = ?",
                String.class, jobId)).isEqualTo(TestUsers.OPERATOR_AND_APPROVER + " wrong filter");
        assertThat(rabta(TestUsers.VIEWER, "dlq", "list", "--text", "refuses_990301").output())
                .contains((6 - ended.get("replayed").asInt()) + " of " + (6 - ended.get("replayed").asInt()) + " dead letter(s)");
        Run again = rabta(TestUsers.OPERATOR, "dlq", "cancel", jobId);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.output()).contains("has already finished (CANCELLED)");
    }

    @Test
    void anAdministratorPurgesPayloadsAndAnOperatorPausesAndResumesAFlowFromTheCommandLine() throws Exception {
        long admission = 990_401;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_990401", admission, admission);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 1);
        String id = letterOf(admission);

        Run notAdmin = rabta(TestUsers.OPERATOR, "dlq", "purge", "--older-than", "PT0.001S");
        assertThat(notAdmin.exit()).as("purge is for an admin").isEqualTo(3);
        Run purged = rabta(TestUsers.ADMIN, "dlq", "purge", "--older-than", "PT0.001S");
        assertThat(purged.exit()).as(purged.output()).isZero();
        assertThat(purged.output()).containsPattern("Purged [1-9][0-9]* payload\\(s\\) older than 20");
        assertThat(rabta(TestUsers.OPERATOR, "dlq", "show", DeadLetterMaker.FLOW, id).output()).contains("\"payloadPurgedAt\"")
                .doesNotContain("\"record\"");
        Run notReplayable = rabta(TestUsers.OPERATOR, "dlq", "replay", "--flow", DeadLetterMaker.FLOW, "--id", id);
        assertThat(notReplayable.exit()).isEqualTo(2);
        assertThat(notReplayable.output()).contains("its payload was purged");
        assertThat(rabta(TestUsers.ADMIN, "dlq", "purge", "--older-than", "soon").output()).contains("ISO-8601 duration");
        DeadLetterMaker.allow(cfms(), "refuses_990401");

        String flow = "cfms-hearings-to-pmis";
        long auditBefore = lastAuditRow();
        Run paused = rabta(TestUsers.OPERATOR, "flows", "pause", flow, "--why", "PMIS maintenance window");
        try {
            assertThat(paused.exit()).as(paused.output()).isZero();
            assertThat(paused.output()).contains(flow + ": PAUSED");
            assertThat(rabta(TestUsers.VIEWER, "flows").output().lines().filter(line -> line.startsWith(flow + " ")).findFirst().orElseThrow())
                    .contains("PAUSED");
        } finally {
            Run resumed = rabta(TestUsers.OPERATOR, "flows", "resume", flow, "--why", "window over");
            assertThat(resumed.exit()).as(resumed.output()).isZero();
            assertThat(resumed.output()).contains(flow + ": RUNNING");
        }
        assertThat(state.queryForList("SELECT action || ' ' || actor || ' ' || COALESCE(reason, '-') FROM rabta_audit WHERE target = ? AND seq > ?"
                + " ORDER BY seq", String.class, flow, auditBefore)).containsExactly("flow.paused olga PMIS maintenance window", "flow.resumed olga window over");
        Run viewer = rabta(TestUsers.VIEWER, "flows", "pause", flow);
        assertThat(viewer.exit()).as("a viewer may not pause").isEqualTo(3);
        Run unknown = rabta(TestUsers.OPERATOR, "flows", "pause", "no-such-flow");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("no flow 'no-such-flow'; the flows are ").contains(flow);
    }

    @Test
    void anEditProposedFromTheCommandLineIsReplayedOnlyAfterAnotherPersonApprovesIt() throws Exception {
        long admission = 990_101;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_990101", admission, admission);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 1);
        String key = DeadLetterMaker.entityKey(admission);
        Run list = await().atMost(Duration.ofSeconds(60)).until(() -> rabta(TestUsers.OPERATOR, "dlq", "list", "--entity-key", key),
                run -> run.output().contains(key));
        String id = list.output().lines().filter(line -> line.contains(key)).findFirst().orElseThrow().split("\\s+")[0];
        Path patch = temp.resolve("patch.json");
        Files.writeString(patch, "[{\"op\": \"replace\", \"path\": \"/payload/status\", \"value\": \"UNDER_TRIAL\"}]");

        Run proposed = rabta(TestUsers.OPERATOR_AND_APPROVER, "dlq", "edit", DeadLetterMaker.FLOW, id, "--patch", patch.toString(),
                "--why", "the warrant was converted; PMIS shows UTP");
        assertThat(proposed.exit()).isZero();
        String edit = proposed.output().split("\\s+")[1];
        assertThat(rabta(TestUsers.VIEWER, "dlq", "edits", "--state", "PENDING").output()).contains(edit).contains(id);
        Run self = rabta(TestUsers.OPERATOR_AND_APPROVER, "dlq", "approve", edit);
        assertThat(self.exit()).as("no one approves their own edit").isEqualTo(3);
        assertThat(cfms().queryForList("SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission)).isEmpty();

        Run approved = rabta(TestUsers.APPROVER, "dlq", "approve", edit, "--comment", "checked against the warrant");
        assertThat(approved.exit()).isZero();
        assertThat(approved.output()).contains("APPROVED");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cfms().queryForList(
                "SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission)).containsExactly("UNDER_TRIAL"));
        assertThat(rabta(TestUsers.VIEWER, "dlq", "parked").output()).doesNotContain(key);
        DeadLetterMaker.allow(cfms(), "refuses_990101");
    }

    @Test
    void everyCommandHasHelpAndTheExitCodesTellAWrongPasswordFromABusThatIsDown() throws Exception {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new RabtaCli()), commands);
        assertThat(commands.stream().map(command -> command.getCommandSpec().qualifiedName()))
                .as("the whole command tree").contains("rabta", "rabta dlq replay", "rabta dlq cancel", "rabta flows resume", "rabta audit list");
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName();
            List<String> args = new ArrayList<>(List.of(name.split(" "))).subList(1, name.split(" ").length);
            List<String> withHelp = new ArrayList<>(args);
            withHelp.add("--help");
            StringWriter out = new StringWriter();
            assertThat(RabtaCli.run(withHelp.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true)))
                    .as("%s --help: %s", name, out).isZero();
            assertThat(out.toString()).as(name).startsWith("Usage: " + name);
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as("%s has a description", name).isNotEmpty();
            assertThat(out.toString()).as(name).contains(description[0].substring(0, Math.min(30, description[0].length())));
        }
        Path wrong = Files.writeString(temp.resolve("wrong"), "not-the-password");
        StringWriter out = new StringWriter();
        assertThat(RabtaCli.run(new String[] {"flows", "--url", "http://127.0.0.1:" + port, "--user", TestUsers.VIEWER, "--password-file",
                wrong.toString()}, new PrintWriter(out, true), new PrintWriter(out, true))).isEqualTo(3);
        assertThat(out.toString()).contains("does not know user 'vera' with that password");
        assertThat(rabta(TestUsers.OPERATOR, "dlq", "replay").exit()).as("replay without --id or --all").isEqualTo(2);
        StringWriter down = new StringWriter();
        assertThat(RabtaCli.run(new String[] {"flows", "--url", "http://127.0.0.1:1", "--password-file", wrong.toString()},
                new PrintWriter(down, true), new PrintWriter(down, true))).isEqualTo(4);
        assertThat(down.toString()).contains("Cannot reach the bus at http://127.0.0.1:1");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    private String letterOf(long admission) {
        String key = DeadLetterMaker.entityKey(admission);
        Run list = await().atMost(Duration.ofSeconds(60)).until(() -> rabta(TestUsers.OPERATOR, "dlq", "list", "--entity-key", key),
                run -> run.output().contains(key));
        return list.output().lines().filter(line -> line.contains(key)).findFirst().orElseThrow().split("\\s+")[0];
    }

    private long lastAuditRow() {
        return state.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM rabta_audit", Long.class);
    }

    private List<String> inbox(long admission) {
        return cfms().queryForList("SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission);
    }

    private void awaitInbox(long admission, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(inbox(admission)).containsExactly(status));
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private Run rabta(String user, String... command) throws Exception {
        Path password = temp.resolve("password");
        if (!Files.exists(password)) {
            Files.writeString(password, TestUsers.PASSWORD);
        }
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--url", "http://127.0.0.1:" + port, "--user", user, "--password-file", password.toString()));
        StringWriter out = new StringWriter();
        int exit = RabtaCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true));
        return new Run(exit, out.toString());
    }
}
