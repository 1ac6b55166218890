package pk.gov.punjab.rabta.capture;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * One poll reads the next batch after the checkpoint and, once caught up, re-reads the overlap window for rows that
 * committed late; rows already sent with the same content are skipped. The batch goes to the broker in one
 * transaction, and only then do the checkpoint and the sent-row hashes move, so a crash re-reads and never skips.
 */
final class CaptureConsumer extends ScheduledPollConsumer {
    private static final Logger log = LoggerFactory.getLogger(CaptureConsumer.class);
    private static final long MAX_BACKOFF_MILLIS = 60_000;
    private static final long PROGRESS_EVERY_MILLIS = 10_000;

    private final CaptureEndpoint endpoint;
    private final SourceReader reader;
    private final CaptureComponent component;
    private volatile String sourceProblem;
    private int failuresInARow;
    private long nextAttemptAt;
    private final Progress progress = new Progress();

    CaptureConsumer(CaptureEndpoint endpoint, Processor processor, SourceReader reader, CaptureComponent component) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.reader = reader;
        this.component = component;
    }

    @Override
    protected int poll() throws Exception {
        if (System.currentTimeMillis() < nextAttemptAt) {
            return 0;
        }
        String routeId = getRouteId();
        String flow = FlowNames.of(getRoute());
        CheckpointStore store = component.checkpoints;
        Checkpoint checkpoint = store.load(routeId);
        List<Map<String, Object>> ahead;
        List<Map<String, Object>> window = List.of();
        try {
            ahead = reader.readAfter(checkpoint);
            if (ahead.size() < endpoint.getBatchSize() && endpoint.getOverlap() > 0 && !checkpoint.isStart()) {
                window = reader.readWindow(checkpoint, endpoint.getOverlap(), endpoint.getWindowLimit());
            }
            sourceReadable(flow);
        } catch (SQLException | DefinitionException e) {
            sourceUnreadable(flow, routeId, e.getMessage());
            return 0;
        }

        Map<String, Map<String, Object>> candidates = new LinkedHashMap<>();
        window.forEach(row -> candidates.put(sourceKey(row), row));
        ahead.forEach(row -> candidates.put(sourceKey(row), row));
        Map<String, String> sentBefore = store.sentHashes(routeId, candidates.keySet());

        Checkpoint position = checkpoint;
        Map<String, CheckpointStore.Sent> sent = new LinkedHashMap<>();
        int routed = 0;
        try (BusSender.Batch batch = component.sender.beginBatch()) {
            for (Map.Entry<String, Map<String, Object>> candidate : candidates.entrySet()) {
                Map<String, Object> row = candidate.getValue();
                String hash = RecordJson.sha256(RecordJson.write(row));
                boolean isAhead = isAfter(reader.positionOf(row), checkpoint);
                if (hash.equals(sentBefore.get(candidate.getKey()))) {
                    // Already sent with this content: an overlap re-read, or a replay after a crash.
                    if (isAhead) {
                        position = reader.positionOf(row);
                    }
                    continue;
                }
                Exchange exchange = route(row, candidate.getKey(), hash);
                if (exchange.getException() != null) {
                    // Stop here: what was routed before this row is committed, this row is read again next time.
                    component.stats.failed(flow, exchange.getException().getMessage());
                    getExceptionHandler().handleException("Capture stopped at " + candidate.getKey() + "; it will be retried",
                            exchange, exchange.getException());
                    releaseExchange(exchange, false);
                    break;
                }
                releaseExchange(exchange, false);
                sent.put(candidate.getKey(), new CheckpointStore.Sent(candidate.getKey(), hash, reader.watermarkOf(row)));
                if (isAhead) {
                    position = reader.positionOf(row);
                }
                routed++;
            }
            batch.commit();
        } catch (jakarta.jms.JMSException e) {
            // Nothing of the batch counts as sent: the checkpoint stays, the rows are read again after a pause.
            sourceUnreadable(flow, routeId, "the broker did not take the batch: " + brief(e));
            return 0;
        }
        if (!position.equals(checkpoint) || !sent.isEmpty()) {
            store.commit(routeId, position, new ArrayList<>(sent.values()));
        }
        if (routed > 0) {
            component.stats.captured(flow, routed);
        }
        if (endpoint.getOverlap() > 0 && position.watermark() != null && !position.equals(checkpoint)) {
            store.forgetBefore(routeId, new Timestamp(position.watermark().getTime() - 2 * endpoint.getOverlap()));
        }
        progress.report(routeId, ahead.size() == endpoint.getBatchSize(), routed, position);
        return routed;
    }

    /** Routes one row; an unreadable column fails the row as VALIDATION so that it is dead-lettered, not skipped. */
    private Exchange route(Map<String, Object> row, String sourceKey, String hash) {
        Exchange exchange = createExchange(false);
        fill(exchange.getIn(), row, sourceKey, hash);
        try {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                if (column.getValue() instanceof SourceReader.Unreadable bad) {
                    throw new MappingException(FailureReason.VALIDATION, bad.column(), null,
                            "the database could not read this value: " + bad.problem());
                }
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() instanceof MappingException unreadable && !exchange.isRouteStop()) {
            // Not routed at all: hand it to the same dead-letter writer the route's error handling uses.
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, unreadable);
            exchange.setException(null);
            try {
                component.deadLetters.send(exchange);
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
        }
        return exchange;
    }

    private static boolean isAfter(Checkpoint position, Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return true;
        }
        int byWatermark = position.watermark().compareTo(checkpoint.watermark());
        return byWatermark > 0 || (byWatermark == 0 && compareKeys(position.lastKey(), checkpoint.lastKey()) > 0);
    }

    private static int compareKeys(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private void sourceReadable(String flow) {
        if (sourceProblem != null) {
            log.info("Capture {} reads connector {} again", getRouteId(), endpoint.getConnector().id());
        }
        sourceProblem = null;
        failuresInARow = 0;
        component.stats.captureProblem(flow, null);
    }

    /** Logged once per distinct problem, retried with a growing pause: a database down for an hour must not fill the log. */
    private void sourceUnreadable(String flow, String routeId, String problem) {
        failuresInARow++;
        long pause = Math.min(MAX_BACKOFF_MILLIS, endpoint.getDelay() * (1L << Math.min(failuresInARow, 16)));
        nextAttemptAt = System.currentTimeMillis() + pause;
        if (!problem.equals(sourceProblem)) {
            log.warn("Capture {} cannot read connector {}: {}; retrying with backoff (next in {} ms)", routeId,
                    endpoint.getConnector().id(), problem, pause);
            sourceProblem = problem;
        }
        component.stats.captureProblem(flow, problem);
    }

    /** An exception's message without the message dump some broker errors append (it holds names and CNICs). */
    private static String brief(Exception e) {
        String message = String.valueOf(e.getMessage());
        int dump = message.indexOf("Message information");
        return e.getClass().getSimpleName() + ": " + (dump > 0 ? message.substring(0, dump).trim() : message);
    }

    private String sourceKey(Map<String, Object> row) {
        return endpoint.sourceName() + ":" + reader.keyOf(row);
    }

    private void fill(Message message, Map<String, Object> row, String sourceKey, String hash) {
        message.setBody(row);
        message.setHeader(RabtaHeaders.SOURCE_SYSTEM, endpoint.getConnector().system());
        message.setHeader(RabtaHeaders.SOURCE_TABLE, endpoint.sourceName());
        message.setHeader(RabtaHeaders.SOURCE_KEY, sourceKey);
        message.setHeader(RabtaHeaders.SOURCE_VERSION, reader.watermarkOf(row).getTime());
        message.setHeader(RabtaHeaders.SOURCE_HASH, hash);
        message.setHeader(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
        message.setHeader(RabtaHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        message.setHeader(RabtaHeaders.SOURCE_RECORD, RecordJson.write(row));
    }

    /** Progress of a long backfill: records done, records per second, and the estimated time left. */
    private final class Progress {
        private long startedAt;
        private long done;
        private long lastReportAt;

        void report(String routeId, boolean backlog, int routed, Checkpoint position) {
            long now = System.currentTimeMillis();
            if (!backlog) {
                if (startedAt != 0 && done > endpoint.getBatchSize()) {
                    log.info("Capture {} caught up: {} records in {} s", routeId, done, (now - startedAt) / 1000);
                }
                startedAt = 0;
                done = 0;
                return;
            }
            if (startedAt == 0) {
                startedAt = now;
                lastReportAt = now;
            }
            done += routed;
            if (now - lastReportAt < PROGRESS_EVERY_MILLIS) {
                return;
            }
            lastReportAt = now;
            double perSecond = done * 1000.0 / Math.max(1, now - startedAt);
            try {
                long left = reader.countAfter(position);
                log.info("Capture {} backfill: {} records done, {} records/s, {} left, about {} s to go", routeId, done,
                        Math.round(perSecond), left, perSecond > 0 ? Math.round(left / perSecond) : "?");
            } catch (SQLException e) {
                log.info("Capture {} backfill: {} records done, {} records/s", routeId, done, Math.round(perSecond));
            }
        }
    }
}
