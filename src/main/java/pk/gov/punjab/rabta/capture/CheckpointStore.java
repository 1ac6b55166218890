package pk.gov.punjab.rabta.capture;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Capture state in the bus's own database: one checkpoint per capturing route, and the hash of each row it sent
 * lately. Both move together, in one transaction, after the batch is committed to the broker.
 */
@Component
public class CheckpointStore {
    private static final int IN_LIST = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public CheckpointStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    public Checkpoint load(String routeId) {
        List<Checkpoint> found = jdbc.query("SELECT watermark, last_key FROM rabta_capture_checkpoint WHERE route_id = ?",
                (rs, i) -> new Checkpoint(rs.getTimestamp(1), rs.getString(2)), routeId);
        return found.isEmpty() ? Checkpoint.START : found.get(0);
    }

    public void save(String routeId, Checkpoint checkpoint) {
        commit(routeId, checkpoint, List.of());
    }

    /** The hashes last sent for these source keys. */
    Map<String, String> sentHashes(String routeId, Collection<String> sourceKeys) {
        Map<String, String> hashes = new HashMap<>();
        List<String> keys = new ArrayList<>(sourceKeys);
        for (int from = 0; from < keys.size(); from += IN_LIST) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_LIST));
            List<Object> args = new ArrayList<>(chunk.size() * 2);
            for (String key : chunk) {
                args.add(routeId);
                args.add(key);
            }
            // Pairs, not "route_id = ? AND source_key IN (...)": H2 then seeks each key in the primary key instead of
            // testing every row of the route against the list, which made each batch slower as the table grew.
            jdbc.query("SELECT source_key, row_hash FROM rabta_capture_seen WHERE (route_id, source_key) IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)")) + ")",
                    rs -> {
                        hashes.put(rs.getString(1), rs.getString(2));
                    }, args.toArray());
        }
        return hashes;
    }

    /** Records what a batch sent and moves the checkpoint, all or nothing. */
    void commit(String routeId, Checkpoint checkpoint, List<Sent> sent) {
        transaction.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(Instant.now());
            int updated = jdbc.update("UPDATE rabta_capture_checkpoint SET watermark = ?, last_key = ?, updated_at = ? WHERE route_id = ?",
                    checkpoint.watermark(), checkpoint.lastKey(), now, routeId);
            if (updated == 0) {
                jdbc.update("INSERT INTO rabta_capture_checkpoint (route_id, watermark, last_key, updated_at) VALUES (?, ?, ?, ?)",
                        routeId, checkpoint.watermark(), checkpoint.lastKey(), now);
            }
            if (!sent.isEmpty()) {
                jdbc.batchUpdate("DELETE FROM rabta_capture_seen WHERE route_id = ? AND source_key = ?",
                        sent.stream().map(s -> new Object[] {routeId, s.sourceKey()}).toList());
                jdbc.batchUpdate("INSERT INTO rabta_capture_seen (route_id, source_key, row_hash, watermark, row_json) VALUES (?, ?, ?, ?, ?)",
                        sent.stream().map(s -> new Object[] {routeId, s.sourceKey(), s.rowHash(), s.watermark(), s.rowJson()}).toList());
            }
        });
    }

    /**
     * Moves a capture back to the start. Forgetting what was sent too makes it send every row again, as after a crash
     * between the broker commit and the state commit; the broker's duplicate detection then drops them.
     */
    public void rewind(String routeId, boolean forgetSent) {
        save(routeId, Checkpoint.START);
        if (forgetSent) {
            jdbc.update("DELETE FROM rabta_capture_seen WHERE route_id = ?", routeId);
        }
    }

    /** Every source key this capture has sent, with the hash it last sent. */
    Map<String, String> allSent(String routeId) {
        Map<String, String> hashes = new HashMap<>();
        jdbc.query("SELECT source_key, row_hash FROM rabta_capture_seen WHERE route_id = ?",
                rs -> {
                    hashes.put(rs.getString(1), rs.getString(2));
                }, routeId);
        return hashes;
    }

    /** The row last sent for a source key, as JSON. */
    String lastSentRow(String routeId, String sourceKey) {
        List<String> rows = jdbc.queryForList("SELECT row_json FROM rabta_capture_seen WHERE route_id = ? AND source_key = ?",
                String.class, routeId, sourceKey);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A row a batch sent: its source key, the hash of the row as read, its watermark, and the row as JSON. */
    record Sent(String sourceKey, String rowHash, Timestamp watermark, String rowJson) {
    }
}
