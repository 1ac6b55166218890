package pk.gov.punjab.rabta.flows;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/** Counts what each flow captured, delivered and dead-lettered since the bus started, and when it last did so. */
@Component
public class FlowStats {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("rabta.flows");

    private final Map<String, Counters> flows = new ConcurrentHashMap<>();

    public Counters of(String flow) {
        return flows.computeIfAbsent(flow, f -> new Counters());
    }

    public void captured(String flow, long count) {
        Counters c = of(flow);
        c.captured.addAndGet(count);
        c.lastCapturedAt.set(Instant.now());
    }

    public void delivered(String flow) {
        Counters c = of(flow);
        if (c.delivered.incrementAndGet() == 1) {
            log.info("flow {}: first record delivered, {} ms after the bus process started", flow,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        c.lastDeliveredAt.set(Instant.now());
    }

    public void skippedDuplicate(String flow) {
        of(flow).duplicatesSkipped.incrementAndGet();
    }

    public void deadLettered(String flow, String why) {
        Counters c = of(flow);
        c.deadLettered.incrementAndGet();
        c.lastDeadLetteredAt.set(Instant.now());
        c.lastError.set(why);
    }

    /** The capture's current trouble reading its source, or null when it reads fine; the flow's health follows it. */
    public void captureProblem(String flow, String problem) {
        of(flow).captureProblem.set(problem);
    }

    public void failed(String flow, String why) {
        of(flow).lastError.set(why);
    }

    /** Live counters of one flow. */
    public static final class Counters {
        final AtomicLong captured = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong duplicatesSkipped = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicReference<Instant> lastCapturedAt = new AtomicReference<>();
        final AtomicReference<Instant> lastDeliveredAt = new AtomicReference<>();
        final AtomicReference<Instant> lastDeadLetteredAt = new AtomicReference<>();
        final AtomicReference<String> lastError = new AtomicReference<>();
        final AtomicReference<String> captureProblem = new AtomicReference<>();

        public String captureProblem() {
            return captureProblem.get();
        }

        public long captured() {
            return captured.get();
        }

        public long delivered() {
            return delivered.get();
        }

        public long duplicatesSkipped() {
            return duplicatesSkipped.get();
        }

        public long deadLettered() {
            return deadLettered.get();
        }

        public Instant lastCapturedAt() {
            return lastCapturedAt.get();
        }

        public Instant lastDeliveredAt() {
            return lastDeliveredAt.get();
        }

        public Instant lastDeadLetteredAt() {
            return lastDeadLetteredAt.get();
        }

        public String lastError() {
            return lastError.get();
        }
    }
}
