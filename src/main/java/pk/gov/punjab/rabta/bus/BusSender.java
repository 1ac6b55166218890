package pk.gov.punjab.rabta.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends records to the broker persistently. Inside a {@link Batch} every send of the calling thread joins one
 * transaction, so a capture batch reaches the broker whole or not at all, with one journal sync.
 */
@Component
public class BusSender {
    private static final Logger log = LoggerFactory.getLogger(BusSender.class);
    private final ConnectionFactory connectionFactory;
    private final ThreadLocal<Batch> current = new ThreadLocal<>();

    public BusSender(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Opens a transaction for this thread's sends until the batch is committed or closed. */
    public Batch beginBatch() throws JMSException {
        if (current.get() != null) {
            throw new IllegalStateException("a batch is already open on this thread");
        }
        Batch batch = new Batch(connectionFactory.createConnection());
        current.set(batch);
        return batch;
    }

    public void send(String queue, String body, Map<String, Object> properties) throws JMSException {
        Batch batch = current.get();
        if (batch != null) {
            batch.send(queue, body, properties);
            return;
        }
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            send(session, queue, body, properties);
        }
    }

    private static void send(Session session, String queue, String body, Map<String, Object> properties) throws JMSException {
        try (MessageProducer producer = producer(session, queue)) {
            send(session, producer, body, properties);
        }
    }

    private static MessageProducer producer(Session session, String queue) throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        return producer;
    }

    private static void send(Session session, MessageProducer producer, String body, Map<String, Object> properties) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            Object value = property.getValue();
            // JMS carries only strings, numbers and booleans as properties.
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                message.setObjectProperty(property.getKey(), value);
            }
        }
        producer.send(message);
    }

    private static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    private record Outgoing(String queue, String body, Map<String, Object> properties) {
    }

    /** One broker transaction spanning many sends of one thread. */
    public final class Batch implements AutoCloseable {
        private final Connection connection;
        private final Session session;
        private final List<Outgoing> pending = new ArrayList<>();
        // One producer per queue for the whole batch: making one asks the broker about the queue and waits for its answer.
        private final Map<String, MessageProducer> producers = new HashMap<>();

        private Batch(Connection connection) throws JMSException {
            this.connection = connection;
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
        }

        private void send(String queue, String body, Map<String, Object> properties) throws JMSException {
            MessageProducer producer = producers.get(queue);
            if (producer == null) {
                producer = producer(session, queue);
                producers.put(queue, producer);
            }
            BusSender.send(session, producer, body, properties);
            pending.add(new Outgoing(queue, body, properties));
        }

        public int pending() {
            return pending.size();
        }

        /**
         * Commits the batch. The broker refuses a whole transaction that holds one record it has already taken (a
         * re-read after a crash); such a batch is sent again record by record, and the broker drops just the duplicates.
         */
        public void commit() throws JMSException {
            try {
                session.commit();
            } catch (JMSException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
                log.info("A batch of {} held records the broker already had; sending it record by record", pending.size());
                try (Session single = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                    for (Outgoing record : pending) {
                        BusSender.send(single, record.queue(), record.body(), record.properties());
                    }
                }
            }
            pending.clear();
        }

        /** Rolls back what was not committed and releases the connection. */
        @Override
        public void close() throws JMSException {
            current.remove();
            try {
                if (!pending.isEmpty()) {
                    session.rollback();
                }
                session.close();
            } finally {
                connection.close();
            }
        }
    }
}
