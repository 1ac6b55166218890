package pk.gov.punjab.rabta.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.audit.AuditLog;

/**
 * Dead-letter payloads (the records, which hold names and CNICs) are kept for rabta.ops.dead-letter-payload-retention
 * and then purged, hourly, leaving the rest of the letter; each purge is audited. 0 keeps them for ever.
 */
@Component
public class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final DeadLetterOperations operations;
    private final AuditLog audit;
    private final Duration payloadRetention;
    private final double defaultReplayRate;

    public Retention(DeadLetterOperations operations, AuditLog audit,
                     @Value("${rabta.ops.dead-letter-payload-retention:90d}") Duration payloadRetention,
                     @Value("${rabta.ops.replay-rate-per-second:100}") double defaultReplayRate) {
        this.operations = operations;
        this.audit = audit;
        this.payloadRetention = payloadRetention;
        this.defaultReplayRate = defaultReplayRate;
    }

    public Duration payloadRetention() {
        return payloadRetention;
    }

    /** The rate of a bulk replay that does not name one. */
    public double defaultReplayRate() {
        return defaultReplayRate;
    }

    @Scheduled(initialDelayString = "${rabta.ops.purge-interval:1h}", fixedDelayString = "${rabta.ops.purge-interval:1h}")
    void purgeOnSchedule() {
        if (payloadRetention.isZero() || payloadRetention.isNegative()) {
            return;
        }
        try {
            purge(Instant.now().minus(payloadRetention), "bus");
        } catch (JMSException | RuntimeException e) {
            log.warn("Dead-letter payload purge failed; it runs again in an hour: {}", e.toString());
        }
    }

    public int purge(Instant cutoff, String actor) throws JMSException {
        int purged = operations.purgePayloads(cutoff, actor);
        audit.recordNow(actor, "dead-letters.payloads-purged", null, "payloads of letters that last failed before " + cutoff,
                Map.of("purged", purged, "cutoff", cutoff.toString()));
        if (purged > 0) {
            log.info("Purged the payload of {} dead letter(s) that last failed before {}", purged, cutoff);
        }
        return purged;
    }
}
