package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.TestUsers;

/** The ops API on a whole bus: roles, bad input, edit and replay with four eyes, retention, flows, and the audit log's chain. */
@TestPropertySource(properties = "rabta.bus.defaults.max-delivery-attempts=1")
class OpsApiTests extends BusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FLOW = DeadLetterMaker.FLOW;

    @Autowired
    TestRestTemplate anonymous;

    @Autowired
    JdbcTemplate state;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BusSender sender;

    DeadLetterMaker maker;

    @BeforeEach
    void deadLetterMaker() throws Exception {
        maker = new DeadLetterMaker(camel, producer, sender);
    }

    @Test
    void everyEndpointRefusesAUserWithoutTheRoleAndOnlyLivenessIsOpen() {
        String letter = "/api/ops/dead-letters/" + FLOW + "/0000-1111";
        List<Object[]> endpoints = List.of(
                new Object[] {HttpMethod.GET, "/api/ops/dead-letters", TestUsers.NO_ROLE},
                new Object[] {HttpMethod.GET, "/api/ops/flows", TestUsers.NO_ROLE},
                new Object[] {HttpMethod.GET, "/api/ops/audit/verify", TestUsers.NO_ROLE},
                new Object[] {HttpMethod.GET, "/api/flows", TestUsers.NO_ROLE},
                new Object[] {HttpMethod.GET, "/actuator/health", TestUsers.NO_ROLE},
                new Object[] {HttpMethod.GET, "/v3/api-docs", TestUsers.NO_ROLE},
                new Object[] {HttpMethod.POST, letter + "/replay", TestUsers.VIEWER},
                new Object[] {HttpMethod.POST, letter + "/discard?reason=x", TestUsers.VIEWER},
                new Object[] {HttpMethod.POST, letter + "/edits", TestUsers.APPROVER},
                new Object[] {HttpMethod.POST, "/api/ops/dead-letters/replay", TestUsers.VIEWER},
                new Object[] {HttpMethod.POST, "/api/ops/replay-jobs/x/cancel", TestUsers.VIEWER},
                new Object[] {HttpMethod.POST, "/api/ops/edits/x/approve", TestUsers.OPERATOR},
                new Object[] {HttpMethod.POST, "/api/ops/edits/x/reject", TestUsers.OPERATOR},
                new Object[] {HttpMethod.POST, "/api/ops/flows/" + FLOW + "/pause", TestUsers.APPROVER},
                new Object[] {HttpMethod.POST, "/api/ops/flows/" + FLOW + "/resume", TestUsers.VIEWER},
                new Object[] {HttpMethod.POST, "/api/flows/" + FLOW + "/reconcile", TestUsers.VIEWER},
                new Object[] {HttpMethod.POST, "/api/ops/retention/purge?olderThan=P1D", TestUsers.OPERATOR},
                new Object[] {HttpMethod.POST, "/api/definitions/reload", TestUsers.OPERATOR});
        for (Object[] endpoint : endpoints) {
            HttpMethod method = (HttpMethod) endpoint[0];
            String path = (String) endpoint[1];
            // Without credentials a read gets 401; a change is refused before that, for want of a CSRF token.
            assertThat(call(anonymous, method, path, "{}").getStatusCode().value()).as("anonymous %s %s", method, path)
                    .isEqualTo(method == HttpMethod.GET ? 401 : 403);
            assertThat(call(as((String) endpoint[2]), method, path, "{}").getStatusCode().value())
                    .as("%s %s by %s", method, path, endpoint[2]).isEqualTo(403);
        }
        assertThat(anonymous.getForEntity("/actuator/health/liveness", JsonNode.class).getBody().get("status").asText()).isEqualTo("UP");
        assertThat(as(TestUsers.VIEWER).getForEntity("/actuator/health", JsonNode.class).getStatusCode().value()).isEqualTo(200);
        assertThat(as(TestUsers.VIEWER).getForEntity("/v3/api-docs", JsonNode.class).getBody().get("paths").has("/api/ops/dead-letters/replay"))
                .isTrue();
        assertThat(as(TestUsers.NO_ROLE).getForEntity("/console/index.html", String.class).getStatusCode().value()).isEqualTo(403);
        String console = anonymous.getForObject("/console/index.html", String.class);
        assertThat(console).as("a browser is sent to the login form").contains("action=\"/login\"").contains("name=\"password\"");
    }

    @Test
    void badInputGetsAFourHundredWithAClearMessageAndChangesNothing() throws Exception {
        long id = 960_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_960001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();
        long auditRows = auditRows();

        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/0000-aaaa/replay", null),
                404, "no dead letter '0000-aaaa' on DLQ." + FLOW);
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/zzz/replay", null),
                400, "'zzz' is not a dead-letter id");
        assertError(call(as(TestUsers.VIEWER), HttpMethod.GET, "/api/ops/dead-letters?reason=GREMLINS", null),
                400, "unknown reason 'GREMLINS'");
        assertError(call(as(TestUsers.VIEWER), HttpMethod.GET, "/api/ops/dead-letters?from=yesterday", null),
                400, "'from' must be an ISO-8601 instant");
        assertError(call(as(TestUsers.VIEWER), HttpMethod.GET, "/api/ops/dead-letters?limit=0", null), 400, "limit 1 to 1000");
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/replay", "{\"filter\": {\"from\": \"soon\"}}"),
                400, "'from' must be an ISO-8601 instant");
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/replay", "{\"filter\": {}, \"ratePerSecond\": -1}"),
                400, "the rate must be 0");
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/discard", "{}"),
                400, "a discard needs a reason");
        assertError(edit(TestUsers.OPERATOR, deadLetterId, "[{\"op\": \"replace\", \"path\": \"/payload/status\", \"value\": \"ON_HOLIDAY\"}]",
                "status was mistyped"), 400, "the edited record breaks its schema at");
        assertError(edit(TestUsers.OPERATOR, deadLetterId, "[{\"op\": \"replace\", \"path\": \"/payload/nothing/here\", \"value\": 1}]",
                "status was mistyped"), 400, "patch operation 0");
        assertError(edit(TestUsers.OPERATOR, deadLetterId, "[{\"op\": \"replace\", \"path\": \"/payload/status\", \"value\": \"UNDER_TRIAL\"}]",
                " "), 400, "an edit needs a reason");
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/edits", "{not json"),
                400, "the request body is not the JSON expected");
        assertError(call(as(TestUsers.ADMIN), HttpMethod.POST, "/api/ops/retention/purge?olderThan=a-while", null), 400, "ISO-8601 duration");
        assertError(call(as(TestUsers.VIEWER), HttpMethod.GET, "/api/ops/dead-letters/export?format=xml", null), 400, "format is json or csv");

        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_payload_edit", Long.class)).isZero();
        assertThat(auditRows()).as("nothing refused was audited as done").isEqualTo(auditRows);
        JsonNode still = as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/" + FLOW + "/" + deadLetterId, JsonNode.class);
        assertThat(still.get("replayable").asBoolean()).isTrue();
        assertThat(still.at("/record/payload/status").asText()).isEqualTo("JUDICIAL_REMAND");
        DeadLetterMaker.allow(cfms(), "refuses_960001");
    }

    @Test
    void anEditIsReplayedOnlyAfterASecondPersonApprovesIt() throws Exception {
        long id = 961_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_961001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();

        ResponseEntity<JsonNode> proposed = edit(TestUsers.OPERATOR_AND_APPROVER, deadLetterId,
                "[{\"op\": \"replace\", \"path\": \"/payload/status\", \"value\": \"UNDER_TRIAL\"}]", "remand order was quashed on 01/11");
        assertThat(proposed.getStatusCode().value()).isEqualTo(201);
        String editId = proposed.getBody().get("id").asText();
        assertThat(proposed.getBody().get("state").asText()).isEqualTo("PENDING");

        Thread.sleep(1_500);
        assertThat(inboxStatus(id)).as("not delivered without approval").isNull();
        assertThat(as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/" + FLOW + "/" + deadLetterId, JsonNode.class)
                .get("deadLetterId").asText()).isEqualTo(deadLetterId);

        assertError(call(as(TestUsers.OPERATOR_AND_APPROVER), HttpMethod.POST, "/api/ops/edits/" + editId + "/approve", "{}"),
                403, "must be approved by someone else");
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/edits/" + editId, JsonNode.class).get("state").asText()).isEqualTo("PENDING");
        Thread.sleep(1_000);
        assertThat(inboxStatus(id)).as("not delivered on self-approval").isNull();

        ResponseEntity<JsonNode> approved = call(as(TestUsers.APPROVER), HttpMethod.POST, "/api/ops/edits/" + editId + "/approve",
                "{\"comment\": \"checked against the court order\"}");
        assertThat(approved.getStatusCode().value()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxStatus(id)).isEqualTo("UNDER_TRIAL"));

        JsonNode kept = as(TestUsers.VIEWER).getForObject("/api/ops/edits/" + editId, JsonNode.class);
        assertThat(kept.get("state").asText()).isEqualTo("APPROVED");
        assertThat(kept.get("editor").asText()).isEqualTo(TestUsers.OPERATOR_AND_APPROVER);
        assertThat(kept.get("approver").asText()).isEqualTo(TestUsers.APPROVER);
        assertThat(kept.at("/before/payload/status").asText()).isEqualTo("JUDICIAL_REMAND");
        assertThat(kept.at("/after/payload/status").asText()).isEqualTo("UNDER_TRIAL");
        assertThat(kept.at("/after/payload/person/cnic").asText()).as("masked for a viewer").contains("*");
        assertThat(as(TestUsers.APPROVER).getForObject("/api/ops/edits/" + editId, JsonNode.class).at("/after/payload/person/cnic").asText())
                .doesNotContain("*");
        assertThat(state.queryForList("SELECT actor FROM rabta_audit WHERE target = ? ORDER BY seq", String.class, editId))
                .containsExactly(TestUsers.OPERATOR_AND_APPROVER, TestUsers.APPROVER);
        await().atMost(WAIT).until(() -> state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE action = 'dead-letter.replayed' AND target = ?",
                Long.class, deadLetterId) == 1);
        DeadLetterMaker.allow(cfms(), "refuses_961001");
    }

    @Test
    void aViewerSeesLettersWithCnicsAndNamesMaskedAndCanExportThem() throws Exception {
        long id = 962_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_962001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();

        JsonNode forViewer = as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters/" + FLOW + "/" + deadLetterId, JsonNode.class);
        JsonNode forOperator = as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/" + FLOW + "/" + deadLetterId, JsonNode.class);
        assertThat(forOperator.at("/record/payload/person/cnic").asText()).isEqualTo("3520209620011");
        assertThat(forViewer.at("/record/payload/person/cnic").asText()).isEqualTo("352*********1");
        assertThat(forOperator.at("/record/payload/person/name").asText()).isEqualTo("ALI RAZA");
        assertThat(forViewer.at("/record/payload/person/name").asText()).isEqualTo("A. R.");
        assertThat(forViewer.get("reason").asText()).isEqualTo("TARGET_REJECTED");

        String csv = as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters/export?format=csv&entityKey=" + DeadLetterMaker.entityKey(id), String.class);
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("deadLetterId,flow,reason,").contains(deadLetterId + "," + FLOW + ",TARGET_REJECTED,");
        JsonNode json = as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters/export?format=json&q=0962001", JsonNode.class);
        assertThat(json).hasSize(1);
        assertThat(json.get(0).at("/record/payload/person/cnic").asText()).contains("*");
        DeadLetterMaker.allow(cfms(), "refuses_962001");
    }

    @Test
    void anAdministratorPurgesOldPayloadsAndTheLetterThenCannotBeReplayed() throws Exception {
        long id = 963_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_963001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();

        JsonNode purge = ok(call(as(TestUsers.ADMIN), HttpMethod.POST, "/api/ops/retention/purge?olderThan=PT0.001S", null));
        assertThat(purge.get("purged").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode letter = as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/" + FLOW + "/" + deadLetterId, JsonNode.class);
        assertThat(letter.has("record")).isFalse();
        assertThat(letter.has("sourceRecord")).isFalse();
        assertThat(letter.get("reason").asText()).isEqualTo("TARGET_REJECTED");
        assertThat(letter.get("payloadPurgedAt").asText()).isNotEmpty();
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/replay", null),
                409, "its payload was purged");
        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE action = 'dead-letter.payload-purged' AND target = ? AND actor = ?",
                Long.class, deadLetterId, TestUsers.ADMIN)).isEqualTo(1);

        JsonNode discarded = call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/discard",
                "{\"reason\": \"superseded\"}").getBody();
        assertThat(discarded.get("deadLetterId").asText()).isEqualTo(deadLetterId);
        DeadLetterMaker.allow(cfms(), "refuses_963001");
    }

    @Test
    void anOperatorPausesAndResumesAFlowAndSeesItsState() {
        JsonNode paused = call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/flows/cfms-hearings-to-pmis/pause",
                "{\"reason\": \"PMIS maintenance window\"}").getBody();
        assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
        JsonNode resumed = call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/flows/cfms-hearings-to-pmis/resume", null).getBody();
        assertThat(resumed.get("state").asText()).isEqualTo("RUNNING");
        JsonNode flows = as(TestUsers.VIEWER).getForObject("/api/ops/flows", JsonNode.class);
        assertThat(flows.findValuesAsText("flow")).contains(FLOW, "cfms-hearings-to-pmis");
        assertThat(flows.get(0).has("deliveredPerSecond")).isTrue();
        assertThat(flows.get(0).has("lagSeconds")).isTrue();
        assertThat(state.queryForList("SELECT action || ' ' || actor || ' ' || COALESCE(reason, '-') FROM rabta_audit WHERE target = ? ORDER BY seq",
                String.class, "cfms-hearings-to-pmis"))
                .containsExactly("flow.paused olga PMIS maintenance window", "flow.resumed olga -");
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/flows/no-such-flow/pause", null), 404, "no flow 'no-such-flow'");
    }

    @Test
    void auditVerifyPassesOnAnUntouchedLogAndNamesTheRowChangedOrDeletedInTheDatabase() throws Exception {
        long id = 964_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_964001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();
        call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/discard",
                "{\"reason\": \"duplicate of a later admission\"}");

        long rowsBefore = state.queryForObject("SELECT MAX(seq) FROM rabta_audit", Long.class);
        maker.publishRemands(id + 1, 1);
        await().atMost(WAIT).until(() -> state.queryForObject("SELECT MAX(seq) FROM rabta_audit", Long.class) > rowsBefore);

        JsonNode intact = as(TestUsers.VIEWER).getForObject("/api/ops/audit/verify", JsonNode.class);
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("rows").asLong()).isGreaterThan(1);

        long discardRow = state.queryForObject("SELECT seq FROM rabta_audit WHERE action = 'dead-letter.discarded' AND target = ?", Long.class, deadLetterId);
        state.update("UPDATE rabta_audit SET reason = 'nothing to see' WHERE seq = ?", discardRow);
        try {
            JsonNode changed = as(TestUsers.VIEWER).getForObject("/api/ops/audit/verify", JsonNode.class);
            assertThat(changed.get("intact").asBoolean()).isFalse();
            assertThat(changed.get("problems")).hasSize(1);
            assertThat(changed.at("/problems/0/seq").asLong()).isEqualTo(discardRow);
            assertThat(changed.at("/problems/0/problem").asText()).isEqualTo("row " + discardRow + " was changed: its content does not match its hash");
        } finally {
            state.update("UPDATE rabta_audit SET reason = 'duplicate of a later admission' WHERE seq = ?", discardRow);
        }

        Map<String, Object> row = state.queryForMap("SELECT * FROM rabta_audit WHERE seq = ?", discardRow);
        state.update("DELETE FROM rabta_audit WHERE seq = ?", discardRow);
        try {
            JsonNode deleted = as(TestUsers.VIEWER).getForObject("/api/ops/audit/verify", JsonNode.class);
            assertThat(deleted.get("intact").asBoolean()).isFalse();
            assertThat(deleted.at("/problems/0/problem").asText()).isEqualTo("row " + discardRow + " was deleted");
        } finally {
            state.update("INSERT INTO rabta_audit (seq, at, actor, action, target, reason, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.get("SEQ"), row.get("AT"), row.get("ACTOR"), row.get("ACTION"), row.get("TARGET"), row.get("REASON"), row.get("DETAILS"),
                    row.get("PREV_HASH"), row.get("HASH"));
        }
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/audit/verify", JsonNode.class).get("intact").asBoolean()).isTrue();
        DeadLetterMaker.allow(cfms(), "refuses_964001");
    }

    private JsonNode awaitLetter(long admission) {
        return await().atMost(WAIT).until(() -> {
            JsonNode items = as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters?flow=" + FLOW + "&entityKey="
                    + DeadLetterMaker.entityKey(admission), JsonNode.class).get("items");
            return items.isEmpty() ? null : items.get(0);
        }, letter -> letter != null);
    }

    private ResponseEntity<JsonNode> edit(String user, String deadLetterId, String patch, String reason) {
        return call(as(user), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/edits",
                "{\"patch\": " + patch + ", \"reason\": \"" + reason + "\"}");
    }

    private String inboxStatus(long admission) {
        List<String> statuses = cfms().queryForList("SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    private long auditRows() {
        return state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE actor <> 'bus'", Long.class);
    }

    private TestRestTemplate as(String user) {
        return anonymous.withBasicAuth(user, TestUsers.PASSWORD);
    }

    private static ResponseEntity<JsonNode> call(TestRestTemplate http, HttpMethod method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return http.exchange(path, method, new HttpEntity<>(json, headers), JsonNode.class);
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as("status of %s", response.getBody()).isEqualTo(200);
        return response.getBody();
    }

    private static void assertError(ResponseEntity<JsonNode> response, int status, String message) {
        assertThat(response.getStatusCode().value()).as("status of %s", response.getBody()).isEqualTo(status);
        assertThat(response.getBody().get("error").asText()).contains(message);
    }
}
