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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.cli.RabtaCli;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.TestUsers;

/** rabta dlq, flows and audit verify against a running bus, with the exit codes scripts rely on. */
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
        long row = state.queryForObject("SELECT seq FROM rabta_audit WHERE action = 'dead-letter.discarded' AND target = ?", Long.class, id);
        state.update("UPDATE rabta_audit SET actor = 'someone-else' WHERE seq = ?", row);
        try {
            Run broken = rabta(TestUsers.VIEWER, "audit", "verify");
            assertThat(broken.exit()).isEqualTo(1);
            assertThat(broken.output()).contains("BROKEN: row " + row + " was changed");
        } finally {
            state.update("UPDATE rabta_audit SET actor = ? WHERE seq = ?", TestUsers.OPERATOR, row);
        }
        DeadLetterMaker.allow(cfms(), "refuses_990001");
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
        for (String[] command : List.of(new String[] {"dlq"}, new String[] {"dlq", "list"}, new String[] {"dlq", "show"},
                new String[] {"dlq", "replay"}, new String[] {"dlq", "discard"}, new String[] {"dlq", "export"}, new String[] {"flows"},
                new String[] {"flows", "pause"}, new String[] {"audit", "verify"}, new String[] {"hash-password"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            StringWriter out = new StringWriter();
            assertThat(RabtaCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true)))
                    .as(String.join(" ", command)).isZero();
            assertThat(out.toString()).startsWith("Usage: rabta " + String.join(" ", command));
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
