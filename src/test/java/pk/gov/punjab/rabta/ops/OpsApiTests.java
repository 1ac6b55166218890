package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.audit.AppendOnlyAudit;
import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.record.RecordJson;
import pk.gov.punjab.rabta.security.Role;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * The ops API on a whole bus: roles on every registered endpoint, CSRF for console sessions, bad input, selection
 * replay, edit and replay with four eyes, retention, flows (rates, lag, pause), masking for viewers, and the audit
 * log: its chain, its append-only table and that it holds no personal data.
 */
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

    @Autowired
    AuditLog audit;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Value("${local.server.port}")
    int port;

    DeadLetterMaker maker;

    @BeforeEach
    void deadLetterMaker() throws Exception {
        maker = new DeadLetterMaker(camel, producer, sender);
    }

    /**
     * The role each endpoint needs, by method and pattern as the application registers them; null: anyone may call it.
     * An endpoint missing here fails the test, so a new one cannot go out without a decision on who may call it.
     */
    private static final Map<String, Role> NEEDED = Map.ofEntries(
            Map.entry("GET /api/ops/dead-letters", Role.VIEWER),
            Map.entry("GET /api/ops/dead-letters/{flow}", Role.VIEWER),
            Map.entry("GET /api/ops/dead-letters/{flow}/{id}", Role.VIEWER),
            Map.entry("GET /api/ops/dead-letters/export", Role.VIEWER),
            Map.entry("POST /api/ops/dead-letters/{flow}/{id}/replay", Role.OPERATOR),
            Map.entry("POST /api/ops/dead-letters/{flow}/{id}/discard", Role.OPERATOR),
            Map.entry("POST /api/ops/dead-letters/{flow}/{id}/edits", Role.OPERATOR),
            Map.entry("POST /api/ops/dead-letters/replay", Role.OPERATOR),
            Map.entry("GET /api/ops/replay-jobs", Role.VIEWER),
            Map.entry("GET /api/ops/replay-jobs/{id}", Role.VIEWER),
            Map.entry("POST /api/ops/replay-jobs/{id}/cancel", Role.OPERATOR),
            Map.entry("GET /api/ops/edits", Role.VIEWER),
            Map.entry("GET /api/ops/edits/{id}", Role.VIEWER),
            Map.entry("POST /api/ops/edits/{id}/approve", Role.APPROVER),
            Map.entry("POST /api/ops/edits/{id}/reject", Role.APPROVER),
            Map.entry("GET /api/ops/parked", Role.VIEWER),
            Map.entry("POST /api/ops/retention/purge", Role.ADMIN),
            Map.entry("GET /api/ops/flows", Role.VIEWER),
            Map.entry("GET /api/ops/flows/{flow}", Role.VIEWER),
            Map.entry("POST /api/ops/flows/{flow}/pause", Role.OPERATOR),
            Map.entry("POST /api/ops/flows/{flow}/resume", Role.OPERATOR),
            Map.entry("GET /api/ops/audit", Role.VIEWER),
            Map.entry("GET /api/ops/audit/verify", Role.VIEWER),
            Map.entry("GET /api/ops/me", Role.VIEWER),
            Map.entry("GET /api/ops/alerts", Role.VIEWER),
            Map.entry("GET /api/ops/alerts/rules", Role.VIEWER),
            Map.entry("POST /api/ops/alerts/evaluate", Role.OPERATOR),
            Map.entry("GET /api/ops/links", Role.VIEWER),
            Map.entry("POST /api/ops/links/{id}/confirm", Role.OPERATOR),
            Map.entry("POST /api/ops/links/{id}/reject", Role.OPERATOR),
            Map.entry("GET /api/ops/reports/detention", Role.VIEWER),
            Map.entry("GET /api/flows", Role.VIEWER),
            Map.entry("POST /api/flows/{flow}/reconcile", Role.OPERATOR),
            Map.entry("POST /api/definitions/reload", Role.ADMIN),
            Map.entry("GET /v3/api-docs", Role.VIEWER),
            Map.entry("GET /v3/api-docs.yaml", Role.VIEWER),
            Map.entry("GET /v3/api-docs/swagger-config", Role.VIEWER),
            Map.entry("GET /swagger-ui.html", Role.VIEWER));

    /** Where a call by a user who holds the role must not change anything real: a flow that does not exist. */
    private static final Map<String, String> HARMLESS_PATHS = Map.of(
            "POST /api/ops/flows/{flow}/pause", "/api/ops/flows/no-such-flow/pause",
            "POST /api/ops/flows/{flow}/resume", "/api/ops/flows/no-such-flow/resume",
            "POST /api/flows/{flow}/reconcile", "/api/flows/no-such-flow/reconcile",
            "POST /api/ops/retention/purge", "/api/ops/retention/purge?olderThan=P36500D");

    /** The roles each test user holds, directly or through the hierarchy (admin holds all; operator and approver include viewer). */
    private static final Map<String, Set<Role>> HELD = Map.of(
            TestUsers.NO_ROLE, Set.of(),
            TestUsers.VIEWER, Set.of(Role.VIEWER),
            TestUsers.OPERATOR, Set.of(Role.VIEWER, Role.OPERATOR),
            TestUsers.APPROVER, Set.of(Role.VIEWER, Role.APPROVER),
            TestUsers.OPERATOR_AND_APPROVER, Set.of(Role.VIEWER, Role.OPERATOR, Role.APPROVER),
            TestUsers.ADMIN, Set.of(Role.values()));

    @Test
    void everyRegisteredEndpointRefusesEachUserWithoutItsRoleAndServesEachUserWithIt() throws Exception {
        Map<String, String> endpoints = new TreeMap<>();
        handlerMapping.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    endpoints.put(method + " " + pattern, handler.toString());
                }
            }
        });
        // The servlet container's error page answers whoever got an error; it holds no data of its own.
        endpoints.keySet().removeIf(endpoint -> endpoint.endsWith(" /error"));
        assertThat(endpoints).as("endpoints of the application").hasSizeGreaterThanOrEqualTo(NEEDED.size());
        assertThat(endpoints.keySet().stream().filter(endpoint -> !NEEDED.containsKey(endpoint)).map(e -> e + " (" + endpoints.get(e) + ")").toList())
                .as("endpoints with no expected role in the test's table: decide who may call them").isEmpty();
        assertThat(NEEDED.keySet().stream().filter(endpoint -> !endpoints.containsKey(endpoint)).toList())
                .as("endpoints in the table that the application no longer has").isEmpty();

        for (Map.Entry<String, Role> endpoint : NEEDED.entrySet()) {
            HttpMethod method = HttpMethod.valueOf(endpoint.getKey().substring(0, endpoint.getKey().indexOf(' ')));
            String pattern = endpoint.getKey().substring(endpoint.getKey().indexOf(' ') + 1);
            String path = HARMLESS_PATHS.getOrDefault(endpoint.getKey(),
                    pattern.replace("{flow}", FLOW).replace("{id}", "0000-1111"));
            String body = method == HttpMethod.GET ? null : "{}";
            // Without credentials a read gets 401 (a page for a browser, the login form); a change is refused before
            // that, for want of a CSRF token.
            HttpResponse<String> anonymously = send(null, null, method, path, body);
            if (method != HttpMethod.GET) {
                assertThat(anonymously.statusCode()).as("anonymous %s", endpoint.getKey()).isEqualTo(403);
            } else if (path.startsWith("/api/") || path.startsWith("/v3/")) {
                assertThat(anonymously.statusCode()).as("anonymous %s", endpoint.getKey()).isEqualTo(401);
            } else {
                assertThat(anonymously.statusCode()).as("anonymous %s", endpoint.getKey()).isEqualTo(302);
                assertThat(anonymously.headers().firstValue("Location").orElseThrow()).endsWith("/login");
            }
            assertThat(send(TestUsers.VIEWER, "not-the-password", method, path, body).statusCode())
                    .as("wrong password %s", endpoint.getKey()).isEqualTo(401);
            for (Map.Entry<String, Set<Role>> user : HELD.entrySet()) {
                int status = send(user.getKey(), TestUsers.PASSWORD, method, path, body).statusCode();
                if (user.getValue().contains(endpoint.getValue())) {
                    assertThat(status).as("%s by %s, who holds %s", endpoint.getKey(), user.getKey(), endpoint.getValue()).isNotIn(401, 403);
                } else {
                    assertThat(status).as("%s by %s, who lacks %s", endpoint.getKey(), user.getKey(), endpoint.getValue()).isEqualTo(403);
                }
            }
        }
        assertThat(anonymous.getForEntity("/actuator/health/liveness", JsonNode.class).getBody().get("status").asText()).isEqualTo("UP");
        assertThat(as(TestUsers.NO_ROLE).getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(as(TestUsers.VIEWER).getForEntity("/actuator/health", JsonNode.class).getStatusCode().value()).isEqualTo(200);
        assertThat(as(TestUsers.VIEWER).getForEntity("/v3/api-docs", JsonNode.class).getBody().get("paths").has("/api/ops/dead-letters/replay"))
                .isTrue();
        assertThat(as(TestUsers.NO_ROLE).getForEntity("/console/index.html", String.class).getStatusCode().value()).isEqualTo(403);
        String console = anonymous.getForObject("/console/index.html", String.class);
        assertThat(console).as("a browser is sent to the login form").contains("action=\"/login\"").contains("name=\"password\"");
    }

    @Test
    void theConsoleIsServedAtItsShortAddressesBehindTheLogin() throws Exception {
        for (String address : List.of("/console", "/console/")) {
            HttpResponse<String> anonymously = unfollowed(null, address);
            assertThat(anonymously.statusCode()).as("anonymous %s", address).isEqualTo(302);
            assertThat(URI.create(anonymously.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/login");
            assertThat(unfollowed(TestUsers.NO_ROLE, address).statusCode()).as("%s without a role", address).isEqualTo(403);
            HttpResponse<String> viewer = unfollowed(TestUsers.VIEWER, address);
            assertThat(viewer.statusCode()).as("%s for a viewer", address).isEqualTo(302);
            assertThat(URI.create(viewer.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/console/index.html");
        }
        HttpResponse<String> page = unfollowed(TestUsers.VIEWER, "/console/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Rabta console</title>").contains("console.js");
    }

    private HttpResponse<String> unfollowed(String user, String path) throws Exception {
        return send(user, TestUsers.PASSWORD, HttpMethod.GET, path, null);
    }

    @Test
    void aConsoleSessionMayChangeNothingWithoutItsCsrfToken() throws Exception {
        long id = 968_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_968001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();
        DeadLetterMaker.allow(cfms(), "refuses_968001");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;
        String loginPage = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher loginToken = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(loginToken.find()).as("the login form carries a CSRF token: %s", loginPage).isTrue();
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + TestUsers.OPERATOR + "&password=" + TestUsers.PASSWORD
                        + "&_csrf=" + URLEncoder.encode(loginToken.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location").orElseThrow()).endsWith("/console/index.html");

        JsonNode me = RecordJson.MAPPER.readTree(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/ops/me")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(me.get("user").asText()).as("the session cookie logs the requests in").isEqualTo(TestUsers.OPERATOR);
        String replay = "{\"filter\": {\"ids\": [\"" + deadLetterId + "\"]}, \"reason\": \"CSRF check\"}";
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/ops/dead-letters/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(replay)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a request another site could make with the cookie alone").isEqualTo(403);
        assertThat(as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/" + FLOW + "/" + deadLetterId, JsonNode.class).get("deadLetterId").asText())
                .as("still a dead letter").isEqualTo(deadLetterId);

        HttpResponse<String> sent = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/ops/dead-letters/replay"))
                .header("Content-Type", "application/json").header(me.get("csrfHeader").asText(), me.get("csrfToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString(replay)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxStatus(id)).isEqualTo("JUDICIAL_REMAND"));
        assertThat(state.queryForList("SELECT actor FROM rabta_audit WHERE action = 'dead-letter.replayed' AND target = ?", String.class, deadLetterId))
                .containsExactly(TestUsers.OPERATOR);
    }

    @Test
    void badInputGetsAFourHundredWithAClearMessageAndChangesNothing() throws Exception {
        long id = 960_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_960001", id, id);
        maker.publishRemands(id, 1);
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();
        long auditRows = auditRows();
        long editRows = state.queryForObject("SELECT COUNT(*) FROM rabta_payload_edit", Long.class);

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

        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_payload_edit", Long.class)).as("no edit kept").isEqualTo(editRows);
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
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/edits", JsonNode.class).findValuesAsText("id")).as("every edit").contains(editId);
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/edits?state=pending", JsonNode.class).findValuesAsText("id")).contains(editId);
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
        JsonNode json = as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters/export?format=json&q=J001/2026/962001", JsonNode.class);
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
    void aFlowShowsItsRateLagAndLastErrorAndAPausedFlowDeliversNothingUntilResumed() throws Exception {
        long id = 966_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_966001", id, id);
        maker.publishRemands(id, 1);
        awaitLetter(id);
        DeadLetterMaker.allow(cfms(), "refuses_966001");
        JsonNode failed = flowView(TestUsers.OPERATOR);
        assertThat(failed.get("lastError").asText()).startsWith("TARGET_REJECTED: ").containsIgnoringCase("refuses_966001");
        assertThat(failed.get("deadLetters").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(failed.get("lastDeadLetteredAt").asText()).isNotEmpty();

        long deliveredBefore = failed.get("delivered").asLong();
        maker.publishRemands(id + 1, 5);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode flowing = flowView(TestUsers.VIEWER);
            assertThat(flowing.get("delivered").asLong()).isGreaterThanOrEqualTo(deliveredBefore + 5);
            assertThat(flowing.get("deliveredPerSecond").asDouble()).as("rate over the last minute in %s", flowing).isGreaterThan(0);
            assertThat(flowing.get("lastDeliveredAt").asText()).isNotEmpty();
        });

        long auditBefore = state.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM rabta_audit", Long.class);
        JsonNode paused = ok(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/flows/" + FLOW + "/pause", "{\"reason\": \"CFMS maintenance window\"}"));
        try {
            assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
            assertThat(paused.get("routes").findValuesAsText("status")).containsOnly("Stopped");
            insertAdmission(id + 10);
            maker.publishRemands(id + 11, 1);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode waiting = flowView(TestUsers.VIEWER);
                assertThat(waiting.get("waiting").asLong()).as("messages on the flow's queue").isGreaterThanOrEqualTo(1);
                assertThat(waiting.get("lagSeconds").isNumber()).as("lag of %s", waiting).isTrue();
                assertThat(waiting.get("lagSeconds").asLong()).isGreaterThanOrEqualTo(1);
            });
            Thread.sleep(2_000);
            assertThat(inboxStatus(id + 10)).as("a row written to PMIS while paused is not captured").isNull();
            assertThat(inboxStatus(id + 11)).as("a message on the bus while paused is not delivered").isNull();
            assertThat(flowView(TestUsers.VIEWER).get("state").asText()).isEqualTo("PAUSED");
        } finally {
            JsonNode resumed = ok(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/flows/" + FLOW + "/resume", null));
            assertThat(resumed.get("state").asText()).isEqualTo("RUNNING");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(inboxStatus(id + 10)).isEqualTo("UNDER_TRIAL");
            assertThat(inboxStatus(id + 11)).isEqualTo("JUDICIAL_REMAND");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(flowView(TestUsers.VIEWER).get("lagSeconds").isNull())
                .as("nothing waits once the flow has caught up").isTrue());
        assertThat(state.queryForList("SELECT action || ' ' || actor || ' ' || COALESCE(reason, '-') FROM rabta_audit WHERE target = ? AND seq > ?"
                + " ORDER BY seq", String.class, FLOW, auditBefore)).containsExactly("flow.paused olga CFMS maintenance window", "flow.resumed olga -");
        JsonNode flows = as(TestUsers.VIEWER).getForObject("/api/ops/flows", JsonNode.class);
        assertThat(flows.findValuesAsText("flow")).contains(FLOW, "cfms-hearings-to-pmis");
    }

    @Test
    void anUnknownFlowIsRefusedWithTheNamesOfTheFlowsThereAre() {
        long auditRows = auditRows();
        int jobs = as(TestUsers.VIEWER).getForObject("/api/ops/replay-jobs", JsonNode.class).size();
        for (String path : List.of("/api/ops/dead-letters?flow=no-such-flow", "/api/ops/dead-letters/no-such-flow",
                "/api/ops/dead-letters/export?format=csv&flow=no-such-flow", "/api/ops/flows/no-such-flow")) {
            ResponseEntity<JsonNode> refused = call(as(TestUsers.VIEWER), HttpMethod.GET, path, null);
            assertError(refused, 404, "no flow 'no-such-flow'; the flows are ");
            assertThat(refused.getBody().get("error").asText()).as(path).contains(FLOW, "cfms-hearings-to-pmis");
        }
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/replay",
                "{\"filter\": {\"flow\": \"no-such-flow\", \"reason\": \"TARGET_REJECTED\"}}"), 404, "no flow 'no-such-flow'; the flows are ");
        assertError(call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/flows/no-such-flow/pause", null), 404, "no flow 'no-such-flow'");
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/replay-jobs", JsonNode.class)).as("no job started").hasSize(jobs);
        assertThat(auditRows()).as("nothing refused was audited").isEqualTo(auditRows);
    }

    @Test
    void aSelectionOfLettersIsReplayedByIdAndTheRestStayDeadLetters() throws Exception {
        long id = 965_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_965001", id, id + 2);
        maker.publishRemands(id, 3);
        String first = awaitLetter(id).get("deadLetterId").asText();
        String second = awaitLetter(id + 1).get("deadLetterId").asText();
        String third = awaitLetter(id + 2).get("deadLetterId").asText();
        DeadLetterMaker.allow(cfms(), "refuses_965001");

        ResponseEntity<JsonNode> started = call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/replay",
                "{\"filter\": {\"ids\": [\"" + first + "\", \"" + third + "\"]}, \"ratePerSecond\": 0, \"reason\": \"two checked by hand\"}");
        assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(202);
        String job = started.getBody().get("id").asText();
        JsonNode done = await().atMost(WAIT).until(() -> as(TestUsers.VIEWER).getForObject("/api/ops/replay-jobs/" + job, JsonNode.class),
                progress -> !progress.get("state").asText().matches("QUEUED|RUNNING"));
        assertThat(done.get("state").asText()).isEqualTo("DONE");
        assertThat(done.get("total").asInt()).isEqualTo(2);
        assertThat(done.get("replayed").asInt()).isEqualTo(2);
        assertThat(done.get("requestedBy").asText()).isEqualTo(TestUsers.OPERATOR);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(inboxStatus(id)).isEqualTo("JUDICIAL_REMAND");
            assertThat(inboxStatus(id + 2)).isEqualTo("JUDICIAL_REMAND");
        });
        Thread.sleep(1_000);
        assertThat(inboxStatus(id + 1)).as("not selected, not replayed").isNull();
        assertThat(as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/" + FLOW + "/" + second, JsonNode.class).get("replayable").asBoolean())
                .isTrue();
        assertThat(state.queryForList("SELECT target FROM rabta_audit WHERE action = 'dead-letter.replayed' AND details LIKE ? ORDER BY target",
                String.class, "%" + job + "%")).containsExactlyInAnyOrder(first, third);
        assertThat(state.queryForObject("SELECT details FROM rabta_audit WHERE action = 'dead-letters.replay-started' AND target = ?", String.class, job))
                .contains(first, third);
    }

    @Test
    void aViewerSeesNoCnicInFlowErrorsOrTheAuditLogAndCannotFindALetterByItsCnicOrName() throws Exception {
        long id = 967_001;
        String cnic = "3520209670011";
        // CFMS already holds this CNIC for another admission, and its unique index quotes the value it refuses.
        cfms().update("INSERT INTO pmis_custody_inbox (jail_code, admission_id, cnic) VALUES ('CJ-LHR', ?, ?)", id - 1, cnic);
        cfms().execute("CREATE UNIQUE INDEX refuses_967001 ON pmis_custody_inbox (cnic)");
        try {
            maker.publishRemands(id, 1);
            aViewerSeesNoCnicIn(id, cnic);
        } finally {
            cfms().execute("DROP INDEX refuses_967001");
            cfms().update("DELETE FROM pmis_custody_inbox WHERE admission_id = ?", id - 1);
        }
    }

    private void aViewerSeesNoCnicIn(long id, String cnic) throws Exception {
        String deadLetterId = awaitLetter(id).get("deadLetterId").asText();
        String key = DeadLetterMaker.entityKey(id);

        assertThat(flowView(TestUsers.OPERATOR).get("lastError").asText()).contains(cnic);
        JsonNode forViewer = flowView(TestUsers.VIEWER);
        assertThat(forViewer.get("lastError").asText()).doesNotContain(cnic).contains("352*********1");
        for (JsonNode flow : as(TestUsers.VIEWER).getForObject("/api/flows", JsonNode.class)) {
            assertThat(flow.path("lastError").asText()).doesNotContain(cnic);
        }
        JsonNode listed = as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters?entityKey=" + key, JsonNode.class).get("items").get(0);
        assertThat(listed.get("message").asText()).doesNotContain(cnic).contains("352*********1");
        assertThat(as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters?entityKey=" + key, JsonNode.class).at("/items/0/message").asText())
                .contains(cnic);

        for (String q : List.of(cnic, "ALI RAZA", "ali raza")) {
            String query = "entityKey=" + key + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
            assertThat(as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters?" + query, JsonNode.class).get("total").asInt())
                    .as("an operator finds it by %s", q).isEqualTo(1);
            assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters?" + query, JsonNode.class).get("total").asInt())
                    .as("a viewer does not find it by %s", q).isZero();
            assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters/export?format=json&" + query, JsonNode.class))
                    .as("nor exports it by %s", q).isEmpty();
        }
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters?entityKey=" + key + "&q=" + URLEncoder.encode("A. R.", StandardCharsets.UTF_8),
                JsonNode.class).get("total").asInt()).as("a viewer searches what they see").isEqualTo(1);

        call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + deadLetterId + "/discard",
                "{\"reason\": \"CNIC 35202-0967001-1 entered twice in PMIS\"}");
        audit.recordNow("bus", "test.note", deadLetterId, null, Map.of("note", "seen with CNIC " + cnic));
        String operatorView = RecordJson.write(as(TestUsers.OPERATOR).getForObject("/api/ops/audit?target=" + deadLetterId, JsonNode.class));
        String viewerView = RecordJson.write(as(TestUsers.VIEWER).getForObject("/api/ops/audit?target=" + deadLetterId, JsonNode.class));
        assertThat(operatorView).contains("seen with CNIC " + cnic).contains("CNIC 352**-*******-1 entered twice");
        assertThat(viewerView).contains("seen with CNIC 352*********1").contains("CNIC 352**-*******-1 entered twice")
                .doesNotContain(cnic).doesNotContain("35202-0967001-1");
    }

    @Test
    void theAuditLogNeverHoldsACnicOrANameFromThePayloads() throws Exception {
        long id = 969_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_969001", id, id + 2);
        maker.publishRemands(id, 3);
        List<String> ids = new ArrayList<>();
        for (long admission = id; admission <= id + 2; admission++) {
            ids.add(awaitLetter(admission).get("deadLetterId").asText());
        }
        String cnic = "3520209690011";
        call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/" + FLOW + "/" + ids.get(0) + "/discard",
                "{\"reason\": \"duplicate of 35202-0969001-1\"}");
        String editId = edit(TestUsers.OPERATOR, ids.get(1), "[{\"op\": \"replace\", \"path\": \"/payload/person/name\", \"value\": \"ALI RAZA KHAN\"},"
                + " {\"op\": \"replace\", \"path\": \"/payload/status\", \"value\": \"UNDER_TRIAL\"}]", "name as on CNIC " + cnic).getBody().get("id").asText();
        ok(call(as(TestUsers.APPROVER), HttpMethod.POST, "/api/ops/edits/" + editId + "/approve", "{\"comment\": \"matches NADRA for 3520209690021\"}"));
        as(TestUsers.VIEWER).getForObject("/api/ops/dead-letters/export?format=csv&q=ALI%20RAZA", String.class);
        as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters/export?format=json&q=" + cnic.replace("9690011", "9690031"), String.class);
        DeadLetterMaker.allow(cfms(), "refuses_969001");
        JsonNode job = call(as(TestUsers.OPERATOR), HttpMethod.POST, "/api/ops/dead-letters/replay",
                "{\"filter\": {\"q\": \"ALI RAZA\", \"entityKey\": \"" + DeadLetterMaker.entityKey(id + 2) + "\"}, \"reason\": \"the admission of 3520209690031\"}").getBody();
        await().atMost(WAIT).until(() -> as(TestUsers.VIEWER).getForObject("/api/ops/replay-jobs/" + job.get("id").asText(), JsonNode.class)
                .get("state").asText().equals("DONE"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(inboxStatus(id + 1)).isEqualTo("UNDER_TRIAL");
            assertThat(inboxStatus(id + 2)).isEqualTo("JUDICIAL_REMAND");
        });
        audit.flush();

        List<String> rows = state.queryForList("SELECT CONCAT_WS('|', actor, action, target, reason, details) FROM rabta_audit", String.class);
        assertThat(rows).as("audit rows written").hasSizeGreaterThan(10);
        List<String> personal = List.of(cnic, "35202-0969001-1", "3520209690021", "3520209690031", "ALI RAZA", "ALI RAZA KHAN",
                "MUHAMMAD RAMZAN");
        for (String row : rows) {
            for (String value : personal) {
                assertThat(row.toUpperCase()).as("audit row %s", row).doesNotContain(value);
            }
        }
        assertThat(state.queryForObject("SELECT reason FROM rabta_audit WHERE action = 'dead-letter.discarded' AND target = ?", String.class, ids.get(0)))
                .isEqualTo("duplicate of 352**-*******-1");
        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE action = 'dead-letters.exported' AND actor = ? AND details LIKE ?",
                Long.class, TestUsers.VIEWER, "%\"textSha256\":\"" + RecordJson.sha256("ALI RAZA") + "\"%")).as("the export, with who made it").isEqualTo(1);
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
        assertThatThrownBy(() -> state.update("UPDATE rabta_audit SET reason = 'nothing to see' WHERE seq = ?", discardRow))
                .as("the database refuses a change").hasStackTraceContaining("rabta_audit is append-only");
        assertThatThrownBy(() -> state.update("DELETE FROM rabta_audit WHERE seq = ?", discardRow))
                .as("the database refuses a delete").hasStackTraceContaining("rabta_audit is append-only");
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/audit/verify", JsonNode.class).get("intact").asBoolean()).isTrue();

        // Someone with the right to drop the trigger can still change rows; the chain shows that they did.
        state.execute("DROP TRIGGER " + AppendOnlyAudit.TRIGGER);
        try {
            tamperWithAuditRow(discardRow);
        } finally {
            assertThat(AppendOnlyAudit.install(state)).isTrue();
        }
        assertThatThrownBy(() -> state.update("DELETE FROM rabta_audit WHERE seq = ?", discardRow)).hasStackTraceContaining("append-only");
        assertThat(as(TestUsers.VIEWER).getForObject("/api/ops/audit/verify", JsonNode.class).get("intact").asBoolean()).isTrue();
        DeadLetterMaker.allow(cfms(), "refuses_964001");
    }

    private void tamperWithAuditRow(long discardRow) {
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
    }

    private JsonNode awaitLetter(long admission) {
        return await().atMost(WAIT).until(() -> {
            JsonNode items = as(TestUsers.OPERATOR).getForObject("/api/ops/dead-letters?flow=" + FLOW + "&entityKey="
                    + DeadLetterMaker.entityKey(admission), JsonNode.class).get("items");
            return items.isEmpty() ? null : items.get(0);
        }, letter -> letter != null);
    }

    private JsonNode flowView(String user) {
        return as(user).getForObject("/api/ops/flows/" + FLOW, JsonNode.class);
    }

    /** An admission written to the demo PMIS, which the flow's capture reads. */
    private void insertAdmission(long id) {
        pmis().update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG,"
                        + " DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT, ADM_DT, PRSNR_STS, UPD_TS)"
                        + " VALUES (?, 'J001', ?, 'ALI RAZA', 'MUHAMMAD RAMZAN', 'S/O', 'M', ?, 30, '01/01/1996', 'N',"
                        + " 'LHR', '001', '77', '2026', 'PPC 379', '01/11/2026', '03/11/2026', 'UTP', ?)",
                id, "J001/2026/" + id, String.format("35202-%07d-1", id % 10_000_000), Timestamp.from(Instant.now()));
    }

    /** One request as sent, redirects not followed; with a user, over HTTP basic. */
    private HttpResponse<String> send(String user, String password, HttpMethod method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method.name(), json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
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
