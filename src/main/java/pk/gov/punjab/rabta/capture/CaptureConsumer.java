package pk.gov.punjab.rabta.capture;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * One poll reads a batch after the checkpoint and routes each row; the checkpoint moves past a row only once the route
 * has finished with it (sent to the broker, or dead-lettered), so a crash re-reads and never skips.
 */
final class CaptureConsumer extends ScheduledPollConsumer {
    private static final Logger log = LoggerFactory.getLogger(CaptureConsumer.class);

    private final CaptureEndpoint endpoint;
    private final SourceReader reader;
    private final CheckpointStore checkpoints;
    private final FlowStats stats;
    private volatile String sourceProblem;

    CaptureConsumer(CaptureEndpoint endpoint, Processor processor, SourceReader reader, CheckpointStore checkpoints, FlowStats stats) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.reader = reader;
        this.checkpoints = checkpoints;
        this.stats = stats;
    }

    @Override
    protected int poll() throws Exception {
        String routeId = getRouteId();
        Checkpoint checkpoint = checkpoints.load(routeId);
        List<Map<String, Object>> rows;
        try {
            rows = reader.readAfter(checkpoint);
            sourceProblem = null;
        } catch (java.sql.SQLException | pk.gov.punjab.rabta.definition.DefinitionException e) {
            // Logged once per distinct problem: a database that is down for an hour must not fill the log.
            String problem = e.getMessage();
            if (!problem.equals(sourceProblem)) {
                log.warn("Capture {} cannot read connector {}: {}; retrying every {} ms", routeId,
                        endpoint.getConnector().id(), problem, endpoint.getDelay());
                sourceProblem = problem;
            }
            stats.failed(FlowNames.of(getRoute()), problem);
            return 0;
        }
        int done = 0;
        for (Map<String, Object> row : rows) {
            Exchange exchange = createExchange(false);
            fill(exchange.getIn(), row);
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                // Stop here: the checkpoint stays before this row, so the next poll tries it again.
                stats.failed(FlowNames.of(getRoute()), exchange.getException().getMessage());
                getExceptionHandler().handleException("Capture stopped at " + exchange.getIn().getHeader(RabtaHeaders.SOURCE_KEY)
                        + "; it will be retried", exchange, exchange.getException());
                releaseExchange(exchange, false);
                break;
            }
            releaseExchange(exchange, false);
            checkpoint = reader.positionOf(row);
            done++;
        }
        if (done > 0) {
            checkpoints.save(routeId, checkpoint);
            stats.captured(FlowNames.of(getRoute()), done);
            log.debug("{}: captured {} row(s) from {}", routeId, done, endpoint.sourceName());
        }
        return done;
    }

    /** The last problem reading the source, or null while the source reads fine. */
    String sourceProblem() {
        return sourceProblem;
    }

    private void fill(Message message, Map<String, Object> row) {
        message.setBody(row);
        message.setHeader(RabtaHeaders.SOURCE_SYSTEM, endpoint.getConnector().system());
        message.setHeader(RabtaHeaders.SOURCE_TABLE, endpoint.sourceName());
        message.setHeader(RabtaHeaders.SOURCE_KEY, endpoint.sourceName() + ":" + reader.keyOf(row));
        message.setHeader(RabtaHeaders.SOURCE_VERSION, reader.watermarkOf(row).getTime());
        message.setHeader(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
        message.setHeader(RabtaHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        message.setHeader(RabtaHeaders.SOURCE_RECORD, RecordJson.write(row));
    }
}
