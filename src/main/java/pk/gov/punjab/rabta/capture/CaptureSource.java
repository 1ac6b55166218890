package pk.gov.punjab.rabta.capture;

import java.sql.SQLException;
import java.util.List;

/** Where a capture reads its changes from: a table by watermark, or a trigger-fed changelog. */
interface CaptureSource {
    /** The next changes after the checkpoint, oldest first, at most one batch. */
    List<Captured> readAfter(Checkpoint checkpoint) throws SQLException;

    /** Changes at or before the checkpoint within the overlap window, where late commits show up. */
    List<Captured> readWindow(Checkpoint checkpoint, long overlapMillis, int limit) throws SQLException;

    /** How many changes lie after the checkpoint, for progress reports. */
    long countAfter(Checkpoint checkpoint) throws SQLException;

    /** Every current row of the table, in key order, page by page: what reconciliation compares. */
    List<Captured> readAllAfterKey(String lastKey, int limit) throws SQLException;

    /** A version for what reconciliation sends: above anything sent so far, below anything the source sends later. */
    long reconciliationVersion() throws SQLException;
}
