package pk.gov.punjab.rabta.audit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Walks the audit log in order and checks the chain: each row's sequence number follows the last, its prev_hash is
 * the last row's hash, and its hash matches its columns. A changed row fails its own hash; a deleted row leaves a gap;
 * rows missing at the end are seen against the last sequence number this bus wrote.
 */
@Component
public class AuditVerifier {
    private static final int MOST_PROBLEMS_LISTED = 100;

    private final JdbcTemplate state;
    private final AuditLog auditLog;

    public AuditVerifier(JdbcTemplate state, AuditLog auditLog) {
        this.state = state;
        this.auditLog = auditLog;
    }

    /** The outcome: rows checked, and each broken row with what is wrong with it. */
    public record Verification(boolean intact, long rows, long lastSeq, List<Problem> problems) {
    }

    public record Problem(long seq, String problem) {
    }

    public Verification verify() {
        auditLog.flush();
        long expectedLast = auditLog.lastWritten();
        List<Problem> problems = new ArrayList<>();
        long[] counters = {0, 0};
        String[] previousHash = {AuditEntry.GENESIS};
        state.query("SELECT seq, at, actor, action, target, reason, details, prev_hash, hash FROM rabta_audit ORDER BY seq", rs -> {
            AuditEntry row = new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
            long expectedSeq = counters[1] + 1;
            if (row.seq() > expectedSeq) {
                add(problems, new Problem(expectedSeq, row.seq() == expectedSeq + 1 ? "row " + expectedSeq + " was deleted"
                        : "rows " + expectedSeq + " to " + (row.seq() - 1) + " were deleted"));
            }
            if (!row.prevHash().equals(previousHash[0]) && row.seq() == expectedSeq) {
                add(problems, new Problem(row.seq(), "row " + row.seq() + " does not follow row " + (row.seq() - 1)
                        + ": its prev_hash is not that row's hash"));
            }
            if (!row.hash().equals(row.expectedHash())) {
                add(problems, new Problem(row.seq(), "row " + row.seq() + " was changed: its content does not match its hash"));
            }
            previousHash[0] = row.hash();
            counters[0]++;
            counters[1] = row.seq();
        });
        if (counters[1] < expectedLast) {
            add(problems, new Problem(counters[1] + 1, counters[1] + 1 == expectedLast ? "row " + expectedLast + " was deleted from the end"
                    : "rows " + (counters[1] + 1) + " to " + expectedLast + " were deleted from the end"));
        }
        return new Verification(problems.isEmpty(), counters[0], counters[1], problems);
    }

    private static void add(List<Problem> problems, Problem problem) {
        if (problems.size() < MOST_PROBLEMS_LISTED) {
            problems.add(problem);
        }
    }
}
