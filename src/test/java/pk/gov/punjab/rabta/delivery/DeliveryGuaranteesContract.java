package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.bus.BusSettings;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.support.ContentHashes;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.OnIntendedDatabase;
import pk.gov.punjab.rabta.support.SlowInboxWrites;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * Order per entity, once, and parking, on the real admission flow's delivery side, the same on every target database:
 * canonical records are put on the bus as capture would put them, four consumers deliver them into the CFMS inbox, and
 * a trigger on the inbox records every write in the order made; subclasses choose the databases.
 */
public abstract class DeliveryGuaranteesContract implements OnIntendedDatabase {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String FLOW = "pmis-admissions-to-cfms";
    static final String QUEUE = "custody-episodes";
    static final String DELIVERY_ROUTE = "pmis-admissions-to-cfms-delivery";
    static final String WINDOW_QUEUE = "test-delivery-window";

    // The delivery-window route outlives a test instance (one per method), so what it saw is kept here.
    private static final AtomicInteger windowDeliveries = new AtomicInteger();
    private static final List<Integer> windowBrokerDeliveryCounts = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicBoolean windowRowCommittedBeforeBroker = new AtomicBoolean();

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BusSender sender;

    @Autowired
    BusSettings settings;

    @Autowired
    ConnectorRegistry connectors;

    @Autowired
    MappingRegistry mappings;

    @Autowired
    FlowStats stats;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    EmbeddedActiveMQ broker;

    TestRestTemplate http;

