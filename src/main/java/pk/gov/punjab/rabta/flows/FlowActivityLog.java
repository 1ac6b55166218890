package pk.gov.punjab.rabta.flows;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Writes one log line per flow whenever its counts change, so the console shows records moving. */
@Component
public class FlowActivityLog {
    private static final Logger log = LoggerFactory.getLogger("rabta.flows");

    private final FlowStatus status;
    private final Map<String, String> lastLine = new HashMap<>();

    public FlowActivityLog(FlowStatus status) {
        this.status = status;
    }

    @Scheduled(initialDelayString = "${rabta.flow-log-interval:10s}", fixedDelayString = "${rabta.flow-log-interval:10s}")
    public void logChanges() {
        for (FlowStatus.Flow flow : status.flows()) {
            String line = String.format("captured %d, delivered %d, duplicates skipped %d, dead-lettered %d",
                    flow.captured(), flow.delivered(), flow.duplicatesSkipped(), flow.deadLettered());
            if (!line.equals(lastLine.put(flow.flow(), line))) {
                log.info("flow {}: {}", flow.flow(), line);
            }
        }
    }
}
