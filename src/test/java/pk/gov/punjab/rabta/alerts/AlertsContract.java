package pk.gov.punjab.rabta.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.demo.DemoAlertCases;
import pk.gov.punjab.rabta.register.SynchronisedRecords;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * The demo's fixed under-trial cases through the whole bus: captured from both departments, kept in the register,
 * linked, checked by the rules, and the alerts delivered to both inboxes; the report and the review queue on top.
 * Subclasses say where the department databases are.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:bus-test.properties")
public abstract class AlertsContract {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Karachi"));

    @Autowired
    protected ConnectorRegistry connectors;

    @Autowired
    AlertWatch watch;

    @Autowired
    SynchronisedRecords records;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate state;

    @Autowired
    jakarta.jms.ConnectionFactory connectionFactory;

    @Test
    public void theKnownCasesRaiseExactlyTheirAlertsWhichReachBothDepartmentsAndTheReport() throws Exception {
        new DemoAlertCases(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), TODAY).install();
        awaitRegistered(19, 21, 20, 2);
        List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        jakarta.jms.Connection subscriber = connectionFactory.createConnection();
        jakarta.jms.Session session = subscriber.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
        // Any other consumer: a plain JMS subscription to the multicast address.
        session.createConsumer(session.createTopic("utp-alerts")).setMessageListener(m -> published.add(m.toString()));
        subscriber.start();

        AlertWatch.Pass pass = watch.runOnce(TODAY);

        assertThat(pass.candidates()).isEqualTo(DemoAlertCases.CANDIDATES);
        assertThat(openByRule()).isEqualTo(new TreeMap<>(DemoAlertCases.EXPECTED));
        int expected = DemoAlertCases.EXPECTED.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(pass.alerts().raised()).isEqualTo(expected);
        await().atMost(WAIT).until(() -> count(cfms(), "utp_alert_inbox") == expected && count(pmis(), "UTP_ALRT_INBX") == expected);
        await().atMost(WAIT).until(() -> published.size() == expected);
        subscriber.close();

