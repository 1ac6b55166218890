package pk.gov.punjab.rabta.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.JMSException;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.bus.BusSettings;
import pk.gov.punjab.rabta.bus.DeadLetterQueues;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.record.Masking;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Decides when a failed record goes to its flow's dead-letter queue, and writes it there with a structured reason:
 * bad data at once, anything else once the broker has redelivered it the configured number of times.
 */
@Component
public class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final BusSender sender;
    private final BusSettings settings;
    private final FlowStats stats;

    public DeadLetters(BusSender sender, BusSettings settings, FlowStats stats) {
        this.sender = sender;
        this.settings = settings;
        this.stats = stats;
    }

    /** Bad data never gets better by retrying; other failures are retried by the broker until the last attempt. */
    public boolean isFinal(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (mappingFailure(failure) != null) {
            return true;
        }
        if (exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            int attempts = attempts(jms);
            int allowed = settings.forQueue(queueOf(jms)).getMaxDeliveryAttempts();
            if (attempts < allowed) {
                log.warn("Delivery of {} failed (attempt {} of {}); the broker will redeliver it: {}",
                        exchange.getIn().getHeader(RabtaHeaders.SOURCE_KEY), attempts, allowed, String.valueOf(failure));
                return false;
            }
            return true;
        }
        return false;
    }

    public void send(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        MappingException mapping = mappingFailure(failure);
        String flow = FlowNames.of(exchange);
        Map<String, Object> in = exchange.getIn().getHeaders();
        FailureReason reason = mapping != null ? mapping.reason()
                : failure instanceof java.sql.SQLException ? FailureReason.TARGET_REJECTED : FailureReason.UNEXPECTED;
        int attempts = exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null ? attempts(jms) : 1;
        String now = Instant.now().toString();

        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("reason", reason.name());
        letter.put("field", mapping != null ? mapping.field() : null);
        letter.put("rawValue", mapping != null ? mapping.rawValue() : null);
        letter.put("message", mapping != null ? mapping.detail() : String.valueOf(failure.getMessage()));
        letter.put("exception", failure.getClass().getName());
        letter.put("flow", flow);
        letter.put("route", exchange.getFromRouteId());
        letter.put("step", exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class));
        letter.put("mapping", mapping != null ? mapping.mapping() : in.get(RabtaHeaders.MAPPING));
        letter.put("mappingVersion", mapping != null ? (Object) mapping.mappingVersion() : in.get(RabtaHeaders.MAPPING_VERSION));
        letter.put("attempts", attempts);
        letter.put("failedAt", now);
        letter.put("entityKey", in.get(RabtaHeaders.ENTITY_KEY));
        letter.put("sourceSystem", in.get(RabtaHeaders.SOURCE_SYSTEM));
        letter.put("sourceKey", in.get(RabtaHeaders.SOURCE_KEY));
        letter.put("sourceVersion", in.get(RabtaHeaders.SOURCE_VERSION));
        letter.put("sourceRecord", json(in.get(RabtaHeaders.SOURCE_RECORD)));
        letter.put("mappedRecord", mappedRecord(exchange));

        Map<String, Object> headers = new LinkedHashMap<>();
        for (String name : new String[] {RabtaHeaders.SOURCE_SYSTEM, RabtaHeaders.SOURCE_TABLE, RabtaHeaders.SOURCE_KEY,
                RabtaHeaders.SOURCE_VERSION, RabtaHeaders.SOURCE_HASH, RabtaHeaders.CAPTURED_AT, RabtaHeaders.CORRELATION_ID, RabtaHeaders.RECORD_TYPE,
                RabtaHeaders.ENTITY_KEY, RabtaHeaders.CONTENT_HASH, RabtaHeaders.MAPPING, RabtaHeaders.MAPPING_VERSION}) {
            if (in.get(name) != null) {
                headers.put(name, in.get(name));
            }
        }
        headers.put(RabtaHeaders.FLOW, flow);
        headers.put(RabtaHeaders.FAILURE_REASON, reason.name());
        putIfPresent(headers, RabtaHeaders.FAILURE_FIELD, letter.get("field"));
        putIfPresent(headers, RabtaHeaders.FAILURE_RAW_VALUE, letter.get("rawValue"));
        headers.put(RabtaHeaders.FAILURE_MESSAGE, letter.get("message"));
        headers.put(RabtaHeaders.FAILURE_EXCEPTION, letter.get("exception"));
        putIfPresent(headers, RabtaHeaders.FAILURE_ROUTE, letter.get("route"));
        putIfPresent(headers, RabtaHeaders.FAILURE_STEP, letter.get("step"));
        headers.put(RabtaHeaders.FAILURE_ATTEMPTS, attempts);
        headers.put(RabtaHeaders.FAILED_AT, now);
        headers.put("_AMQ_DUPL_ID", deadLetterId(exchange, letter));

        try {
            sender.send(DeadLetterQueues.forFlow(flow), RecordJson.write(letter), headers);
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot write the dead letter for " + in.get(RabtaHeaders.SOURCE_KEY) + ": " + e.getMessage(), e);
        }
        stats.deadLettered(flow, reason + ": " + letter.get("message"));
        log.warn("Dead-lettered {} from flow {} to {}: {}{}: {}", in.get(RabtaHeaders.SOURCE_KEY), flow, DeadLetterQueues.forFlow(flow),
                reason, mapping == null ? "" : " field " + mapping.field() + " value '" + Masking.forLog(mapping.field(), mapping.rawValue()) + "'",
                mapping != null ? mapping.detail() : failure.toString());
    }

    /**
     * The broker drops a second copy of the same dead letter: the same received message failing again after a crash,
     * or the same source version failing the same mapping again after capture was rewound.
     */
    private static String deadLetterId(Exchange exchange, Map<String, Object> letter) {
        if (exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            try {
                return "dead-letter|" + jms.getJmsMessage().getJMSMessageID();
            } catch (JMSException e) {
                // fall through to the source identity
            }
        }
        return "dead-letter|" + letter.get("sourceSystem") + "|" + letter.get("sourceKey") + "|" + letter.get("sourceVersion")
                + "|" + exchange.getIn().getHeader(RabtaHeaders.SOURCE_HASH) + "|" + letter.get("mapping") + "|" + letter.get("mappingVersion");
    }

    private static void putIfPresent(Map<String, Object> headers, String name, Object value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static Object mappedRecord(Exchange exchange) {
        // When a mapping failed the body is still its input; otherwise the body is what the last mapping produced.
        Object body = exchange.getIn().getBody();
        return body instanceof String s ? json(s) : body instanceof Map<?, ?> ? body : null;
    }

    private static Object json(Object text) {
        if (text instanceof String s && s.startsWith("{")) {
            try {
                return RecordJson.readMap(s);
            } catch (IllegalArgumentException e) {
                return s;
            }
        }
        return text;
    }

    static MappingException mappingFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MappingException m) {
                return m;
            }
        }
        return null;
    }

    private static int attempts(JmsMessage jms) {
        try {
            return jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
        } catch (JMSException | NumberFormatException e) {
            return 1;
        }
    }

    private static String queueOf(JmsMessage jms) {
        try {
            jakarta.jms.Destination destination = jms.getJmsMessage().getJMSDestination();
            return destination instanceof jakarta.jms.Queue q ? q.getQueueName() : String.valueOf(destination);
        } catch (JMSException e) {
            return "";
        }
    }
}
