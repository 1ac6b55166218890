package pk.gov.punjab.rabta.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.jms.JMSException;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.bus.BusEndpoint;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.bus.ParkedEntities;
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
 * bad data at once, a delivery failure after the configured attempts. A dead-lettered delivery parks its entity.
 */
@Component
public class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private static final String ATTEMPTS = "RabtaAttempts";
    /** RabtaFailedAt as epoch milliseconds, so a JMS selector can pick letters by time. */
    public static final String FAILED_AT_MILLIS = "RabtaFailedAtMillis";

    private final BusSender sender;
    private final BusSettings settings;
    private final FlowStats stats;
    private final ParkedEntities parked;
    private final AuditLog audit;

    public DeadLetters(BusSender sender, BusSettings settings, FlowStats stats, ParkedEntities parked, AuditLog audit) {
        this.sender = sender;
        this.settings = settings;
        this.stats = stats;
        this.parked = parked;
        this.audit = audit;
    }

    /** Bad data: a mapping failed on the record itself, which no retry can mend. */
    public static boolean isBadData(Exchange exchange) {
        return mappingFailure(failureOf(exchange)) != null;
    }

    /** A delivery route's exchange, one that came off a bus: queue. */
    public static boolean isDelivery(Exchange exchange) {
        return exchange.getProperty(BusEndpoint.RECEIVED_FROM) != null;
    }

    /** Remembers when the record first failed; the retry decisions below see every failure. */
    private static void noteFailure(Exchange exchange) {
        if (exchange.getProperty(RabtaHeaders.FIRST_FAILED_AT) == null) {
            exchange.setProperty(RabtaHeaders.FIRST_FAILED_AT, Instant.now().toString());
        }
    }

    /** A target that is down is tried again for as long as the bus runs. */
    public static boolean whileRunning(Exchange exchange) {
        noteFailure(exchange);
        return exchange.getContext().getStatus().isStarted();
    }

    /** Another try is due while attempts remain and the bus is running. */
    public boolean attemptsLeft(Exchange exchange) {
        noteFailure(exchange);
        return exchange.getContext().getStatus().isStarted() && attempts(exchange) < allowedAttempts(exchange);
    }

    private int allowedAttempts(Exchange exchange) {
        return settings.forQueue(exchange.getProperty(BusEndpoint.RECEIVED_FROM, String.class)).getMaxDeliveryAttempts();
    }

    /**
     * Failed tries so far: this delivery's own (Camel has counted the latest failure when the retry decision is made),
     * plus one for each earlier delivery the broker made before a crash or stop. Kept on the exchange for the letter.
     */
    private static int attempts(Exchange exchange) {
        int here = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        int earlierDeliveries = exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null ? deliveryCount(jms) - 1 : 0;
        int attempts = Math.max(here + Math.max(0, earlierDeliveries), exchange.getProperty(ATTEMPTS, 0, Integer.class));
        exchange.setProperty(ATTEMPTS, attempts);
        return attempts;
    }

    private static Exception failureOf(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    public void send(Exchange exchange) {
        Exception failure = failureOf(exchange);
        MappingException mapping = mappingFailure(failure);
        if (mapping == null && isDelivery(exchange) && attempts(exchange) < allowedAttempts(exchange)) {
            // The bus is stopping mid-retry: the message goes back to the broker, not to the dead-letter queue.
            throw new IllegalStateException("delivery interrupted by shutdown after " + attempts(exchange) + " attempt(s)", failure);
        }
        String flow = FlowNames.of(exchange);
        Map<String, Object> in = exchange.getIn().getHeaders();
        FailureReason reason = mapping != null ? mapping.reason()
                : failure instanceof java.sql.SQLException ? FailureReason.TARGET_REJECTED : FailureReason.UNEXPECTED;
        int attempts = isDelivery(exchange) ? attempts(exchange) : 1;
        String now = Instant.now().toString();
        String deadLetterId = UUID.randomUUID().toString();
        String firstFailedAt = exchange.getProperty(RabtaHeaders.FIRST_FAILED_AT, now, String.class);

        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("deadLetterId", deadLetterId);
        letter.put("reason", reason.name());
        letter.put("field", mapping != null ? mapping.field() : null);
        letter.put("rawValue", mapping != null ? mapping.rawValue() : null);
        letter.put("message", mapping != null ? mapping.detail() : String.valueOf(failure.getMessage()));
        letter.put("exception", failure.getClass().getName());
        letter.put("flow", flow);
        letter.put("route", exchange.getFromRouteId());
        letter.put("step", exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class));
        // A failure raised outside a mapping (a target refusing the record) names none: the last mapping applied is the one.
        boolean namedByFailure = mapping != null && mapping.mapping() != null;
        letter.put("mapping", namedByFailure ? mapping.mapping() : in.get(RabtaHeaders.MAPPING));
        letter.put("mappingVersion", namedByFailure ? (Object) mapping.mappingVersion() : in.get(RabtaHeaders.MAPPING_VERSION));
        letter.put("attempts", attempts);
        letter.put("firstFailedAt", firstFailedAt);
        letter.put("lastFailedAt", now);
        letter.put("address", exchange.getProperty(BusEndpoint.RECEIVED_FROM));
        letter.put("entityKey", in.get(RabtaHeaders.ENTITY_KEY));
        letter.put("sourceSystem", in.get(RabtaHeaders.SOURCE_SYSTEM));
        letter.put("sourceKey", in.get(RabtaHeaders.SOURCE_KEY));
        letter.put("sourceVersion", in.get(RabtaHeaders.SOURCE_VERSION));
        letter.put("sourceRecord", json(in.get(RabtaHeaders.SOURCE_RECORD)));
        letter.put("mappedRecord", mappedRecord(exchange));
        // The canonical record as it came off the bus: what a replay sends again.
        letter.put("record", json(exchange.getProperty(BusEndpoint.RECEIVED_RECORD)));

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
        headers.put(FAILED_AT_MILLIS, Instant.parse(now).toEpochMilli());
        headers.put(RabtaHeaders.FIRST_FAILED_AT, firstFailedAt);
        headers.put(RabtaHeaders.DEAD_LETTER_ID, deadLetterId);
        headers.put("_AMQ_DUPL_ID", deadLetterId(exchange, letter));

        try {
            sender.send(DeadLetterQueues.forFlow(flow), RecordJson.write(letter), headers);
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot write the dead letter for " + in.get(RabtaHeaders.SOURCE_KEY) + ": " + e.getMessage(), e);
        }
        stats.deadLettered(flow, reason + ": " + letter.get("message"));
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("flow", flow);
        identity.put("failure", reason.name());
        identity.put("entityKey", in.get(RabtaHeaders.ENTITY_KEY));
        identity.put("sourceSystem", in.get(RabtaHeaders.SOURCE_SYSTEM));
        identity.put("sourceKey", in.get(RabtaHeaders.SOURCE_KEY));
        identity.put("sourceVersion", in.get(RabtaHeaders.SOURCE_VERSION));
        identity.put("recordHash", letter.get("record") == null ? null : RecordJson.sha256(RecordJson.write(letter.get("record"))));
        identity.values().removeIf(Objects::isNull);
        audit.record("bus", "message.dead-lettered", deadLetterId, null, identity);
        Object entityKey = in.get(RabtaHeaders.ENTITY_KEY);
        if (isDelivery(exchange) && entityKey != null) {
            parked.park(flow, entityKey.toString(), deadLetterId);
        }
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

    private static int deliveryCount(JmsMessage jms) {
        try {
            return jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
        } catch (JMSException | NumberFormatException e) {
            return 1;
        }
    }
}