    @Autowired
    void signIn(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD);
    }

    /** The product name the CFMS connector's database must report. */
    abstract String expectedTarget();

    @Override
    public ConnectorRegistry connectorRegistry() {
        return connectors;
    }

    @BeforeEach
    void publishRoutesAndInboxHistory() throws Exception {
        if (camel.getRoute("test-publish") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:publish").routeId("test-publish")
                            .to("mapping:pmis-admission-to-custody-episode")
                            .to("bus:" + QUEUE);
                }
            });
        }
        if (camel.getRoute(WINDOW_QUEUE) == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:publish-window").routeId("test-publish-window")
                            .to("mapping:pmis-admission-to-custody-episode")
                            .to("bus:" + WINDOW_QUEUE);
                    // The admission flow's delivery, then a failure where a crash would come: row committed, broker not.
                    from("bus:" + WINDOW_QUEUE).routeId(WINDOW_QUEUE)
                            .to("mapping:custody-episode-to-cfms-inbox")
                            .to("deliver:cfms-db?table=pmis_custody_inbox&key=jail_code,admission_id")
                            .process(DeliveryGuaranteesContract.this::afterTheRowIsWritten);
                }
            });
        }
        InboxHistory.install(cfms());
    }

    @Test
    void theTargetIsTheIntendedDatabase() throws Exception {
        try (Connection connection = connectors.dataSource("cfms-db").getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(expectedTarget());
        }
    }

    @Test
    void eachPrisonersRemandTransferAndReleaseSentBackToBackInOneBatchArriveInSourceOrderWithFourConsumers() throws Exception {
        assertThat(settings.getConsumers()).as("consumers on the queue").isEqualTo(4);
        int prisoners = 250;
        long firstPrisoner = 950_001;
        long firstOther = 951_001;
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < prisoners; i++) {
            // Adjacent in one broker transaction: without message groups each of the four would go to another consumer.
            records.add(admission(firstPrisoner + i, "JR", 1_000));
            records.add(admission(firstPrisoner + i, "TRF", 2_000));
            records.add(admission(firstPrisoner + i, "REL", 3_000));
            records.add(admission(firstOther + i, "UTP", 1_000));
        }
        ContentHashes hashes = ContentHashes.ofAdmissions(mappings);
        // A remand is slow to write, so a transfer or release handed to another consumer would overtake it.
        SlowInboxWrites.install(cfms(), Duration.ofMillis(5));
        try {
            publishInBatches(records, 100);
            await().atMost(WAIT).until(() -> waiting(QUEUE) == 0
                    && inboxCount(firstPrisoner, firstPrisoner + prisoners - 1) + inboxCount(firstOther, firstOther + prisoners - 1) == 2L * prisoners);
        } finally {
            SlowInboxWrites.remove(cfms());
        }

        Map<Long, List<String>> written = new LinkedHashMap<>();
        for (Map<String, Object> write : InboxHistory.writes(cfms(), firstPrisoner, firstOther + prisoners - 1)) {
            written.computeIfAbsent(((Number) write.get("admission_id")).longValue(), id -> new ArrayList<>())
                    .add(write.get("custody_status") + " " + write.get("rabta_version") + " " + write.get("rabta_hash"));
        }
        Map<Long, List<String>> expected = new LinkedHashMap<>();
        for (Map<String, Object> record : records) {
            long id = (Long) record.get("ADM_ID");
            String status = switch (record.get("PRSNR_STS").toString()) {
                case "JR" -> "JUDICIAL_REMAND";
                case "TRF" -> "TRANSFERRED";
                case "REL" -> "RELEASED";
                default -> "UNDER_TRIAL";
            };
            expected.computeIfAbsent(id, k -> new ArrayList<>()).add(status + " " + record.get("version") + " " + hash(hashes, record));
        }
        List<Long> outOfOrder = new ArrayList<>();
        expected.forEach((id, versions) -> {
            if (!versions.equals(written.get(id))) {
                outOfOrder.add(id);
            }
        });
        // Order came from the groups hashed into a few buckets (this suite's setting), not one group kept per prisoner.
        assertThat(settings.getGroupBuckets()).isLessThan(2 * prisoners);
        assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of(QUEUE)).getGroupCount())
                .as("message groups the broker holds after %d prisoners", 2 * prisoners).isLessThanOrEqualTo(settings.getGroupBuckets());
        assertThat(outOfOrder).as("%d of %d admissions not written version by version in source order with their content hashes;"
                        + " the first: %s expected %s", outOfOrder.size(), expected.size(),
                outOfOrder.isEmpty() ? null : written.get(outOfOrder.get(0)), outOfOrder.isEmpty() ? null : expected.get(outOfOrder.get(0)))
                .isEmpty();

        // The rows that stay: each holds its last version and the SHA-256 of that version's canonical payload.
        Map<Long, Map<String, Object>> last = new LinkedHashMap<>();
        records.forEach(r -> last.put((Long) r.get("ADM_ID"), r));
        for (Map<String, Object> row : cfms().queryForList("SELECT admission_id, rabta_version, rabta_hash FROM pmis_custody_inbox"
                + " WHERE admission_id BETWEEN ? AND ?", firstPrisoner, firstOther + prisoners - 1)) {
            Map<String, Object> source = last.get(((Number) row.get("admission_id")).longValue());
            assertThat(((Number) row.get("rabta_version")).longValue()).isEqualTo(source.get("version"));
            assertThat(row.get("rabta_hash")).as("admission %s content hash", row.get("admission_id")).isEqualTo(hash(hashes, source));
        }
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
        await().atMost(WAIT).until(() -> waiting(QUEUE) == 0);
        assertThat(InboxHistory.writes(cfms(), 952_000, 952_049)).as("each record of the batch written once").hasSize(50);
        assertThat(status(952_100)).isEqualTo("RELEASED");
        assertThat(InboxHistory.statuses(cfms(), 952_100)).containsExactly("RELEASED");
        assertThat(InboxHistory.versionsWrittenTwice(cfms())).isEmpty();
    }

    @Test
    void theBrokerKeepsOneCopyOfARecordSentAgainWithTheSameDuplicateId() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(admission(955_000 + i, "UTP", 5_000));
        }
        String mine = "RabtaSourceKey LIKE 'ADMSN:9550%'";
        // No consumer while the records are sent: what the queue holds is the broker's doing, no upsert can hide a copy.
        camel.getRouteController().stopRoute(DELIVERY_ROUTE);
        try {
            publishInBatches(batch, 20);
            assertThat(waiting(QUEUE, mine)).isEqualTo(20);
            // The whole batch again (the broker refuses the transaction, the bus resends record by record), then each alone.
            publishInBatches(batch, 20);
            publishOneByOne(batch);
            assertThat(waiting(QUEUE, mine)).as("the same 20 records sent twice more").isEqualTo(20);
            publishOneByOne(List.of(admission(955_000, "REL", 6_000)));
            assertThat(waiting(QUEUE, mine)).as("a new version has a duplicate id of its own").isEqualTo(21);
        } finally {
            camel.getRouteController().startRoute(DELIVERY_ROUTE);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(inboxCount(955_000, 955_019)).isEqualTo(20);
            assertThat(status(955_000)).isEqualTo("RELEASED");
        });
        await().atMost(WAIT).until(() -> waiting(QUEUE) == 0);
        assertThat(InboxHistory.writes(cfms(), 955_000, 955_019)).hasSize(21);
    }

    @Test
    void aDeliveryThatFailsAfterItsRowIsCommittedIsRedeliveredByTheBrokerAndTheUpsertSkipsIt() throws Exception {
        long x = 956_001;
        windowDeliveries.set(0);
        windowBrokerDeliveryCounts.clear();
        windowRowCommittedBeforeBroker.set(false);
        long skippedBefore = stats.of(WINDOW_QUEUE).duplicatesSkipped();
        Map<String, Object> row = admission(x, "UTP", 1_000);
        row.remove("version");
        producer.sendBodyAndHeaders("direct:publish-window", row, headers(row, 1_000));

        await().atMost(WAIT).until(() -> windowDeliveries.get() >= 2 && waiting(WINDOW_QUEUE) == 0);
        assertThat(windowRowCommittedBeforeBroker).as("the row was committed while the broker still held the message").isTrue();
        assertThat(windowBrokerDeliveryCounts).as("JMSXDeliveryCount of each delivery: the broker's own redelivery").containsExactly(1, 2);
        assertThat(InboxHistory.writes(cfms(), x, x)).as("written by the first delivery only").hasSize(1);
        assertThat(stats.of(WINDOW_QUEUE).duplicatesSkipped() - skippedBefore).as("the redelivery skipped by the upsert").isEqualTo(1);
    }

    /**
     * The window route's last step: the first delivery of a record fails once its batch's row has committed and before
     * the broker's commit, as a crash there would.
     */
    private void afterTheRowIsWritten(Exchange exchange) throws Exception {
        windowBrokerDeliveryCounts.add(exchange.getIn(JmsMessage.class).getJmsMessage().getIntProperty("JMSXDeliveryCount"));
        if (windowDeliveries.incrementAndGet() == 1) {
            long id = ((Number) exchange.getIn().getBody(Map.class).get("admission_id")).longValue();
            DeliveryBatch.of(exchange).afterCommit(() -> {
                windowRowCommittedBeforeBroker.set(inboxCount(id, id) == 1);
                throw new IllegalStateException("the bus stops here: after the row's commit, before the broker's");
            });
        }
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
        cfms().execute("ALTER TABLE pmis_custody_inbox DROP CONSTRAINT refuses_z_on_remand");
    }

    JdbcTemplate cfms() {
        return new JdbcTemplate(connectors.dataSource("cfms-db"));
    }

    private JsonNode parkedEntry(String key) {
        for (JsonNode entry : http.getForObject("/api/ops/parked", JsonNode.class)) {
            if (entry.get("entityKey").asText().equals(key)) {
                return entry;
            }
        }
        return null;
    }

    /** Messages on a queue, those handed to a consumer and not yet committed included. */
    private long waiting(String queue) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(queue)).getMessageCount();
    }

    /** Messages on a queue that the selector picks, as a JMS browser sees them. */
    private long waiting(String queue, String selector) throws Exception {
        try (jakarta.jms.Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector);
            return Collections.list(browser.getEnumeration()).size();
        }
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
                publishOneByOne(records.subList(start, Math.min(records.size(), start + size)));
                batch.commit();
            }
        }
    }

    /** Sends each record on its own, or into the batch open on this thread. */
    private void publishOneByOne(List<Map<String, Object>> records) {
        for (Map<String, Object> record : records) {
            Map<String, Object> row = new LinkedHashMap<>(record);
            long version = (Long) row.remove("version");
            producer.sendBodyAndHeaders("direct:publish", row, headers(row, version));
        }
    }

    private static Map<String, Object> headers(Map<String, Object> row, long version) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(RabtaHeaders.SOURCE_SYSTEM, "PMIS");
        headers.put(RabtaHeaders.SOURCE_KEY, "ADMSN:" + row.get("ADM_ID"));
        headers.put(RabtaHeaders.SOURCE_VERSION, version);
        headers.put(RabtaHeaders.SOURCE_HASH, row.get("PRSNR_STS") + "-" + version);
        headers.put(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
        headers.put(RabtaHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        return headers;
    }

    /** The hash the inbox row of this record must hold, worked out from the source row alone. */
    private static String hash(ContentHashes hashes, Map<String, Object> record) {
        Map<String, Object> row = new LinkedHashMap<>(record);
        row.remove("version");
        return hashes.of(row).hash();
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