        // One prisoner on two FIRs: two links, and the clock runs per case, so only the older FIR's bail is due.
        String twice = state.queryForObject("SELECT episode_key FROM rabta_link GROUP BY episode_key HAVING COUNT(DISTINCT fir_key) = 2", String.class);
        List<String> firs = state.queryForList("SELECT fir_key FROM rabta_link WHERE episode_key = ? AND state = 'LINKED' ORDER BY detention_start", String.class, twice);
        assertThat(firs).hasSize(2);
        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_alert WHERE rule_name = 'STATUTORY_BAIL' AND subject_key = ?", Integer.class,
                twice + "|" + firs.get(0))).isEqualTo(1);
        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_alert WHERE rule_name = 'STATUTORY_BAIL' AND subject_key = ?", Integer.class,
                twice + "|" + firs.get(1))).isZero();
        // One FIR with two co-accused: each linked by CNIC to a prisoner of their own.
        assertThat(state.queryForObject("SELECT COUNT(*) FROM (SELECT fir_key FROM rabta_link WHERE state = 'LINKED' GROUP BY fir_key"
                + " HAVING COUNT(DISTINCT episode_key) = 2) t", Integer.class)).isEqualTo(1);

        // What the prosecutor sees: the rule, its law and dates, and words that leave the decision to the court.
        Map<String, Object> bail = cfms().queryForMap("SELECT * FROM utp_alert_inbox WHERE rule_code = 'STATUTORY_BAIL' AND alert_state = 'DUE'"
                + " AND fir_key = (SELECT MIN(fir_key) FROM utp_alert_inbox WHERE rule_code = 'STATUTORY_BAIL' AND alert_state = 'DUE')");
        assertThat((String) bail.get("SUMMARY")).startsWith("Eligible for consideration of statutory bail since");
        assertThat((String) bail.get("LEGAL_BASIS")).contains("CrPC s.497(1), 3rd proviso");
        assertThat((String) bail.get("FACTS")).contains("\"detainedSince\"").contains("\"eligibleFrom\"");
        assertThat((String) bail.get("RABTA_HASH")).matches("[0-9a-f]{64}");
        assertThat(cfms().queryForObject("SELECT COUNT(*) FROM utp_alert_inbox WHERE LOWER(summary) LIKE '%must be released%'", Integer.class)).isZero();
        Map<String, Object> pmisRow = pmis().queryForMap("SELECT * FROM UTP_ALRT_INBX WHERE RULE_CD = 'NOT_PRODUCED'");
        assertThat((String) pmisRow.get("SMRY")).contains(DemoAlertCases.NOT_PRODUCED_REASON);
        assertThat((String) pmisRow.get("DUE_DT")).isEqualTo(TODAY.minusDays(3).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")));
        assertThat((String) pmisRow.get("JAIL_CD")).isEqualTo("CJ-LHR");

        // A pass over unchanged facts changes nothing.
        AlertWatch.Pass again = watch.runOnce(TODAY);
        assertThat(again.alerts().raised() + again.alerts().updated() + again.alerts().closed()).isZero();

        // The detention report adds up to the same numbers, in JSON and CSV.
        JsonNode report = get(TestUsers.VIEWER, "/api/ops/reports/detention").getBody();
        JsonNode total = report.get("total");
        assertThat(total.get("underTrial").asInt()).isEqualTo(DemoAlertCases.UNDER_TRIAL);
        assertThat(total.get("women").asInt()).isEqualTo(DemoAlertCases.WOMEN);
        assertThat(total.get("juveniles").asInt()).isEqualTo(DemoAlertCases.JUVENILES);
        assertThat(total.get("mothersWithChildren").asInt()).isEqualTo(DemoAlertCases.MOTHERS);
        for (int b = 0; b < DetentionReport.BANDS.size(); b++) {
            assertThat(total.get("byDetention").get(DetentionReport.BANDS.get(b)).asInt()).as(DetentionReport.BANDS.get(b))
                    .isEqualTo(DemoAlertCases.BANDS[b]);
        }
        Map<String, Integer> reported = new TreeMap<>();
        total.get("openAlerts").fields().forEachRemaining(e -> reported.put(e.getKey(), e.getValue().asInt()));
        assertThat(reported).isEqualTo(new TreeMap<>(DemoAlertCases.EXPECTED));
        assertThat(total.get("notProduced").get(DemoAlertCases.NOT_PRODUCED_REASON).asInt()).isEqualTo(1);
        JsonNode lahore = find(report.get("jails"), "CJ-LHR");
        JsonNode women = find(report.get("jails"), "WJ-MUL");
        JsonNode borstal = find(report.get("jails"), "BJ-BWP");
        assertThat(lahore.get("underTrial").asInt() + women.get("underTrial").asInt() + borstal.get("underTrial").asInt())
                .isEqualTo(DemoAlertCases.UNDER_TRIAL);
        assertThat(women.get("women").asInt()).isEqualTo(2);
        assertThat(find(report.get("courts"), "LHR-SJ").get("underTrial").asInt()).isEqualTo(DemoAlertCases.UNDER_TRIAL - 1);
        String csv = http.exchange("/api/ops/reports/detention?format=csv", HttpMethod.GET, new HttpEntity<>(auth(TestUsers.VIEWER)), String.class).getBody();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("level,code,name,under_trial,detained_under_3_months");
        assertThat(csv.lines().filter(l -> l.startsWith("total,ALL,All jails," + DemoAlertCases.UNDER_TRIAL + ",")).count()).isEqualTo(1);

        // The review queue: the mistyped CNIC is a candidate; a viewer sees it masked, an operator whole.
        JsonNode queue = get(TestUsers.OPERATOR, "/api/ops/links?state=PENDING").getBody();
        assertThat(queue).hasSize(1);
        JsonNode candidate = queue.get(0);
        assertThat(candidate.get("tier").asText()).isEqualTo("CANDIDATE");
        assertThat(candidate.get("evidence").get("cnic").asText()).isEqualTo("differs");
        assertThat(candidate.get("evidence").get("name").asText()).isEqualTo("same");
        assertThat(candidate.at("/prisoner/name").asText()).isEqualTo("MOHD. ARSHAD KHAN");
        assertThat(candidate.at("/accused/name").asText()).isEqualTo("Muhammad Arshad Khan");
        JsonNode masked = get(TestUsers.VIEWER, "/api/ops/links?state=PENDING").getBody().get(0);
        assertThat(masked.at("/prisoner/name").asText()).isNotEqualTo("MOHD. ARSHAD KHAN");
        assertThat(masked.at("/accused/cnic").asText()).doesNotContain("3520200000143");
        String id = candidate.get("id").asText();

        // Decisions need the operator role and a reason; an unknown link is a 404.
        assertThat(post(TestUsers.VIEWER, "/api/ops/links/" + id + "/confirm", "{\"reason\":\"same father, same FIR\"}").getStatusCode().value()).isEqualTo(403);
        assertThat(post(TestUsers.OPERATOR, "/api/ops/links/" + id + "/confirm", "{}").getStatusCode().value()).isEqualTo(400);
        assertThat(post(TestUsers.OPERATOR, "/api/ops/links/no-such-link/confirm", "{\"reason\":\"x\"}").getStatusCode().value()).isEqualTo(404);
        ResponseEntity<JsonNode> confirmed = post(TestUsers.OPERATOR, "/api/ops/links/" + id + "/confirm", "{\"reason\":\"same father, same FIR; CNIC typo\"}");
        assertThat(confirmed.getStatusCode().value()).isEqualTo(200);
        assertThat(confirmed.getBody().get("state").asText()).isEqualTo("CONFIRMED");
        assertThat(post(TestUsers.OPERATOR, "/api/ops/links/" + id + "/reject", "{\"reason\":\"changed my mind\"}").getStatusCode().value()).isEqualTo(409);
        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE action = 'link.confirmed' AND target = ? AND actor = ?",
                Integer.class, id, TestUsers.OPERATOR)).isEqualTo(1);

        // With the link confirmed, the rules know this prisoner's bail order: one more alert, delivered.
        watch.runOnce(TODAY);
        assertThat(openByRule().get("BAIL_NOT_RELEASED")).isEqualTo(2);
        await().atMost(WAIT).until(() -> count(cfms(), "utp_alert_inbox") == expected + 1);

        // A release closes the prisoner's alert; the inbox row turns CLOSED with a newer version.
        String bailAlert = state.queryForObject("SELECT MIN(id) FROM rabta_alert WHERE rule_name = 'BAIL_NOT_RELEASED'", String.class);
        String episode = bailAlert.substring(bailAlert.indexOf(':') + 1, bailAlert.indexOf('|'));
        long admission = Long.parseLong(episode.substring(episode.indexOf(':') + 1));
        pmis().update("UPDATE ADMSN SET REL_DT = ?, REL_RSN = 'BAIL', PRSNR_STS = 'REL', UPD_TS = CURRENT_TIMESTAMP WHERE ADM_ID = ?",
                TODAY.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")), admission);
        await().atMost(WAIT).until(() -> records.payloads("custody-episode").stream()
                .anyMatch(e -> e.path("admissionId").asLong() == admission && e.hasNonNull("releasedOn")));
        AlertWatch.Pass afterRelease = watch.runOnce(TODAY);
        assertThat(afterRelease.alerts().closed()).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> "CLOSED".equals(cfms().queryForObject("SELECT status FROM utp_alert_inbox WHERE alert_id = ?", String.class, bailAlert)));
        assertThat(cfms().queryForObject("SELECT rabta_version FROM utp_alert_inbox WHERE alert_id = ?", Long.class, bailAlert)).isEqualTo(2);
        await().atMost(WAIT).until(() -> "CLOSED".equals(pmis().queryForObject("SELECT ALRT_STS FROM UTP_ALRT_INBX WHERE ALRT_ID = ?", String.class, bailAlert)));

        // PMIS admits the accused CFMS held alone, with a mistyped CNIC: a candidate, and the orphan alert closes.
        Map<String, Object> orphanCase = cfms().queryForMap("SELECT a.id, c.fir_number, c.fir_year FROM accused a JOIN case_file c ON c.id = a.case_id"
                + " WHERE a.full_name = 'Sajid Rasool'");
        String orphanAlert = "ORPHAN_IN_CFMS:cfms:" + orphanCase.get("ID");
        pmis().update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DIST_CD, PS_CD,"
                + " FIR_NO, FIR_YR, SECTIONS, ARST_DT, ADM_DT, PRSNR_STS, UPD_TS) VALUES (900, 'J001', 'J001/X/900', 'SAJID RASOOL',"
                + " 'GHULAM RASOOL', 'S/O', 'M', '35202-0000031-3', 43, 'LHR', '001', ?, ?, 'PPC 379', ?, ?, 'JR', CURRENT_TIMESTAMP)",
                String.valueOf(orphanCase.get("FIR_NUMBER")), String.valueOf(orphanCase.get("FIR_YEAR")),
                TODAY.minusDays(2).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")),
                TODAY.minusDays(2).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")));
        await().atMost(WAIT).until(() -> records.count("custody-episode") == 20);
        watch.runOnce(TODAY);
        assertThat(state.queryForObject("SELECT status FROM rabta_alert WHERE id = ?", String.class, orphanAlert)).isEqualTo("CLOSED");
        JsonNode second = get(TestUsers.OPERATOR, "/api/ops/links?state=PENDING").getBody();
        assertThat(second).hasSize(1);
        String secondId = second.get(0).get("id").asText();
        assertThat(post(TestUsers.OPERATOR, "/api/ops/links/" + secondId + "/reject", "{\"reason\":\"different person: another father's CNIC\"}")
                .getStatusCode().value()).isEqualTo(200);

        // Rejected: never proposed again, and the accused is an orphan again.
        watch.runOnce(TODAY);
        watch.runOnce(TODAY);
        assertThat(get(TestUsers.OPERATOR, "/api/ops/links?state=PENDING").getBody()).isEmpty();
        assertThat(state.queryForObject("SELECT state FROM rabta_link WHERE id = ?", String.class, secondId)).isEqualTo("REJECTED");
        assertThat(state.queryForObject("SELECT status FROM rabta_alert WHERE id = ?", String.class, orphanAlert)).isEqualTo("OPEN");
        assertThat(state.queryForObject("SELECT COUNT(*) FROM rabta_audit WHERE action = 'link.rejected' AND target = ?", Integer.class, secondId))
                .isEqualTo(1);
    }

    private void awaitRegistered(int episodes, int accused, int cases, int orders) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(records.count("custody-episode")).isEqualTo(episodes);
            assertThat(records.count("person")).isEqualTo(accused);
            assertThat(records.count("case")).isEqualTo(cases);
            assertThat(records.count("order")).isEqualTo(orders);
            // Every case has a hearing a week ahead; two have one held as well.
            assertThat(records.count("court-event")).isEqualTo(cases + 1);
        });
    }

    private Map<String, Integer> openByRule() {
        Map<String, Integer> open = new TreeMap<>();
        state.queryForList("SELECT rule_name, COUNT(*) AS n FROM rabta_alert WHERE status = 'OPEN' GROUP BY rule_name")
                .forEach(r -> open.put((String) r.get("RULE_NAME"), ((Number) r.get("N")).intValue()));
        return open;
    }

    private static int count(JdbcTemplate db, String table) {
        Integer n = db.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return n == null ? 0 : n;
    }

    private static JsonNode find(JsonNode groups, String code) {
        for (JsonNode g : groups) {
            if (g.get("code").asText().equals(code)) {
                return g;
            }
        }
        throw new AssertionError("no group " + code + " in " + groups);
    }

    private ResponseEntity<JsonNode> get(String user, String path) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(auth(user)), JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(String user, String path, String json) {
        HttpHeaders headers = auth(user);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), JsonNode.class);
    }

    private static HttpHeaders auth(String user) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, TestUsers.basic(user));
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.valueOf("text/csv")));
        return headers;
    }

    private JdbcTemplate pmis() {
        return new JdbcTemplate(connectors.dataSource("pmis-db"));
    }

    private JdbcTemplate cfms() {
        return new JdbcTemplate(connectors.dataSource("cfms-db"));
    }
}
