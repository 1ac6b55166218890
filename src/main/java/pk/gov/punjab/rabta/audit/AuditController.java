package pk.gov.punjab.rabta.audit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import pk.gov.punjab.rabta.record.Masking;
import pk.gov.punjab.rabta.record.RecordJson;
import pk.gov.punjab.rabta.security.PersonalData;

/** /api/ops/audit: the audit log, newest first, and its verification. */
@RestController
@Tag(name = "Audit", description = "The hash-chained audit log")
public class AuditController {
    private static final int MOST_PER_PAGE = 1_000;

    private final JdbcTemplate state;
    private final AuditVerifier verifier;

    public AuditController(JdbcTemplate state, AuditVerifier verifier) {
        this.state = state;
        this.verifier = verifier;
    }

    @GetMapping("/api/ops/audit")
    @Operation(summary = "Audit entries, newest first; filter by actor, action (prefix, e.g. dead-letter.) or target;"
            + " for a viewer a CNIC in a reason or detail is masked")
    public List<AuditEntry> entries(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                                    @RequestParam(required = false) String target, @RequestParam(required = false) Long beforeSeq,
                                    @RequestParam(defaultValue = "100") int limit, Authentication caller) {
        if (limit < 1 || limit > MOST_PER_PAGE) {
            throw new IllegalArgumentException("limit is 1 to " + MOST_PER_PAGE);
        }
        StringBuilder sql = new StringBuilder("SELECT seq, at, actor, action, target, reason, details, prev_hash, hash FROM rabta_audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action LIKE ?");
            args.add(action + "%");
        }
        if (target != null) {
            sql.append(" AND target = ?");
            args.add(target);
        }
        if (beforeSeq != null) {
            sql.append(" AND seq < ?");
            args.add(beforeSeq);
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        List<AuditEntry> entries = state.query(sql.toString(), (rs, i) -> new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)), args.toArray());
        return PersonalData.seenWhole(caller) ? entries : entries.stream().map(AuditController::masked).toList();
    }

    /** An entry for a viewer: a CNIC quoted in an operator's reason or in a value of the details is masked. */
    private static AuditEntry masked(AuditEntry entry) {
        String details = entry.details();
        if (details != null) {
            try {
                details = RecordJson.write(PersonalData.masked(RecordJson.readMap(details)));
            } catch (RuntimeException notAnObject) {
                details = Masking.inText(details);
            }
        }
        return new AuditEntry(entry.seq(), entry.at(), entry.actor(), entry.action(), entry.target(), Masking.inText(entry.reason()), details,
                entry.prevHash(), entry.hash());
    }

    @GetMapping("/api/ops/audit/verify")
    @Operation(summary = "Walks the whole chain; names each changed or deleted row")
    public AuditVerifier.Verification verify() {
        return verifier.verify();
    }
}
