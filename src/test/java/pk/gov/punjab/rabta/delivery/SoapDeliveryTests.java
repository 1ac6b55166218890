package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jms.core.JmsTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.demo.DemoActivity;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.soap.PmisFront;
import pk.gov.punjab.rabta.soap.SoapBusTestSupport;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.TestUsers;

/** The CFMS hearing -> PMIS production flow, switched to the demo PMIS web service by rabta.connectors.pmis-db.delivery=soap. */
class SoapDeliveryTests extends SoapBusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HEARINGS_DLQ = "DLQ.cfms-hearings-to-pmis";
    private static final String COURT_EVENT_MAPPING = "cfms-hearing-to-court-event";
    private static final String JOINED_HEARINGS = "SELECT h.*, c.police_station_id, c.fir_number, c.fir_year, c.court_case_no"
            + " FROM hearing h JOIN case_file c ON c.id = h.case_id";

    @Autowired
    CodeTables codes;

    @Autowired
    CamelContext camel;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    TestRestTemplate http;

    @Autowired
    MappingRegistry mappings;

    @BeforeEach
    void productionInboxHistory() {
        ProductionInboxHistory.install(pmis());
    }

    @Test
    void hearingsReachThePmisInboxThroughItsWebServiceFieldByField() {
        long firstHearing = nextId("hearing");
        new DemoActivity(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), codes, 7, 0).seed(8);
        List<Map<String, Object>> hearings = cfms().queryForList(JOINED_HEARINGS + " WHERE h.id >= ? ORDER BY h.id", firstHearing);
        assertThat(hearings).hasSizeGreaterThan(8);

        ExpectedRows expected = new ExpectedRows(codes);
        await().atMost(WAIT).untilAsserted(() -> {
            for (Map<String, Object> hearing : hearings) {
                Map<String, Object> want = expected.productionInboxRow(hearing);
                assertThat(pmis().queryForList("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?", want.get("FIR_KEY"), want.get("HRG_DT")))
                        .as("hearing %s", hearing.get("id")).hasSize(1);
            }
        });
        for (Map<String, Object> hearing : hearings) {
            Map<String, Object> want = expected.productionInboxRow(hearing);
            Map<String, Object> got = pmis().queryForMap("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?", want.get("FIR_KEY"), want.get("HRG_DT"));
            ExpectedRows.assertRowMatches(got, want, "hearing " + hearing.get("id"));
            assertThat(got.get("RBT_HASH").toString()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void aHearingTheServiceRefusesIsDeadLetteredWithTheFaultTextWhileTheOthersArrive() throws Exception {
        long caseId = aCase();
        LocalDate day = LocalDate.of(2027, 3, 1);
        long good1 = hearing(caseId, day, day.plusDays(14));
        long refused = hearing(caseId, day.plusDays(1), day.minusDays(5));
        long good2 = hearing(caseId, day.plusDays(2), null);

        await().atMost(WAIT).until(() -> arrived(good1) && arrived(good2));
        // Other tests of this shared bus leave refusals of their own: the letter is the one whose source row is ours.
        // H2 names the query's columns in upper case.
        JsonNode letter = await().atMost(WAIT).until(() -> refusalOf(refused), java.util.Objects::nonNull);
        assertThat(letter.at("/sourceRecord/ID").asLong()).isEqualTo(refused);
        assertThat(letter.get("message").asText())
                .isEqualTo("pmis-soap submitCourtProductionList refused the record: Client.InvalidEntry: entry 1: NXT_HRG_DT 24/02/2027"
                        + " is not after HRG_DT 02/03/2027");
        assertThat(letter.get("step").asText()).startsWith("deliver://pmis-db");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        // The refusal comes from PMIS, not from a mapping; the letter still names the mapping of the court event it carries.
        assertThat(letter.get("mapping").asText()).isEqualTo(COURT_EVENT_MAPPING);
        assertThat(letter.get("mappingVersion").asInt()).isEqualTo(mappings.mapping(COURT_EVENT_MAPPING).version()).isPositive();
        assertThat(arrived(refused)).isFalse();
    }

    @Test
    void whileTheServiceIsStoppedHearingsWaitAndArriveOnceWhenItReturns() throws Exception {
        long caseId = aCase();
        LocalDate day = LocalDate.of(2027, 4, 1);
        camel.getRouteController().stopRoute("demo-pmis-service");
        List<Long> waiting;
        try {
            waiting = List.of(hearing(caseId, day, null), hearing(caseId, day.plusDays(1), null), hearing(caseId, day.plusDays(2), null));
            await().atMost(WAIT).untilAsserted(() -> assertThat(http.withBasicAuth(TestUsers.VIEWER, TestUsers.PASSWORD).getForObject("/actuator/health", JsonNode.class)
                    .at("/components/targets/details/pmis-soap/circuit").asText()).isEqualTo("OPEN"));
            Thread.sleep(2_000);
            for (long hearing : waiting) {
                assertThat(arrived(hearing)).isFalse();
            }
        } finally {
            camel.getRouteController().startRoute("demo-pmis-service");
        }

        await().atMost(WAIT).until(() -> waiting.stream().allMatch(this::arrived));
        Thread.sleep(1_000);
        for (long hearing : waiting) {
            Map<String, Object> row = inboxRow(hearing);
            assertThat(ProductionInboxHistory.writes(pmis(), row.get("FIR_KEY").toString(), row.get("HRG_DT").toString())).isEqualTo(1);
        }
        Boolean otherDeadLetters = new JmsTemplate(connectionFactory).browseSelected(HEARINGS_DLQ, "RabtaFailureReason <> 'TARGET_REJECTED'",
                (session, browser) -> browser.getEnumeration().hasMoreElements());
        assertThat(otherDeadLetters).isFalse();
        assertThat(http.withBasicAuth(TestUsers.VIEWER, TestUsers.PASSWORD).getForObject("/actuator/health", JsonNode.class).at("/components/targets/details/pmis-soap/circuit").asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void whilePmisAnswers503HearingsWaitBehindAnOpenCircuitAndArriveOnceAfter() throws Exception {
        hearingsWaitWhilePmisFailsThenArriveOnce(LocalDate.of(2027, 5, 1), "503",
                () -> PMIS_FRONT.answer(PmisFront.Mode.UNAVAILABLE_503), () -> PMIS_FRONT.answer(PmisFront.Mode.FORWARD));
    }

    @Test
    void anHtmlErrorPageWithStatus500MakesHearingsWaitRatherThanBeDeadLettered() throws Exception {
        hearingsWaitWhilePmisFailsThenArriveOnce(LocalDate.of(2027, 5, 11), "500: an error page (text/html",
                () -> PMIS_FRONT.answer(PmisFront.Mode.ERROR_PAGE_500), () -> PMIS_FRONT.answer(PmisFront.Mode.FORWARD));
    }

    @Test
    void aSoapServerFaultFromPmisMakesHearingsWaitUntilItsStoreIsBack() throws Exception {
        // The demo PMIS answers soap:Server.StoreUnavailable while its production inbox refuses every write.
        hearingsWaitWhilePmisFailsThenArriveOnce(LocalDate.of(2027, 5, 21), "Server.StoreUnavailable",
                () -> pmis().execute("ALTER TABLE CRT_PROD_INBX ADD CONSTRAINT PMIS_STORE_OFFLINE CHECK (FIR_KEY = 'offline') NOCHECK"),
                () -> pmis().execute("ALTER TABLE CRT_PROD_INBX DROP CONSTRAINT PMIS_STORE_OFFLINE"));
    }

    @Test
    void aPmisThatDoesNotAnswerWithinTheReceiveTimeoutMakesHearingsWait() throws Exception {
        hearingsWaitWhilePmisFailsThenArriveOnce(LocalDate.of(2027, 6, 1), "timed out",
                () -> PMIS_FRONT.answer(PmisFront.Mode.NO_ANSWER), () -> PMIS_FRONT.answer(PmisFront.Mode.FORWARD));
    }

    @Test
    void whilePmisRefusesConnectionsHearingsWaitAndArriveOnceItListensAgain() throws Exception {
        hearingsWaitWhilePmisFailsThenArriveOnce(LocalDate.of(2027, 6, 11), "ConnectException",
                PMIS_FRONT::refuseConnections, PMIS_FRONT::acceptConnections);
    }

    /**
     * While PMIS fails in one way the hearings wait: the circuit opens with that failure, the calls go on being retried
     * well past the attempts after which a refused record is dead-lettered, none arrives and none is dead-lettered;
     * once PMIS is mended each arrives, written once, and the circuit closes.
     */
    private void hearingsWaitWhilePmisFailsThenArriveOnce(LocalDate day, String lastErrorPart, Step fail, Step mend) throws Exception {
        long caseId = aCase();
        List<Long> waiting;
        fail.run();
        try {
            waiting = List.of(hearing(caseId, day, null), hearing(caseId, day.plusDays(1), null), hearing(caseId, day.plusDays(2), null));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode circuit = pmisCircuit();
                assertThat(circuit.path("circuit").asText()).isEqualTo("OPEN");
                assertThat(circuit.path("lastError").asText()).contains(lastErrorPart);
            });
            long attemptsBeforeDeadLetter = 3;
            await().atMost(WAIT).until(() -> pmisCircuit().path("failedCalls").asLong() > attemptsBeforeDeadLetter + 1);
            assertThat(pmisCircuit().path("circuit").asText()).isEqualTo("OPEN");
            for (long hearing : waiting) {
                assertThat(arrived(hearing)).as("hearing %s while PMIS fails", hearing).isFalse();
            }
            assertThat(deadLettersOtherThanRefusals()).as("dead letters while PMIS fails").isZero();
        } finally {
            mend.run();
        }

        await().atMost(WAIT).until(() -> waiting.stream().allMatch(this::arrived));
        for (long hearing : waiting) {
            Map<String, Object> row = inboxRow(hearing);
            assertThat(ProductionInboxHistory.writes(pmis(), row.get("FIR_KEY").toString(), row.get("HRG_DT").toString()))
                    .as("writes of hearing %s", hearing).isEqualTo(1);
        }
        assertThat(deadLettersOtherThanRefusals()).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(pmisCircuit().path("circuit").asText()).isEqualTo("CLOSED"));
    }

    /** A step that changes how PMIS behaves. */
    private interface Step {
        void run() throws Exception;
    }

    private JsonNode pmisCircuit() {
        return http.withBasicAuth(TestUsers.VIEWER, TestUsers.PASSWORD).getForObject("/actuator/health", JsonNode.class)
                .at("/components/targets/details/pmis-soap");
    }

    private int deadLettersOtherThanRefusals() {
        Integer letters = new JmsTemplate(connectionFactory).browseSelected(HEARINGS_DLQ, "RabtaFailureReason <> 'TARGET_REJECTED'",
                (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
        return letters == null ? 0 : letters;
    }

    private long aCase() {
        new DemoActivity(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), codes, 11, 0).seed(1);
        return cfms().queryForObject("SELECT MAX(id) FROM case_file", Long.class);
    }

    private long hearing(long caseId, LocalDate date, LocalDate next) {
        long id = nextId("hearing");
        int court = cfms().queryForObject("SELECT court_id FROM case_file WHERE id = ?", Integer.class, caseId);
        Timestamp now = Timestamp.from(Instant.now());
        cfms().update("INSERT INTO hearing (id, case_id, court_id, hearing_date, next_hearing_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, caseId, court, Date.valueOf(date), next == null ? null : Date.valueOf(next), now, now);
        return id;
    }

    private boolean arrived(long hearingId) {
        return inboxRow(hearingId) != null;
    }

    private Map<String, Object> inboxRow(long hearingId) {
        Map<String, Object> hearing = cfms().queryForMap(JOINED_HEARINGS + " WHERE h.id = ?", hearingId);
        Map<String, Object> want = new ExpectedRows(codes).productionInboxRow(hearing);
        List<Map<String, Object>> rows = pmis().queryForList("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?", want.get("FIR_KEY"), want.get("HRG_DT"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private JsonNode refusalOf(long hearing) {
        return new JmsTemplate(connectionFactory).browseSelected(HEARINGS_DLQ, "RabtaFailureReason = 'TARGET_REJECTED'", (session, browser) -> {
            for (Object message : java.util.Collections.list(browser.getEnumeration())) {
                try {
                    JsonNode letter = new ObjectMapper().readTree(((TextMessage) message).getText());
                    if (letter.at("/sourceRecord/ID").asLong() == hearing) {
                        return letter;
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
    }

    private long nextId(String table) {
        return cfms().queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table, Long.class);
    }
}
