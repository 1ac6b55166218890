package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * Order per entity, once, and parking, on the real admission flow's delivery side: canonical records are put on the
 * bus as capture would put them, four consumers deliver them into the CFMS inbox, and a trigger on the inbox records
 * every write in commit order.
 */
@TestPropertySource(properties = "rabta.bus.consumers=4")
class DeliveryGuaranteesTests extends BusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FLOW = "pmis-admissions-to-cfms";

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BusSender sender;

    TestRestTemplate http;

    @Autowired
    void signIn(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD);
    }

    @BeforeEach
    void publishRouteAndInboxHistory() throws Exception {
        if (camel.getRoute("test-publish") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:publish").routeId("test-publish")
                            .to("mapping:pmis-admission-to-custody-episode")
                            .to("bus:custody-episodes");
                }
            });
        }
        InboxHistory.install(cfms());
    }

    @Test
    void anAdmissionTransferAndReleaseArriveInSourceOrderAmongAThousandOthersWithFourConsumers() throws Exception {
        long prisoner = 950_000;
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            records.add(admission(950_000 + i, "UTP", 1_000));
            if (i == 1) {
                records.add(admission(prisoner, "JR", 1_000));
            } else if (i == 400) {
                records.add(admission(prisoner, "TRF", 2_000));
            } else if (i == 800) {
                records.add(admission(prisoner, "REL", 3_000));
            }
        }
        publishInBatches(records, 100);

        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxCount(950_000, 951_000)).isEqualTo(1_001));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(prisoner)).isEqualTo("RELEASED"));
        assertThat(InboxHistory.statuses(cfms(), prisoner)).containsExactly("JUDICIAL_REMAND", "TRANSFERRED", "RELEASED");
        assertThat(cfms().queryForObject("SELECT COUNT(*) FROM inbox_history WHERE admission_id BETWEEN 950001 AND 951000", Long.class))
                .isEqualTo(1_000);
    }

    @Test
    void theSameCaptureBatchSentTwiceIsHeldOnceAndAnOlderVersionNeverOverwritesANewerOne() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(admission(952_000 + i, "UTP", 5_000));
        }
        publishInBatches(batch, 50);
        publishInBatches(batch, 50);
        publishInBatches(List.of(admission(952_100, "REL", 9_000)), 1);
        publishInBatches(List.of(admission(952_100, "JR", 8_000)), 1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxCount(952_000, 952_100)).isEqualTo(51));
        Thread.sleep(2_000);
        assertThat(cfms().queryForObject("SELECT COUNT(*) FROM inbox_history WHERE admission_id BETWEEN 952000 AND 952049", Long.class))
                .as("each record of the batch written once").isEqualTo(50);
        assertThat(status(952_100)).isEqualTo("RELEASED");
        assertThat(InboxHistory.statuses(cfms(), 952_100)).containsExactly("RELEASED");
        assertThat(InboxHistory.versionsWrittenTwice(cfms())).isEmpty();
    }

    @Test
    void aDeadLetteredEntityHoldsItsLaterUpdatesUntilReplayedWhileOthersFlow() throws Exception {
        long x = 953_001;
        cfms().execute("ALTER TABLE pmis_custody_inbox ADD CONSTRAINT refuses_x_on_remand"
                + " CHECK (NOT (admission_id = 953001 AND custody_status = 'JUDICIAL_REMAND'))");
        publishInBatches(List.of(admission(x, "JR", 1_000)), 1);
        publishInBatches(List.of(admission(x, "TRF", 2_000), admission(953_101, "UTP", 1_000)), 1);
        publishInBatches(List.of(admission(x, "REL", 3_000), admission(953_102, "UTP", 1_000)), 1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxCount(953_101, 953_102)).isEqualTo(2));
        JsonNode parked = await().atMost(WAIT).until(() -> parkedEntry("CJ-LHR:" + x), p -> p != null && p.get("held").asInt() == 2);
        assertThat(inboxCount(x, x)).isZero();
        JsonNode letters = http.getForObject("/api/ops/dead-letters/" + FLOW, JsonNode.class).get("items");
        JsonNode letter = null;
        for (JsonNode candidate : letters) {
            if (candidate.get("entityKey").asText().equals("CJ-LHR:" + x)) {
                letter = candidate;
            }
        }
        assertThat(letter).isNotNull();
        assertThat(letter.get("reason").asText()).isEqualTo("TARGET_REJECTED");
        assertThat(letter.get("deadLetterId").asText()).isEqualTo(parked.get("deadLetterId").asText());

        cfms().execute("ALTER TABLE pmis_custody_inbox DROP CONSTRAINT refuses_x_on_remand");
        JsonNode replayed = http.postForObject("/api/ops/dead-letters/" + FLOW + "/" + letter.get("deadLetterId").asText() + "/replay",
                null, JsonNode.class);
        assertThat(replayed.get("entityKey").asText()).isEqualTo("CJ-LHR:" + x);

        await().atMost(WAIT).untilAsserted(() -> assertThat(status(x)).isEqualTo("RELEASED"));
        assertThat(InboxHistory.statuses(cfms(), x)).containsExactly("JUDICIAL_REMAND", "TRANSFERRED", "RELEASED");
        await().atMost(WAIT).until(() -> parkedEntry("CJ-LHR:" + x) == null);
    }

    @Test
    void discardingADeadLetterReleasesTheEntitysHeldUpdates() throws Exception {
        long z = 954_001;
        cfms().execute("ALTER TABLE pmis_custody_inbox ADD CONSTRAINT refuses_z_on_remand"
                + " CHECK (NOT (admission_id = 954001 AND custody_status = 'JUDICIAL_REMAND'))");
        publishInBatches(List.of(admission(z, "JR", 1_000)), 1);
        publishInBatches(List.of(admission(z, "REL", 2_000)), 1);
        JsonNode parked = await().atMost(WAIT).until(() -> parkedEntry("CJ-LHR:" + z), p -> p != null && p.get("held").asInt() == 1);

        JsonNode discarded = http.postForObject("/api/ops/dead-letters/" + FLOW + "/" + parked.get("deadLetterId").asText()
                + "/discard?reason=superseded by the release", null, JsonNode.class);

        assertThat(discarded.get("reason").asText()).isEqualTo("TARGET_REJECTED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(z)).isEqualTo("RELEASED"));
        assertThat(InboxHistory.statuses(cfms(), z)).containsExactly("RELEASED");
        await().atMost(WAIT).until(() -> parkedEntry("CJ-LHR:" + z) == null);
    }

    private JsonNode parkedEntry(String key) {
        for (JsonNode entry : http.getForObject("/api/ops/parked", JsonNode.class)) {
            if (entry.get("entityKey").asText().equals(key)) {
                return entry;
            }
        }
        return null;
    }

    private long inboxCount(long from, long to) {
        return cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", Long.class, from, to);
    }

    private String status(long admission) {
        List<String> statuses = cfms().queryForList("SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    /** Puts records on the bus as a capture does: in broker transactions of the given size. */
    private void publishInBatches(List<Map<String, Object>> records, int size) throws Exception {
        for (int start = 0; start < records.size(); start += size) {
            try (BusSender.Batch batch = sender.beginBatch()) {
                for (Map<String, Object> row : records.subList(start, Math.min(records.size(), start + size))) {
                    long version = (Long) row.remove("version");
                    Map<String, Object> headers = new LinkedHashMap<>();
                    headers.put(RabtaHeaders.SOURCE_SYSTEM, "PMIS");
                    headers.put(RabtaHeaders.SOURCE_KEY, "ADMSN:" + row.get("ADM_ID"));
                    headers.put(RabtaHeaders.SOURCE_VERSION, version);
                    headers.put(RabtaHeaders.SOURCE_HASH, row.get("PRSNR_STS") + "-" + version);
                    headers.put(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
                    headers.put(RabtaHeaders.CORRELATION_ID, UUID.randomUUID().toString());
                    producer.sendBodyAndHeaders("direct:publish", new LinkedHashMap<>(row), headers);
                    row.put("version", version);
                }
                batch.commit();
            }
        }
    }

    private static Map<String, Object> admission(long id, String status, long version) {
        Map<String, Object> row = DeadLetterMaker.admission(id, status);
        if (status.equals("REL")) {
            row.put("REL_DT", "20/11/2026");
            row.put("REL_RSN", "BAIL");
        }
        row.put("version", version);
        return row;
    }
}
