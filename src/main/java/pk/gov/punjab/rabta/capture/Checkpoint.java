package pk.gov.punjab.rabta.capture;

import java.sql.Timestamp;

/** How far a capture has read: the watermark of the last row committed to the broker, and that row's key. */
public record Checkpoint(Timestamp watermark, String lastKey) {
    public static final Checkpoint START = new Checkpoint(null, null);

    public boolean isStart() {
        return watermark == null;
    }
}
