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
    private final CaptureSource source;
    private final CaptureComponent component;
    private volatile String sourceProblem;
    private int failuresInARow;
    private long nextAttemptAt;
    private final Progress progress = new Progress();
    private final java.util.Queue<java.util.concurrent.CompletableFuture<Reconciliation.Report>> reconcileRequests =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long nextReconcileAt;

    CaptureConsumer(CaptureEndpoint endpoint, Processor processor, CaptureSource source, CaptureComponent component) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.source = source;
        this.component = component;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        component.register(getRouteId(), this);
        nextReconcileAt = System.currentTimeMillis() + endpoint.getReconcileInterval();
    }

    @Override
    protected void doStop() throws Exception {
        component.unregister(getRouteId());
        super.doStop();
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
        List<Captured> ahead;
        List<Captured> window = List.of();
        try {
            ahead = source.readAfter(checkpoint);
            if (ahead.size() < endpoint.getBatchSize() && endpoint.getOverlap() > 0 && !checkpoint.isStart()) {
                window = source.readWindow(checkpoint, endpoint.getOverlap(), endpoint.getWindowLimit());
            }
            sourceReadable(flow);
        } catch (SQLException | DefinitionException e) {
            sourceUnreadable(flow, routeId, e.getMessage());
            return 0;
        }
        Batch batch = send(flow, routeId, checkpoint, window, ahead);
        if (batch == null) {
            return 0;
        }
        // Counted once the broker has the batch, before the checkpoint moves: whoever sees the checkpoint sees the count.
        if (batch.routed > 0) {
            component.stats.captured(flow, batch.routed);
        }
        if (!batch.position.equals(checkpoint) || !batch.sent.isEmpty()) {
            store.commit(routeId, batch.position, new ArrayList<>(batch.sent.values()));
        }
        reconcileIfDue(flow, routeId);
        progress.report(routeId, ahead.size() == endpoint.getBatchSize(), batch.routed, batch.position);
        return batch.routed;
    }

    /**
     * Routes the rows ahead, then the window's late rows, skipping what was already sent with the same content, all in
     * one broker transaction. Returns null when the broker did not take the batch.
     */
    Batch send(String flow, String routeId, Checkpoint checkpoint, List<Captured> window, List<Captured> ahead) {
        Map<String, String> sentBefore = component.checkpoints.sentHashes(routeId,
                java.util.stream.Stream.concat(window.stream(), ahead.stream()).map(Captured::sourceKey).distinct().toList());
        Batch batch = new Batch(checkpoint);
        try (BusSender.Batch transaction = component.sender.beginBatch()) {
            // Newer changes first: a late change of a key sent in this batch is then recognised and skipped, and never
            // goes out under its older version with the newer content.
            boolean stopped = routeAll(flow, ahead, true, sentBefore, batch);
            if (!stopped) {
                routeAll(flow, window, false, sentBefore, batch);
            }
            transaction.commit();
        } catch (jakarta.jms.JMSException e) {
            // Nothing of the batch counts as sent: the checkpoint stays, the rows are read again after a pause.
            sourceUnreadable(flow, routeId, "the broker did not take the batch: " + brief(e));
            return null;
        }
        return batch;
    }

    /** Routes changes in order; returns true when one failed and the batch stops there. */
    private boolean routeAll(String flow, List<Captured> changes, boolean movesCheckpoint, Map<String, String> sentBefore, Batch batch) {
        for (Captured change : changes) {
            String rowJson = RecordJson.write(change.row());
            String hash = contentHash(change, rowJson);
            if (hash.equals(sentBefore.get(change.sourceKey())) || hash.equals(batch.hashOf(change.sourceKey()))) {
                // Already sent with this content: an overlap re-read, or a replay after a crash.
                if (movesCheckpoint) {
                    batch.position = change.position();
                }
                continue;
            }
            Exchange exchange = route(change, rowJson, hash);
            if (exchange.getException() != null) {
                // Stop here: what was routed before this change is committed, this one is read again next time.
                component.stats.failed(flow, exchange.getException().getMessage());
                getExceptionHandler().handleException("Capture stopped at " + change.sourceKey() + "; it will be retried",
                        exchange, exchange.getException());
                releaseExchange(exchange, false);
                return true;
            }
            releaseExchange(exchange, false);
            batch.sent.put(change.sourceKey(), new CheckpointStore.Sent(change.sourceKey(), hash, change.watermark(), rowJson));
            if (movesCheckpoint) {
                batch.position = change.position();
            }
            batch.routed++;
        }
        return false;
    }

    /** Asks the poll thread for a reconciliation pass and waits for its report. */
    Reconciliation.Report reconcileNow() throws Exception {
        java.util.concurrent.CompletableFuture<Reconciliation.Report> request = new java.util.concurrent.CompletableFuture<>();
        reconcileRequests.add(request);
        return request.get(30, java.util.concurrent.TimeUnit.MINUTES);
    }

    /** Runs in the poll thread, so a pass never interleaves with a batch. */
    private void reconcileIfDue(String flow, String routeId) {
        long now = System.currentTimeMillis();
        boolean scheduled = endpoint.getReconcileInterval() > 0 && now >= nextReconcileAt;
        if (!scheduled && reconcileRequests.isEmpty()) {
            return;
        }
        nextReconcileAt = now + endpoint.getReconcileInterval();
        try {
            Reconciliation.Report report = new Reconciliation(this, source, component.checkpoints, endpoint.getBatchSize())
                    .run(flow, routeId);
            for (var request = reconcileRequests.poll(); request != null; request = reconcileRequests.poll()) {
                request.complete(report);
            }
        } catch (Exception e) {
            log.warn("Reconciliation of {} failed: {}", routeId, e.getMessage());
            for (var request = reconcileRequests.poll(); request != null; request = reconcileRequests.poll()) {
                request.completeExceptionally(e);
            }
        }
    }

    /** The hash a change is recognised by: its row, marked when the row was deleted. */
    static String contentHash(Captured change, String rowJson) {
        String hash = RecordJson.sha256(rowJson);
        return Captured.DELETE.equals(change.operation()) ? "deleted:" + hash.substring(8) : hash;
    }

    /** What one poll routed: where the checkpoint moves to and the hashes of what was sent. */
    static final class Batch {
        Checkpoint position;
        final Map<String, CheckpointStore.Sent> sent = new LinkedHashMap<>();
        int routed;

        Batch(Checkpoint start) {
            this.position = start;
        }

        String hashOf(String sourceKey) {
            CheckpointStore.Sent earlier = sent.get(sourceKey);
            return earlier == null ? null : earlier.rowHash();
        }
    }

    /** Routes one change; an unreadable column fails it as VALIDATION so that it is dead-lettered, not skipped. */
    private Exchange route(Captured change, String rowJson, String hash) {
        Exchange exchange = createExchange(false);
        fill(exchange.getIn(), change, rowJson, hash);
        try {
            for (Map.Entry<String, Object> column : change.row().entrySet()) {
                if (column.getValue() instanceof SourceReader.Unreadable bad) {
                    throw new MappingException(FailureReason.VALIDATION, bad.column(), null,
                            "the database could not read column " + bad.column() + ": " + bad.problem());
                }
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() instanceof MappingException unreadable) {
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

    private void fill(Message message, Captured change, String rowJson, String hash) {
        message.setBody(change.row());
        message.setHeader(RabtaHeaders.SOURCE_SYSTEM, endpoint.getConnector().system());
        message.setHeader(RabtaHeaders.SOURCE_TABLE, endpoint.sourceName());
        message.setHeader(RabtaHeaders.SOURCE_KEY, change.sourceKey());
        message.setHeader(RabtaHeaders.SOURCE_VERSION, change.version());
        message.setHeader(RabtaHeaders.SOURCE_HASH, hash);
        message.setHeader(RabtaHeaders.OPERATION, change.operation());
        message.setHeader(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
        message.setHeader(RabtaHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        message.setHeader(RabtaHeaders.SOURCE_RECORD, rowJson);
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
                long left = source.countAfter(position);
                log.info("Capture {} backfill: {} records done, {} records/s, {} left, about {} s to go", routeId, done,
                        Math.round(perSecond), left, perSecond > 0 ? Math.round(left / perSecond) : "?");
            } catch (SQLException e) {
                log.info("Capture {} backfill: {} records done, {} records/s", routeId, done, Math.round(perSecond));
            }
        }
    }
}
