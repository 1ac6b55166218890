package pk.gov.punjab.rabta.alerts;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusEndpoint;

/**
 * Sends each new alert version, in one broker transaction per pass, to the multicast address any consumer may
 * subscribe to and to the queue of each department's alert flow. Headers are those of any canonical record on the bus,
 * so the ordinary delivery routes, dead letters and audit treat alerts like every other record.
 */
@Component
public class AlertPublisher {
    /** One alert version: its canonical record and the hash of its payload. */
    public record Outgoing(String alertId, long version, String record, String contentHash) {
    }

    private final ConnectionFactory connectionFactory;
    private final AlertSettings settings;

    public AlertPublisher(ConnectionFactory connectionFactory, AlertSettings settings) {
        this.connectionFactory = connectionFactory;
        this.settings = settings;
    }

    public void publish(List<Outgoing> alerts) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            try {
                send(session, session.createTopic(settings.getAddress()), alerts);
                for (String queue : settings.getQueues()) {
                    send(session, session.createQueue(queue), alerts);
                }
                session.commit();
            } catch (JMSException | RuntimeException e) {
                session.rollback();
                throw e;
            }
        }
    }

    private static void send(Session session, Destination destination, List<Outgoing> alerts) throws JMSException {
        try (MessageProducer producer = session.createProducer(destination)) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Outgoing alert : alerts) {
                TextMessage message = session.createTextMessage(alert.record());
                message.setStringProperty(RabtaHeaders.RECORD_TYPE, AlertBook.RECORD_TYPE);
                message.setStringProperty(RabtaHeaders.ENTITY_KEY, alert.alertId());
                message.setStringProperty(RabtaHeaders.SOURCE_SYSTEM, "RABTA");
                message.setStringProperty(RabtaHeaders.SOURCE_KEY, alert.alertId());
                message.setLongProperty(RabtaHeaders.SOURCE_VERSION, alert.version());
                message.setStringProperty(RabtaHeaders.SOURCE_HASH, alert.contentHash());
                message.setStringProperty(RabtaHeaders.CONTENT_HASH, alert.contentHash());
                message.setStringProperty(RabtaHeaders.OPERATION, "UPSERT");
                message.setStringProperty(RabtaHeaders.MAPPING, AlertBook.RULES_NAME);
                message.setIntProperty(RabtaHeaders.MAPPING_VERSION, AlertBook.RULES_VERSION);
                // One alert's versions in order; a republished version is dropped by the broker.
                message.setStringProperty("JMSXGroupID", alert.alertId());
                message.setStringProperty(BusEndpoint.DUPLICATE_ID, AlertBook.RECORD_TYPE + "|" + alert.alertId() + "|" + alert.version());
                producer.send(message);
            }
        }
    }
}
