package pk.gov.punjab.rabta.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jms.core.JmsTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.bus.BusSettings;
import pk.gov.punjab.rabta.capture.CheckpointStore;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.demo.DemoActivity;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.TestUsers;

class FlowsEndToEndTests extends BusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMISSION_FLOW_DLQ = "DLQ.pmis-admissions-to-cfms";

    @Autowired
    CodeTables codes;

    @Autowired
    CheckpointStore checkpoints;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    BusSettings busSettings;

    TestRestTemplate http;

    @Autowired
    void signIn(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD);
    }

    @Test
    void everyAdmissionAndHearingArrivesInTheOtherSidesInboxFieldByField() {
        long firstAdmission = nextId(pmis(), "ADMSN", "ADM_ID");
        long firstHearing = nextId(cfms(), "hearing", "id");
        new DemoActivity(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), codes, 42, 0).seed(20);

        List<Map<String, Object>> admissions = pmis().queryForList("SELECT * FROM ADMSN WHERE ADM_ID >= ? ORDER BY ADM_ID", firstAdmission);
        List<Map<String, Object>> hearings = cfms().queryForList("SELECT h.*, c.police_station_id, c.fir_number, c.fir_year, c.court_case_no"
                + " FROM hearing h JOIN case_file c ON c.id = h.case_id WHERE h.id >= ? ORDER BY h.id", firstHearing);
        assertThat(admissions).hasSizeGreaterThan(10);
        assertThat(hearings).hasSizeGreaterThan(20);

        ExpectedRows expected = new ExpectedRows(codes);
        long firstCase = hearings.stream().mapToLong(h -> ((Number) h.get("case_id")).longValue()).min().orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id >= ?", Long.class, firstAdmission))
                    .isEqualTo(admissions.size());
            assertThat(pmis().queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX WHERE CFMS_CASE >= ?", Long.class, firstCase))
                    .isEqualTo(hearings.size());
        });

        for (Map<String, Object> admission : admissions) {
            Map<String, Object> want = expected.custodyInboxRow(admission);
            Map<String, Object> got = cfms().queryForMap("SELECT * FROM pmis_custody_inbox WHERE jail_code = ? AND admission_id = ?",
                    want.get("jail_code"), want.get("admission_id"));
            ExpectedRows.assertRowMatches(got, want, "admission " + admission.get("ADM_ID"));
            assertThat(got.get("rabta_hash").toString()).matches("[0-9a-f]{64}");
        }
        for (Map<String, Object> hearing : hearings) {
            Map<String, Object> want = expected.productionInboxRow(hearing);
            Map<String, Object> got = pmis().queryForMap("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?",
                    want.get("FIR_KEY"), want.get("HRG_DT"));
            ExpectedRows.assertRowMatches(got, want, "hearing " + hearing.get("id"));
        }
    }

    @Test
    void recordsWithAnUnmappedCodeOrAMalformedCnicAreDeadLetteredWhileTheRestOfTheBatchArrives() throws Exception {
        Timestamp sameMoment = Timestamp.from(Instant.now());
        insertAdmission(900001, "J001", "35202-1234567-1", sameMoment);
        insertAdmission(900002, "J999", "35202-1234567-3", sameMoment);
        insertAdmission(900003, "J002", "35202-1234567-5", sameMoment);
        insertAdmission(900004, "J003", "35202-12345-7", sameMoment);
        insertAdmission(900005, "J004", "35202-1234567-9", sameMoment);

        await().atMost(WAIT).untilAsserted(() -> assertThat(cfms().queryForList(
                "SELECT admission_id FROM pmis_custody_inbox WHERE admission_id BETWEEN 900001 AND 900005 ORDER BY admission_id", Long.class))
                .containsExactly(900001L, 900003L, 900005L));

        JsonNode unmapped = deadLetter("ADMSN:900002", "UNMAPPED_CODE", "jail.code", "J999");
        assertThat(unmapped.get("message").asText()).contains("jails");
        JsonNode badCnic = deadLetter("ADMSN:900004", "VALIDATION", "person.cnic", "35202-12345-7");
        assertThat(badCnic.get("message").asText()).contains("CNIC");
        assertThat(badCnic.get("sourceRecord").get("ADM_ID").asLong()).isEqualTo(900004);
        assertThat(badCnic.get("mapping").asText()).isEqualTo("pmis-admission-to-custody-episode");
        assertThat(badCnic.get("mappingVersion").asInt()).isEqualTo(1);
        assertThat(badCnic.get("route").asText()).isEqualTo("pmis-admissions-to-cfms");
    }

    @Test
    void aRecordTheTargetRejectsIsRedeliveredThenDeadLetteredWithTheAttemptsWhileOthersArrive() throws Exception {
        cfms().execute("ALTER TABLE pmis_custody_inbox ADD CONSTRAINT inbox_refuses_test_prisoner CHECK (prisoner_number <> 'J001/2026/930001')");
        Timestamp now = Timestamp.from(Instant.now());
        insertAdmission(930001, "J001", "35202-2222222-1", now);
        insertAdmission(930002, "J001", "35202-2222222-3", now);

        await().atMost(WAIT).until(() -> inboxRow(930002) != null);
        JsonNode letter = deadLetter("ADMSN:930001", "TARGET_REJECTED", null, null);
        assertThat(letter.get("attempts").asInt()).as("attempts, as configured for the queue")
                .isEqualTo(busSettings.forQueue("custody-episodes").getMaxDeliveryAttempts()).isEqualTo(3);
        assertThat(letter.get("route").asText()).isEqualTo("pmis-admissions-to-cfms-delivery");
        assertThat(letter.get("step").asText()).isEqualTo("deliver://cfms-db?key=jail_code%2Cadmission_id&table=pmis_custody_inbox");
        assertThat(letter.get("exception").asText()).isEqualTo("org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException");
        assertThat(letter.get("message").asText()).containsIgnoringCase("inbox_refuses_test_prisoner");
        // The delivery side maps with a row mapping; the letter names the mapping that made the record it carries.
        assertThat(letter.get("mapping").asText()).isEqualTo("pmis-admission-to-custody-episode");
        assertThat(letter.get("mappingVersion").isInt()).isTrue();
        assertThat(letter.get("mappingVersion").asInt()).isEqualTo(1);

        // The source row as PMIS holds it, column for column.
        Map<String, Object> source = pmis().queryForMap("SELECT * FROM ADMSN WHERE ADM_ID = 930001");
        source.forEach((column, value) -> {
            JsonNode raw = letter.at("/sourceRecord/" + column);
            assertThat(raw.isMissingNode()).as("source column %s in the letter", column).isFalse();
            if (value instanceof Timestamp t) {
                // The captured row's JSON writes timestamps to the millisecond.
                assertThat(Instant.parse(raw.asText())).as("source column %s", column).isEqualTo(t.toInstant().truncatedTo(ChronoUnit.MILLIS));
            } else {
                assertThat(raw.isNull() ? null : raw.asText()).as("source column %s", column).isEqualTo(value == null ? null : value.toString());
            }
        });
        // The row the target refused, as the row mapping made it.
        Map<String, Object> wanted = new ExpectedRows(codes).custodyInboxRow(source);
        wanted.remove("rabta_version");
        wanted.forEach((column, value) -> {
            JsonNode mapped = letter.at("/mappedRecord/" + column);
            assertThat(mapped.isMissingNode()).as("mapped column %s in the letter", column).isFalse();
            assertThat(mapped.isNull() ? null : mapped.asText()).as("mapped column %s", column).isEqualTo(value == null ? null : value.toString());
        });
        assertThat(letter.at("/mappedRecord/prisoner_number").asText()).isEqualTo("J001/2026/930001");
        // The canonical record as it came off the bus, for a replay, and the retries' span with the backoff between them.
        assertThat(letter.at("/record/payload/admissionId").asLong()).isEqualTo(930001);
        assertThat(letter.at("/record/envelope/mapping").asText()).isEqualTo("pmis-admission-to-custody-episode");
        assertThat(letter.at("/record/envelope/mappingVersion").asInt()).isEqualTo(1);
        assertThat(Instant.parse(letter.get("firstFailedAt").asText())).isBefore(Instant.parse(letter.get("lastFailedAt").asText()));
        assertThat(inboxRow(930001)).isNull();
    }

    @Test
    void aReleaseUpdatesTheInboxRowAndARecaptureDeliversNothingTwice() throws InterruptedException {
        Timestamp admitted = Timestamp.from(Instant.now());
        insertAdmission(910001, "J001", "35202-7654321-1", admitted);
        await().atMost(WAIT).until(() -> inboxRow(910001) != null);

        Timestamp released = Timestamp.from(Instant.now().plusMillis(5));
        pmis().update("UPDATE ADMSN SET REL_DT = '20/11/2026', REL_RSN = 'BAIL', PRSNR_STS = 'REL', UPD_TS = ? WHERE ADM_ID = 910001", released);
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> row = inboxRow(910001);
            assertThat(row.get("custody_status")).isEqualTo("RELEASED");
            assertThat(row.get("release_reason")).isEqualTo("BAIL");
            assertThat(((Number) row.get("rabta_version")).longValue()).isEqualTo(released.getTime());
        });
        Object receivedAt = inboxRow(910001).get("rabta_received_at");
        long inboxSize = cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class);

        // Rewound: every admission is read again, and none is sent again, for each was sent with this content.
        long capturedBefore = capturedSoFar();
        checkpoints.rewind("pmis-admissions-to-cfms", false);
        await().atMost(WAIT).until(() -> !checkpoints.load("pmis-admissions-to-cfms").isStart()
                && checkpoints.load("pmis-admissions-to-cfms").lastKey().equals("910001"));
        assertThat(capturedSoFar()).isEqualTo(capturedBefore);

        // Rewound and the sent-row hashes lost, as in a crash between broker and state commits: all are sent again,
        // and the broker's duplicate detection and the versioned upsert keep the inbox as it was.
        checkpoints.rewind("pmis-admissions-to-cfms", true);
        await().atMost(WAIT).until(() -> capturedSoFar() >= capturedBefore + inboxSize);
        Thread.sleep(500);
        assertThat(cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class)).isEqualTo(inboxSize);
        assertThat(inboxRow(910001).get("rabta_received_at")).isEqualTo(receivedAt);
    }

    @Test
    void statusEndpointAndHealthShowFlowsBrokerAndConnectors() {
        insertAdmission(920001, "J001", "35202-1111111-1", Timestamp.from(Instant.now()));
        await().atMost(WAIT).until(() -> inboxRow(920001) != null);

        JsonNode flows = http.getForObject("/api/flows", JsonNode.class);
        JsonNode admissions = null;
        for (JsonNode flow : flows) {
            if (flow.get("flow").asText().equals("pmis-admissions-to-cfms")) {
                admissions = flow;
            }
        }
        assertThat(admissions).isNotNull();
        assertThat(admissions.get("captured").asLong()).isPositive();
        assertThat(admissions.get("delivered").asLong()).isPositive();
        assertThat(admissions.get("lastDeliveredAt").asText()).isNotBlank();
        assertThat(admissions.get("routes")).hasSize(2);

        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.at("/components/broker/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/connectors/components/pmis-db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/connectors/components/cfms-db/status").asText()).isEqualTo("UP");
    }

    @Test
    void theBusWaitsForTheBrokersAnswerAsLongAsConfiguredNotArtemissThirtySeconds() {
        assertThat(connectionFactory).isInstanceOf(JmsPoolConnectionFactory.class);
        Object artemis = ((JmsPoolConnectionFactory) connectionFactory).getConnectionFactory();
        assertThat(artemis).isInstanceOf(ActiveMQConnectionFactory.class);
        assertThat(((ActiveMQConnectionFactory) artemis).getCallTimeout()).isEqualTo(10_000L);
    }

    private JsonNode deadLetter(String sourceKey, String reason, String field, String rawValue) throws Exception {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(WAIT.toMillis());
        Message message = jms.receiveSelected(ADMISSION_FLOW_DLQ, "RabtaSourceKey = '" + sourceKey + "'");
        assertThat(message).as("dead letter for %s", sourceKey).isNotNull();
        assertThat(message.getStringProperty("RabtaFailureReason")).isEqualTo(reason);
        assertThat(message.getStringProperty("RabtaFailureField")).isEqualTo(field);
        assertThat(message.getStringProperty("RabtaFailureRawValue")).isEqualTo(rawValue);
        JsonNode body = new ObjectMapper().readTree(((TextMessage) message).getText());
        assertThat(body.get("reason").asText()).isEqualTo(reason);
        assertThat(body.get("field").isNull() ? null : body.get("field").asText()).isEqualTo(field);
        assertThat(body.get("rawValue").isNull() ? null : body.get("rawValue").asText()).isEqualTo(rawValue);
        assertThat(body.get("deadLetterId").asText()).isNotBlank();
        assertThat(java.time.Instant.parse(body.get("firstFailedAt").asText()))
                .isBeforeOrEqualTo(java.time.Instant.parse(body.get("lastFailedAt").asText()));
        return body;
    }

    private long capturedSoFar() {
        JsonNode flows = http.getForObject("/api/flows", JsonNode.class);
        for (JsonNode flow : flows) {
            if (flow.get("flow").asText().equals("pmis-admissions-to-cfms")) {
                return flow.get("captured").asLong();
            }
        }
        return 0;
    }

    private Map<String, Object> inboxRow(long admissionId) {
        List<Map<String, Object>> rows = cfms().queryForList("SELECT * FROM pmis_custody_inbox WHERE admission_id = ?", admissionId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private void insertAdmission(long id, String jail, String cnic, Timestamp updated) {
        pmis().update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG,"
                        + " DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT, ADM_DT, PRSNR_STS, UPD_TS)"
                        + " VALUES (?, ?, ?, 'ALI RAZA', 'MUHAMMAD RAMZAN', 'S/O', 'M', ?, 30, '01/01/1996', 'N',"
                        + " 'LHR', '001', '77', '2026', 'PPC 379, PPC 411', '01/11/2026', '03/11/2026', 'UTP', ?)",
                id, jail, jail + "/2026/" + id, cnic, updated);
    }

    private static long nextId(org.springframework.jdbc.core.JdbcTemplate jdbc, String table, String column) {
        return jdbc.queryForObject("SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table, Long.class);
    }
}
