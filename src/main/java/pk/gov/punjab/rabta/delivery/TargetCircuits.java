package pk.gov.punjab.rabta.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per delivery target. After a connection failure the circuit opens: deliveries to that target
 * fail fast (and wait to be retried) instead of each holding a connection attempt, until a probe gets through. Health
 * component "targets" shows every open circuit.
 */
@Component("targets")
public class TargetCircuits implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(TargetCircuits.class);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    public Circuit forTarget(String target) {
        return circuits.computeIfAbsent(target, Circuit::new);
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyOpen = false;
        for (Circuit circuit : circuits.values()) {
            details.put(circuit.target, circuit.describe());
            anyOpen |= circuit.isOpen();
        }
        return (anyOpen ? Health.down() : Health.up()).withDetails(details).build();
    }

    /** The state of one target: closed (deliveries go through) or open since a failure, with the last error. */
    public static final class Circuit {
        private final String target;
        private volatile Instant openSince;
        private volatile Instant nextProbe = Instant.EPOCH;
        private volatile String lastError;
        private volatile long failures;

        private Circuit(String target) {
            this.target = target;
        }

        /** Throws at once while the circuit is open and no probe is due; lets one call through when it is. */
        public synchronized void beforeCall() {
            if (openSince != null) {
                Instant now = Instant.now();
                if (now.isBefore(nextProbe)) {
                    throw new TargetUnavailableException(target, "circuit open since " + openSince + " (" + lastError + ")", null);
                }
                nextProbe = now.plus(PROBE_INTERVAL);
            }
        }

        public void succeeded() {
            if (openSince != null) {
                log.info("Target {} is reachable again after {} failed call(s) since {}", target, failures, openSince);
                openSince = null;
                failures = 0;
            }
        }

        public synchronized void unavailable(Throwable failure) {
            failures++;
            lastError = String.valueOf(failure.getMessage());
            if (openSince == null) {
                openSince = Instant.now();
                log.warn("Target {} is unavailable; its records wait and are retried: {}", target, lastError);
            }
            nextProbe = Instant.now().plus(PROBE_INTERVAL);
        }

        public boolean isOpen() {
            return openSince != null;
        }

        Map<String, Object> describe() {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("circuit", isOpen() ? "OPEN" : "CLOSED");
            if (isOpen()) {
                state.put("openSince", openSince.toString());
                state.put("failedCalls", failures);
                state.put("lastError", lastError);
            }
            return state;
        }
    }
}
