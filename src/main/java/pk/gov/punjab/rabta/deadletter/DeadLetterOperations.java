package pk.gov.punjab.rabta.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.bus.BusEndpoint;
import pk.gov.punjab.rabta.bus.DeadLetterQueues;
import pk.gov.punjab.rabta.bus.ParkedEntities;
import pk.gov.punjab.rabta.flows.FlowStatus;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Finds, replays, discards and purges the dead letters of the flows, auditing each. A replay takes the letter off
 * DLQ.&lt;flow&gt; and puts its canonical record (or an approved edit of it) back on the flow's queue in one broker
 * transaction, marked as released so that it goes ahead of the messages its parked entity holds; a discard removes
 * the letter and lets those held messages go.
 */
@Component
public class DeadLetterOperations {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterOperations.class);
    private static final long RECEIVE_TIMEOUT_MS = 2_000;
    /** Letters taken off a queue per selector and per broker transaction in a bulk replay or purge. */
    private static final int CHUNK = 1000;
    /** The parts of a letter that hold personal data; a purge removes them and keeps the rest. */
    static final Set<String> PAYLOAD_FIELDS = Set.of("rawValue", "sourceRecord", "mappedRecord", "record");

    private final ConnectionFactory connectionFactory;
    private final ParkedEntities parked;
    private final AuditLog audit;
    private final FlowStatus flows;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public DeadLetterOperations(ConnectionFactory connectionFactory, ParkedEntities parked, AuditLog audit, FlowStatus flows,
                                ObjectProvider<EmbeddedActiveMQ> broker) {
        this.connectionFactory = connectionFactory;
        this.parked = parked;
        this.audit = audit;
        this.flows = flows;
        this.broker = broker;
    }

    /**
     * The flows a filter covers: the one it names, or every flow the bus runs or holds dead letters of. A flow it
     * knows neither way is refused with the names of those it does know, rather than matching nothing.
     */
    public List<String> flowsOf(DeadLetterFilter filter) {
        Set<String> known = knownFlows();
        if (filter.flow() == null) {
            return List.copyOf(known);
        }
        if (!known.contains(filter.flow())) {
            throw FlowStatus.unknownFlow(filter.flow(), known);
        }
        return List.of(filter.flow());
    }

    /** The flows of the bus's routes, then any whose routes are gone but whose dead-letter queue is still on the broker. */
    private Set<String> knownFlows() {
        Set<String> known = new LinkedHashSet<>();
        flows.flows().forEach(flow -> known.add(flow.flow()));
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded != null && embedded.getActiveMQServer() != null && embedded.getActiveMQServer().getPostOffice() != null) {
            embedded.getActiveMQServer().getPostOffice().getAddresses().stream().map(SimpleString::toString)
                    .filter(address -> address.startsWith(DeadLetterQueues.PREFIX)).sorted()
                    .forEach(address -> known.add(address.substring(DeadLetterQueues.PREFIX.length())));
        }
        return known;
    }

    /** The letters matching the filter, oldest first per flow, without taking them off their queues. */
    public List<Map<String, Object>> find(DeadLetterFilter filter) throws JMSException {
        return find(filter, UnaryOperator.identity());
    }

    /**
     * The letters matching the filter, the free text matched against each letter as the caller sees it, so that a
     * viewer's search cannot find a letter by a CNIC or name that is masked for them.
     */
    public List<Map<String, Object>> find(DeadLetterFilter filter, UnaryOperator<Map<String, Object>> asSeen) throws JMSException {
        List<Map<String, Object>> letters = new ArrayList<>();
        for (String flow : flowsOf(filter)) {
            browse(flow, filter.ids().size() == 1 ? selector(filter.ids().get(0)) : null, letter -> {
                if (filter.matches(letter, filter.text() == null ? "" : RecordJson.write(asSeen.apply(letter)))) {
                    letters.add(letter);
                }
            });
        }
        return letters;
    }

    public Optional<Map<String, Object>> find(String flow, String deadLetterId) throws JMSException {
        List<Map<String, Object>> found = find(new DeadLetterFilter(flow, null, null, null, null, null, List.of(deadLetterId)));
        return found.stream().findFirst();
    }

    private void browse(String flow, String selector, Consumer<Map<String, Object>> each) throws JMSException {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded != null && embedded.getActiveMQServer() != null) {
            browseInBroker(embedded, flow, selector == null ? null : selector.substring(selector.indexOf('\'') + 1, selector.lastIndexOf('\'')), each);
            return;
        }
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(DeadLetterQueues.forFlow(flow)), selector)) {
            connection.start();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Map<String, Object> letter = letter((Message) messages.nextElement());
                letter.putIfAbsent("flow", flow);
                each.accept(letter);
            }
        }
    }

    /**
     * Walks the queue inside the embedded broker: a JMS queue browser may end early while its client buffer refills,
     * which would hide letters from a list or a bulk replay.
     */
    private static void browseInBroker(EmbeddedActiveMQ embedded, String flow, String onlyId, Consumer<Map<String, Object>> each) {
        Queue queue = embedded.getActiveMQServer().locateQueue(SimpleString.of(DeadLetterQueues.forFlow(flow)));
        if (queue == null) {
            return;
        }
        try (LinkedListIterator<MessageReference> messages = queue.browserIterator()) {
            while (messages.hasNext()) {
                org.apache.activemq.artemis.api.core.Message message = messages.next().getMessage();
                Object id = message.getObjectProperty(SimpleString.of(RabtaHeaders.DEAD_LETTER_ID));
                if (onlyId != null && !onlyId.equals(String.valueOf(id))) {
                    continue;
                }
                SimpleString body = TextMessageUtil.readBodyText(message.toCore().getReadOnlyBodyBuffer());
                Map<String, Object> letter = body == null ? new LinkedHashMap<>() : new LinkedHashMap<>(RecordJson.readMap(body.toString()));
                letter.putIfAbsent("deadLetterId", id == null ? null : id.toString());
                letter.putIfAbsent("flow", flow);
                each.accept(letter);
            }
        }
    }

    /** A letter can be replayed when it failed after reaching the bus and its payload has not been purged. */
    public static boolean replayable(Map<String, Object> letter) {
        return letter.get("record") != null && letter.get("address") != null;
    }

    /** Replays one letter, with its own record or with a replacement (an approved edit). */
    public Optional<Map<String, Object>> replay(String flow, String deadLetterId, String actor, String why, Map<String, Object> replacement)
            throws JMSException {
        Optional<Map<String, Object>> letter = find(flow, deadLetterId);
        if (letter.isEmpty()) {
            return letter;
        }
        if (!replayable(letter.get())) {
            throw new IllegalStateException(notReplayable(deadLetterId, letter.get()));
        }
        List<String> replayed = replayChunk(flow, List.of(deadLetterId), actor, why, replacement, null, null);
        return replayed.isEmpty() ? Optional.empty() : letter;
    }

    private static String notReplayable(String deadLetterId, Map<String, Object> letter) {
        if (letter.get("payloadPurgedAt") != null) {
            return "dead letter " + deadLetterId + " cannot be replayed: its payload was purged at " + letter.get("payloadPurgedAt");
        }
        return "dead letter " + deadLetterId + " failed before it reached the bus (" + letter.get("reason")
                + "); fix the source record or the code table and the next change of the row is captured again";
    }

    /**
     * Replays every replayable letter matching the filter at no more than the given rate (0: as fast as the broker
     * takes them), reporting progress to the job as it goes.
     */
    public void replayMatching(DeadLetterFilter filter, String actor, String why, double ratePerSecond, ReplayJobs.Job job) throws JMSException {
        Map<String, List<String>> idsByFlow = new LinkedHashMap<>();
        int notReplayable = 0;
        for (Map<String, Object> letter : find(filter)) {
            if (replayable(letter)) {
                idsByFlow.computeIfAbsent(letter.get("flow").toString(), f -> new ArrayList<>()).add(letter.get("deadLetterId").toString());
            } else {
                notReplayable++;
            }
        }
        int total = idsByFlow.values().stream().mapToInt(List::size).sum();
        job.begin(total, notReplayable);
        long started = System.nanoTime();
        int[] sent = {0};
        // At a limited rate a chunk holds about a second of letters, so progress moves and a cancel takes hold within a second.
        int chunkSize = ratePerSecond <= 0 ? CHUNK : (int) Math.max(1, Math.min(CHUNK, Math.ceil(ratePerSecond)));
        for (Map.Entry<String, List<String>> flow : idsByFlow.entrySet()) {
            List<String> ids = flow.getValue();
            for (int start = 0; start < ids.size() && !job.cancelled(); start += chunkSize) {
                List<String> chunk = ids.subList(start, Math.min(ids.size(), start + chunkSize));
                List<String> replayed = replayChunk(flow.getKey(), chunk, actor, why, null, job.id(), new Pacer(started, ratePerSecond, sent));
                job.progress(replayed.size(), chunk.size() - replayed.size());
            }
        }
    }

    /** Keeps a bulk replay at its rate: before the n-th message, waits until n / rate seconds have passed. */
    private record Pacer(long startedNanos, double ratePerSecond, int[] sent) {
        void pace() {
            if (ratePerSecond <= 0) {
                return;
            }
            long due = startedNanos + (long) (sent[0] * 1_000_000_000L / ratePerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent[0]++;
        }
    }

    /** Takes the given letters off the flow's queue and replays them in one broker transaction; the ids replayed. */
    private List<String> replayChunk(String flow, List<String> ids, String actor, String why, Map<String, Object> replacement,
                                     String jobId, Pacer pacer) throws JMSException {
        List<Map<String, Object>> replayed = new ArrayList<>();
        Map<String, MessageProducer> producers = new HashMap<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(DeadLetterQueues.forFlow(flow)), selector(ids))) {
            connection.start();
            for (int i = 0; i < ids.size(); i++) {
                Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
                if (message == null) {
                    break;
                }
                Map<String, Object> letter = letter(message);
                if (!replayable(letter)) {
                    continue;
                }
                if (pacer != null) {
                    pacer.pace();
                }
                Object record = replacement != null ? replacement : letter.get("record");
                String written = RecordJson.write(record);
                TextMessage again = session.createTextMessage(record instanceof String s ? s : written);
                Enumeration<?> names = message.getPropertyNames();
                while (names.hasMoreElements()) {
                    String name = names.nextElement().toString();
                    if (name.startsWith("Rabta") && !name.startsWith("RabtaFailure") && !name.equals(RabtaHeaders.FAILED_AT)
                            && !name.equals(DeadLetters.FAILED_AT_MILLIS) && !name.equals(RabtaHeaders.FIRST_FAILED_AT)
                            && !name.equals(RabtaHeaders.DEAD_LETTER_ID)) {
                        again.setObjectProperty(name, message.getObjectProperty(name));
                    }
                }
                if (replacement != null) {
                    again.setStringProperty(RabtaHeaders.CONTENT_HASH, RecordJson.sha256(RecordJson.write(replacement)));
                }
                again.setStringProperty("JMSXGroupID", String.valueOf(letter.get("entityKey")));
                again.setBooleanProperty(RabtaHeaders.RELEASE, true);
                again.setStringProperty(BusEndpoint.DUPLICATE_ID, "replay|" + letter.get("deadLetterId") + (replacement != null ? "|edited" : ""));
                MessageProducer producer = producers.get(letter.get("address").toString());
                if (producer == null) {
                    // One per address for the chunk: making a producer asks the broker about the queue and waits.
                    producer = session.createProducer(session.createQueue(letter.get("address").toString()));
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    producers.put(letter.get("address").toString(), producer);
                }
                producer.send(again);
                letter.put("replayedRecordHash", RecordJson.sha256(written));
                replayed.add(letter);
            }
            session.commit();
        }
        for (Map<String, Object> letter : replayed) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("flow", flow);
            details.put("entityKey", letter.get("entityKey"));
            details.put("sourceKey", letter.get("sourceKey"));
            details.put("recordHash", letter.get("replayedRecordHash"));
            details.put("edited", replacement != null ? true : null);
            details.put("job", jobId);
            details.values().removeIf(Objects::isNull);
            audit.record(actor, "dead-letter.replayed", letter.get("deadLetterId").toString(), why, details);
            if (jobId == null) {
                log.info("Replayed dead letter {} of flow {} (entity {}) for {}", letter.get("deadLetterId"), flow, letter.get("entityKey"), actor);
            }
        }
        if (jobId == null && !replayed.isEmpty()) {
            audit.flush();
        } else if (!replayed.isEmpty()) {
            // A bulk job logs a line per chunk; the audit log names every letter.
            log.info("Replay job {} replayed {} dead letters of flow {} for {}", jobId, replayed.size(), flow, actor);
        }
        return replayed.stream().map(l -> l.get("deadLetterId").toString()).collect(Collectors.toList());
    }

    public Optional<Map<String, Object>> discard(String flow, String deadLetterId, String actor, String why) throws JMSException {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("a discard needs a reason");
        }
        Map<String, Object> letter;
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(DeadLetterQueues.forFlow(flow)), selector(deadLetterId))) {
            connection.start();
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                return Optional.empty();
            }
            letter = letter(message);
            session.commit();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("flow", flow);
        details.put("entityKey", letter.get("entityKey"));
        details.put("sourceKey", letter.get("sourceKey"));
        if (letter.get("record") != null) {
            details.put("recordHash", RecordJson.sha256(RecordJson.write(letter.get("record"))));
        }
        audit.recordNow(actor, "dead-letter.discarded", deadLetterId, why, details);
        log.info("Discarded dead letter {} of flow {} (entity {}) for {}: {}", deadLetterId, flow, letter.get("entityKey"), actor, why);
        Object key = letter.get("entityKey");
        if (key != null && letter.get("address") != null) {
            parked.releaseNext(flow, key.toString());
        }
        return Optional.of(letter);
    }

    /**
     * Removes the payload (source record, mapped record, canonical record, raw value) from every letter that last
     * failed before the cutoff, keeping the rest of the letter; each purge is audited. Returns the letters purged.
     */
    public int purgePayloads(Instant cutoff, String actor) throws JMSException {
        int purged = 0;
        for (String flow : flowsOf(DeadLetterFilter.all(null))) {
            List<String> ids = new ArrayList<>();
            browse(flow, null, letter -> {
                Object failedAt = letter.get("lastFailedAt");
                if (letter.get("payloadPurgedAt") == null && failedAt != null && Instant.parse(failedAt.toString()).isBefore(cutoff)
                        && PAYLOAD_FIELDS.stream().anyMatch(field -> letter.get(field) != null)) {
                    ids.add(letter.get("deadLetterId").toString());
                }
            });
            for (int start = 0; start < ids.size(); start += CHUNK) {
                purged += purgeChunk(flow, ids.subList(start, Math.min(ids.size(), start + CHUNK)), actor, cutoff);
            }
        }
        return purged;
    }

    private int purgeChunk(String flow, List<String> ids, String actor, Instant cutoff) throws JMSException {
        List<String> purged = new ArrayList<>();
        String now = Instant.now().toString();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(DeadLetterQueues.forFlow(flow)), selector(ids));
             MessageProducer producer = session.createProducer(session.createQueue(DeadLetterQueues.forFlow(flow)))) {
            connection.start();
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < ids.size(); i++) {
                Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
                if (message == null) {
                    break;
                }
                Map<String, Object> letter = letter(message);
                PAYLOAD_FIELDS.forEach(letter::remove);
                letter.put("payloadPurgedAt", now);
                TextMessage kept = session.createTextMessage(RecordJson.write(letter));
                Enumeration<?> names = message.getPropertyNames();
                while (names.hasMoreElements()) {
                    String name = names.nextElement().toString();
                    // The broker's duplicate id would make it drop the purged copy as a repeat of the letter it replaces.
                    if (name.startsWith("Rabta") && !name.equals(RabtaHeaders.FAILURE_RAW_VALUE) && !name.equals(RabtaHeaders.SOURCE_RECORD)) {
                        kept.setObjectProperty(name, message.getObjectProperty(name));
                    }
                }
                producer.send(kept);
                purged.add(letter.get("deadLetterId").toString());
            }
            session.commit();
        }
        for (String id : purged) {
            audit.record(actor, "dead-letter.payload-purged", id, "payload older than " + cutoff, Map.of("flow", flow));
        }
        return purged.size();
    }

    private static String selector(String deadLetterId) {
        return selector(List.of(deadLetterId));
    }

    private static String selector(List<String> deadLetterIds) {
        for (String id : deadLetterIds) {
            if (!id.matches(DeadLetterFilter.ID)) {
                throw new IllegalArgumentException("'" + id + "' is not a dead-letter id");
            }
        }
        return RabtaHeaders.DEAD_LETTER_ID + " IN (" + deadLetterIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")";
    }

    private static Map<String, Object> letter(Message message) throws JMSException {
        String body = message instanceof TextMessage text ? text.getText() : null;
        Map<String, Object> letter = body == null ? new LinkedHashMap<>() : new LinkedHashMap<>(RecordJson.readMap(body));
        letter.putIfAbsent("deadLetterId", message.getStringProperty(RabtaHeaders.DEAD_LETTER_ID));
        return letter;
    }
}
