package pk.gov.punjab.rabta.capture;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.LinkedCaseInsensitiveMap;

import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Compares every current source row with what the capture last sent for its key, and sends what polling missed: rows
 * never sent, rows changed without a new timestamp, and deletes of rows that are gone.
 */
public final class Reconciliation {
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final CaptureConsumer consumer;
    private final CaptureSource source;
    private final CheckpointStore store;
    private final int pageSize;

    Reconciliation(CaptureConsumer consumer, CaptureSource source, CheckpointStore store, int pageSize) {
        this.consumer = consumer;
        this.source = source;
        this.store = store;
        this.pageSize = pageSize;
    }

    Report run(String flow, String routeId) throws SQLException {
        long started = System.currentTimeMillis();
        Map<String, String> sent = store.allSent(routeId);
        Set<String> present = new HashSet<>();
        long scanned = 0;
        long missing = 0;
        long changed = 0;
        long resent = 0;
        String lastKey = null;
        while (true) {
            List<Captured> page = source.readAllAfterKey(lastKey, pageSize);
            if (page.isEmpty()) {
                break;
            }
            List<Captured> differing = new ArrayList<>();
            for (Captured row : page) {
                scanned++;
                present.add(row.sourceKey());
                String before = sent.get(row.sourceKey());
                if (before == null || before.startsWith("deleted:")) {
                    missing++;
                    differing.add(row);
                } else if (!before.equals(CaptureConsumer.contentHash(row, RecordJson.write(row.row())))) {
                    changed++;
                    differing.add(row);
                }
            }
            resent += sendAll(flow, routeId, differing);
            Captured last = page.get(page.size() - 1);
            lastKey = last.sourceKey().substring(last.sourceKey().indexOf(':') + 1);
        }
        List<Captured> deletes = new ArrayList<>();
        long deleteVersion = source.reconciliationVersion();
        for (Map.Entry<String, String> entry : sent.entrySet()) {
            if (!present.contains(entry.getKey()) && !entry.getValue().startsWith("deleted:")) {
                deletes.add(deleteOf(routeId, entry.getKey(), deleteVersion));
            }
        }
        resent += sendAll(flow, routeId, deletes);
        Report report = new Report(routeId, scanned, missing, changed, deletes.size(), resent, System.currentTimeMillis() - started);
        log.info("Reconciliation of {}: {} rows compared, {} never sent, {} changed unseen, {} deleted unseen; {} sent", routeId,
                scanned, missing, changed, deletes.size(), resent);
        return report;
    }

    private Captured deleteOf(String routeId, String sourceKey, long version) {
        Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
        String json = store.lastSentRow(routeId, sourceKey);
        if (json != null) {
            row.putAll(RecordJson.readMap(json));
        }
        return new Captured(sourceKey, row, null, version, Captured.DELETE, Timestamp.from(Instant.now()));
    }

    /** Sends in batches like capture does, without moving the checkpoint; returns how many were routed. */
    private int sendAll(String flow, String routeId, List<Captured> changes) {
        int routed = 0;
        for (int from = 0; from < changes.size(); from += pageSize) {
            List<Captured> chunk = changes.subList(from, Math.min(changes.size(), from + pageSize));
            Checkpoint checkpoint = store.load(routeId);
            CaptureConsumer.Batch batch = consumer.send(flow, routeId, checkpoint, chunk, List.of());
            if (batch == null) {
                break;
            }
            store.commit(routeId, checkpoint, new ArrayList<>(batch.sent.values()));
            routed += batch.routed;
        }
        return routed;
    }

    /** What one pass found and sent. */
    public record Report(String route, long compared, long neverSent, long changedUnseen, long deletedUnseen, long sent,
                         long millis) {
    }
}
