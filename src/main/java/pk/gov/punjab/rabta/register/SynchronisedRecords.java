package pk.gov.punjab.rabta.register;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;


import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.delivery.DeliveryBatch;
import pk.gov.punjab.rabta.delivery.RowUpserter;

/**
 * The bus's own copy of the newest version of each canonical record that passed through a {@code register:} step,
 * in the state database: where CFMS and PMIS records meet, so prisoners can be linked to cases and alerts raised.
 */
@Component
public class SynchronisedRecords {
    static final String TABLE = "rabta_record";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate state;
    private final RowUpserter upserter;

    public SynchronisedRecords(JdbcTemplate state) {
        this.state = state;
        this.upserter = new RowUpserter(state.getDataSource(), TABLE, List.of("record_type", "record_key"), "source_version", "content_hash");
    }

    /** Keeps the record unless a newer version is already kept; a DELETE keeps a tombstone so an older copy cannot return. */
    public RowUpserter.Outcome keep(String type, String key, Long version, String hash, boolean deleted, String record)
            throws SQLException {
        return upserter.upsert(row(type, key, version, hash, deleted, record));
    }

    /** Keeps the record with a delivery batch, written as the batch commits; {@code kept} learns the outcome after the commit. */
    public void keep(DeliveryBatch batch, String type, String key, Long version, String hash, boolean deleted, String record,
                     Consumer<RowUpserter.Outcome> kept) throws SQLException {
        batch.keep(upserter, row(type, key, version, hash, deleted, record), kept);
    }

    private static Map<String, Object> row(String type, String key, Long version, String hash, boolean deleted, String record) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("record_type", type);
        row.put("record_key", key);
        row.put("source_version", version == null ? 0L : version);
        row.put("content_hash", hash);
        row.put("deleted", deleted);
        row.put("record", record);
        row.put("kept_at", Timestamp.from(Instant.now()));
        return row;
    }

    /** The payloads of every live record of one type. */
    public List<JsonNode> payloads(String type) {
        return state.query("SELECT record_key, record FROM " + TABLE + " WHERE record_type = ? AND deleted = FALSE",
                (rs, n) -> payload(rs.getString("record")), type);
    }

    public int count(String type) {
        Integer n = state.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE record_type = ? AND deleted = FALSE",
                Integer.class, type);
        return n == null ? 0 : n;
    }

    private static JsonNode payload(String record) {
        try {
            JsonNode whole = JSON.readTree(record);
            return whole.has("payload") ? whole.get("payload") : whole;
        } catch (Exception e) {
            throw new IllegalStateException("a kept record is not JSON: " + e.getMessage(), e);
        }
    }
}
