package pk.gov.punjab.rabta.capture;

import java.sql.Timestamp;
import java.util.Map;

/**
 * One change read from a source: the row (or, for a delete, the row as it was), where it puts the checkpoint, and the
 * version the target orders it by.
 *
 * @param sourceKey table and key of the row, as the envelope names it; an overlap re-read recognises rows by it
 * @param operation UPSERT or DELETE
 */
record Captured(String sourceKey, Map<String, Object> row, Checkpoint position, long version,
                String operation, Timestamp watermark) {
    static final String UPSERT = "UPSERT";
    static final String DELETE = "DELETE";
}
