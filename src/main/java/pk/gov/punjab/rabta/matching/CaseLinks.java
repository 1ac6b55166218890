package pk.gov.punjab.rabta.matching;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * The links between PMIS custody episodes and CFMS accused (table rabta_link), each with its tier and evidence, and
 * the review queue of candidates: a person confirms or rejects one, the decision is audited and never asked again.
 */
@Component
public class CaseLinks {
    /** LINKED by CNIC and FIR key; PENDING a person's review; CONFIRMED or REJECTED by one. */
    public static final String LINKED = "LINKED";
    public static final String PENDING = "PENDING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String REJECTED = "REJECTED";

    public record Link(String id, String episodeKey, String firKey, String accusedKey, MatchTier tier, String state,
                       Map<String, String> evidence, LocalDate detentionStart, String decidedBy, String decisionReason) {

        public static String id(String episodeKey, String firKey, String accusedKey) {
            return episodeKey + "|" + firKey + "|" + accusedKey;
        }

        /** A link the alert rules may use: made by CNIC and FIR key, or confirmed by a person. */
        public boolean usable() {
            return LINKED.equals(state) || CONFIRMED.equals(state);
        }

        public boolean decided() {
            return CONFIRMED.equals(state) || REJECTED.equals(state);
        }

        boolean sameAs(Link other) {
            return other != null && tier == other.tier && state.equals(other.state) && evidence.equals(other.evidence)
                    && Objects.equals(detentionStart, other.detentionStart);
        }
    }

    /** A decision that cannot be taken: an unknown link, or one that is not waiting for review. */
    public static final class DecisionRefused extends RuntimeException {
        private final boolean unknown;

        DecisionRefused(String message, boolean unknown) {
            super(message);
            this.unknown = unknown;
        }

        public boolean unknown() {
            return unknown;
        }
    }

    private final JdbcTemplate state;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    public CaseLinks(JdbcTemplate state, TransactionTemplate transactions, AuditLog audit) {
        this.state = state;
        this.transactions = transactions;
        this.audit = audit;
    }

    public Map<String, Link> all() {
        Map<String, Link> links = new LinkedHashMap<>();
        for (Link link : state.query("SELECT * FROM rabta_link ORDER BY id", (rs, n) -> new Link(rs.getString("id"),
                rs.getString("episode_key"), rs.getString("fir_key"), rs.getString("accused_key"),
                MatchTier.valueOf(rs.getString("tier")), rs.getString("state"), evidence(rs.getString("evidence")),
                rs.getDate("detention_start") == null ? null : rs.getDate("detention_start").toLocalDate(),
                rs.getString("decided_by"), rs.getString("decision_reason")))) {
            links.put(link.id(), link);
        }
        return links;
    }

    public List<Link> inState(String wanted) {
        return all().values().stream().filter(l -> wanted == null || l.state().equals(wanted)).toList();
    }

    /**
     * Makes the table hold exactly {@code current}: new and changed links written, undecided links that matching no
     * longer finds removed. Decided links are kept whatever the evidence now says, so a rejection is never re-proposed.
     */
    public void replace(Map<String, Link> current, Map<String, Link> before) {
        transactions.executeWithoutResult(tx -> {
            Timestamp now = Timestamp.from(Instant.now());
            for (Link link : current.values()) {
                Link old = before.get(link.id());
                if (link.sameAs(old)) {
                    continue;
                }
                if (old == null) {
                    state.update("INSERT INTO rabta_link (id, episode_key, fir_key, accused_key, tier, state, evidence, detention_start,"
                                    + " decided_by, decision_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            link.id(), link.episodeKey(), link.firKey(), link.accusedKey(), link.tier().name(), link.state(),
                            RecordJson.write(link.evidence()), date(link.detentionStart()), link.decidedBy(),
                            link.decisionReason(), now);
                } else {
                    state.update("UPDATE rabta_link SET tier = ?, state = ?, evidence = ?, detention_start = ?, updated_at = ? WHERE id = ?",
                            link.tier().name(), link.state(), RecordJson.write(link.evidence()), date(link.detentionStart()), now, link.id());
                }
            }
            for (Link old : before.values()) {
                if (!current.containsKey(old.id()) && !old.decided()) {
                    state.update("DELETE FROM rabta_link WHERE id = ?", old.id());
                }
            }
        });
    }

    /** A person's decision on a candidate; audited before it is answered. */
    public Link decide(String id, boolean confirm, String actor, String reason) {
        Link link = all().get(id);
        if (link == null) {
            throw new DecisionRefused("no link " + id, true);
        }
        if (!PENDING.equals(link.state())) {
            throw new DecisionRefused("link " + id + " is " + link.state() + ", not waiting for review", false);
        }
        String decided = confirm ? CONFIRMED : REJECTED;
        int changed = state.update("UPDATE rabta_link SET state = ?, decided_by = ?, decision_reason = ?, updated_at = ?"
                + " WHERE id = ? AND state = ?", decided, actor, reason, Timestamp.from(Instant.now()), id, PENDING);
        if (changed == 0) {
            throw new DecisionRefused("link " + id + " was decided meanwhile", false);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tier", link.tier().name());
        details.put("evidence", link.evidence());
        audit.recordNow(actor, confirm ? "link.confirmed" : "link.rejected", id, reason, details);
        return all().get(id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> evidence(String json) {
        Map<String, String> evidence = new LinkedHashMap<>();
        RecordJson.readMap(json).forEach((k, v) -> evidence.put(k, String.valueOf(v)));
        return evidence;
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
