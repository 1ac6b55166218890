package pk.gov.punjab.rabta.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.JMSException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.delivery.DeliveryBatch;

/**
 * Stands in front of a delivery route: a message for a parked entity is held instead of delivered, and a released
 * message that reached its target lets the next held one go.
 */
final class ParkingGate implements Processor {
    private final Processor route;
    private final ParkedEntities parked;
    private final String address;
    private final String flow;

    ParkingGate(Processor route, ParkedEntities parked, String address, String flow) {
        this.route = route;
        this.parked = parked;
        this.address = address;
        this.flow = flow;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String key = in.getHeader(RabtaHeaders.ENTITY_KEY, String.class);
        String body = in.getBody(String.class);
        exchange.setProperty(BusEndpoint.RECEIVED_FROM, address);
        exchange.setProperty(BusEndpoint.RECEIVED_RECORD, body);
        boolean released = Boolean.TRUE.equals(in.getHeader(RabtaHeaders.RELEASE, Boolean.class));
        if (key != null && !released && parked.holdIfParked(flow, key, address, messageId(in), body, () -> busProperties(in))) {
            return;
        }
        route.process(exchange);
        boolean deadLettered = exchange.getException() != null || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null;
        if (key != null && released && !deadLettered) {
            DeliveryBatch batch = DeliveryBatch.of(exchange);
            if (batch == null) {
                parked.releaseNext(flow, key);
            } else {
                // The next held message goes only once this one's write has committed.
                batch.afterCommit(() -> releaseNext(key));
            }
        }
    }

    private void releaseNext(String key) {
        try {
            parked.releaseNext(flow, key);
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot release the next held message of " + key + ": " + e.getMessage(), e);
        }
    }

    /** The record version's duplicate id: the same for a message redelivered after a crash. */
    private static String messageId(Message in) throws JMSException {
        Object id = in.getHeader(BusEndpoint.DUPLICATE_ID);
        if (id != null) {
            return id.toString();
        }
        return in instanceof JmsMessage jms && jms.getJmsMessage() != null ? jms.getJmsMessage().getJMSMessageID() : in.getMessageId();
    }

    /** The record's bus properties (Rabta*, group and duplicate id), kept with a held message to send it on unchanged. */
    static Map<String, Object> busProperties(Message in) {
        Map<String, Object> properties = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (BusMessage.isBusProperty(name)) {
                properties.put(name, value);
            }
        });
        return properties;
    }
}
