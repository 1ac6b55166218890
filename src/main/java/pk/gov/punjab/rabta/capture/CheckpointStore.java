package pk.gov.punjab.rabta.capture;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Capture checkpoints in the bus's own state database, one row per capturing route. */
@Component
public class CheckpointStore {
    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Checkpoint load(String routeId) {
        List<Checkpoint> found = jdbc.query("SELECT watermark, last_key FROM rabta_capture_checkpoint WHERE route_id = ?",
                (rs, i) -> new Checkpoint(rs.getTimestamp(1), rs.getString(2)), routeId);
        return found.isEmpty() ? Checkpoint.START : found.get(0);
    }

    public void save(String routeId, Checkpoint checkpoint) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.update("UPDATE rabta_capture_checkpoint SET watermark = ?, last_key = ?, updated_at = ? WHERE route_id = ?",
                checkpoint.watermark(), checkpoint.lastKey(), now, routeId);
        if (updated == 0) {
            jdbc.update("INSERT INTO rabta_capture_checkpoint (route_id, watermark, last_key, updated_at) VALUES (?, ?, ?, ?)",
                    routeId, checkpoint.watermark(), checkpoint.lastKey(), now);
        }
    }
}
