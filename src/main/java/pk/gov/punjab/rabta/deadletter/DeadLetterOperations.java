package pk.gov.punjab.rabta.deadletter;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusEndpoint;
import pk.gov.punjab.rabta.bus.DeadLetterQueues;
import pk.gov.punjab.rabta.bus.ParkedEntities;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Lists, replays and discards the dead letters of a flow. A replay takes the letter off DLQ.&lt;flow&gt; and puts its
 * canonical record back on the flow's queue in one broker transaction, marked as released so that it goes ahead of
 * the messages its parked entity holds; a discard removes the letter and lets those held messages go.
 */
@Component
public class DeadLetterOperations {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterOperations.class);
    private static final long RECEIVE_TIMEOUT_MS = 2_000;

    private final ConnectionFactory connectionFactory;
    private final ParkedEntities parked;

    public DeadLetterOperations(ConnectionFactory connectionFactory, ParkedEntities parked) {
        this.connectionFactory = connectionFactory;
        this.parked = parked;
    }

    /** The letters on the flow's dead-letter queue, oldest first, without taking them off. */
    public List<Map<String, Object>> list(String flow) throws JMSException {
        List<Map<String, Object>> letters = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(DeadLetterQueues.forFlow(flow)))) {
            connection.start();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                letters.add(letter((Message) messages.nextElement()));
            }
        }
        return letters;
    }

    public Optional<Map<String, Object>> replay(String flow, String deadLetterId) throws JMSException {
        Optional<Map<String, Object>> replayed = takeLetter(flow, deadLetterId, (session, message, letter) -> {
            Object record = letter.get("record");
            Object address = letter.get("address");
            if (record == null || address == null) {
                throw new IllegalStateException("dead letter " + deadLetterId + " failed before it reached the bus (" + letter.get("reason")
                        + "); fix the source record or the code table and the next change of the row is captured again");
            }
            TextMessage again = session.createTextMessage(record instanceof String s ? s : RecordJson.write(record));
            Enumeration<?> names = message.getPropertyNames();
            while (names.hasMoreElements()) {
                String name = names.nextElement().toString();
                if (name.startsWith("Rabta") && !name.startsWith("RabtaFailure") && !name.equals(RabtaHeaders.FAILED_AT)
                        && !name.equals(RabtaHeaders.FIRST_FAILED_AT) && !name.equals(RabtaHeaders.DEAD_LETTER_ID)) {
                    again.setObjectProperty(name, message.getObjectProperty(name));
                }
            }
            again.setStringProperty("JMSXGroupID", String.valueOf(letter.get("entityKey")));
            again.setBooleanProperty(RabtaHeaders.RELEASE, true);
            again.setStringProperty(BusEndpoint.DUPLICATE_ID, "replay|" + deadLetterId);
            try (MessageProducer producer = session.createProducer(session.createQueue(address.toString()))) {
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(again);
            }
        });
        replayed.ifPresent(letter -> log.info("Replayed dead letter {} of flow {} (entity {})", deadLetterId, flow, letter.get("entityKey")));
        return replayed;
    }

    public Optional<Map<String, Object>> discard(String flow, String deadLetterId, String reason) throws JMSException {
        Optional<Map<String, Object>> discarded = takeLetter(flow, deadLetterId, (session, message, letter) -> {
        });
        if (discarded.isPresent()) {
            Map<String, Object> letter = discarded.get();
            log.info("Discarded dead letter {} of flow {} (entity {}): {}", deadLetterId, flow, letter.get("entityKey"), reason);
            Object key = letter.get("entityKey");
            if (key != null && letter.get("address") != null) {
                parked.releaseNext(flow, key.toString());
            }
        }
        return discarded;
    }

    /** Takes one letter off the dead-letter queue: whatever the action sends commits with the take, or neither happens. */
    private Optional<Map<String, Object>> takeLetter(String flow, String deadLetterId, LetterAction action) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(DeadLetterQueues.forFlow(flow)), selector(deadLetterId))) {
            connection.start();
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                return Optional.empty();
            }
            Map<String, Object> letter = letter(message);
            try {
                action.apply(session, message, letter);
            } catch (RuntimeException | JMSException e) {
                session.rollback();
                throw e;
            }
            session.commit();
            return Optional.of(letter);
        }
    }

    @FunctionalInterface
    private interface LetterAction {
        void apply(Session session, Message message, Map<String, Object> letter) throws JMSException;
    }

    private static String selector(String deadLetterId) {
        if (!deadLetterId.matches("[0-9a-fA-F-]{1,64}")) {
            throw new IllegalArgumentException("'" + deadLetterId + "' is not a dead-letter id");
        }
        return RabtaHeaders.DEAD_LETTER_ID + " = '" + deadLetterId + "'";
    }

    private static Map<String, Object> letter(Message message) throws JMSException {
        String body = message instanceof TextMessage text ? text.getText() : null;
        Map<String, Object> letter = body == null ? new LinkedHashMap<>() : new LinkedHashMap<>(RecordJson.readMap(body));
        letter.putIfAbsent("deadLetterId", message.getStringProperty(RabtaHeaders.DEAD_LETTER_ID));
        return letter;
    }
}
