package pk.gov.punjab.rabta.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.jms.JMSException;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Edit and replay with four eyes: an operator proposes a JSON patch of a dead letter's canonical record with a reason;
 * the patched record must pass its schema; it waits until a different person holding the approver role approves it,
 * and is then replayed. The record before and after, the editor and the approver are kept.
 */
@Component
public class PayloadEdits {
    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    private final JdbcTemplate state;
    private final DeadLetterOperations operations;
    private final MappingRegistry mappings;
    private final AuditLog audit;

    public PayloadEdits(JdbcTemplate state, DeadLetterOperations operations, MappingRegistry mappings, AuditLog audit) {
        this.state = state;
        this.operations = operations;
        this.mappings = mappings;
        this.audit = audit;
    }

    /** One edit as the API shows it. */
    public record Edit(String id, String flow, String deadLetterId, String editor, String reason, JsonNode patch, Map<String, Object> before,
                       Map<String, Object> after, String state, String approver, String decision, Instant createdAt, Instant decidedAt) {
    }

    public Edit propose(String flow, String deadLetterId, JsonNode patch, String why, String editor) throws JMSException {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("an edit needs a reason");
        }
        Map<String, Object> letter = operations.find(flow, deadLetterId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter '" + deadLetterId + "' on DLQ." + flow));
        if (!DeadLetterOperations.replayable(letter)) {
            throw new IllegalStateException("dead letter " + deadLetterId + " has no canonical record to edit (reason " + letter.get("reason")
                    + (letter.get("payloadPurgedAt") != null ? ", payload purged" : "") + ")");
        }
        if (!state.queryForList("SELECT id FROM rabta_payload_edit WHERE dead_letter_id = ? AND state = ?", String.class,
                deadLetterId, PENDING).isEmpty()) {
            throw new IllegalStateException("dead letter " + deadLetterId + " already has an edit waiting for approval");
        }
        JsonNode before = RecordJson.MAPPER.valueToTree(letter.get("record"));
        JsonNode after = JsonPatch.apply(before, patch);
        validate(after);
        String id = UUID.randomUUID().toString();
        state.update("INSERT INTO rabta_payload_edit (id, flow, dead_letter_id, editor, reason, patch, before_record, after_record, state,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, flow, deadLetterId, editor, why, patch.toString(),
                before.toString(), after.toString(), PENDING, Timestamp.from(Instant.now()));
        audit.recordNow(editor, "dead-letter.edit-proposed", id, why, Map.of("flow", flow, "deadLetterId", deadLetterId,
                "beforeHash", RecordJson.sha256(before.toString()), "afterHash", RecordJson.sha256(after.toString())));
        return get(id).orElseThrow();
    }

    private void validate(JsonNode record) {
        String schema = record.path("type").asText() + "/v" + record.path("schemaVersion").asText();
        if (!mappings.current().schemas().has(schema)) {
            throw new IllegalArgumentException("the edited record names no known schema ('" + schema + "'); keep its type and schemaVersion");
        }
        try {
            mappings.current().schemas().validatorFor(schema).validate(record);
        } catch (MappingException e) {
            throw new IllegalArgumentException("the edited record breaks its schema at " + e.field() + ": " + e.detail(), e);
        }
    }

    public Edit approve(String id, String approver, String comment) throws JMSException {
        Edit edit = pending(id);
        if (edit.editor().equals(approver)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "edit " + id + " was made by " + approver
                    + "; it must be approved by someone else");
        }
        decide(id, APPROVED, approver, comment);
        Optional<Map<String, Object>> replayed = operations.replay(edit.flow(), edit.deadLetterId(), approver,
                "approved edit " + id + ": " + edit.reason(), edit.after());
        audit.recordNow(approver, "dead-letter.edit-approved", id, comment, Map.of("flow", edit.flow(), "deadLetterId", edit.deadLetterId(),
                "editor", edit.editor(), "afterHash", RecordJson.sha256(RecordJson.write(edit.after())), "replayed", replayed.isPresent()));
        if (replayed.isEmpty()) {
            throw new IllegalStateException("edit " + id + " is approved but dead letter " + edit.deadLetterId()
                    + " is no longer on DLQ." + edit.flow() + " (replayed or discarded meanwhile)");
        }
        return get(id).orElseThrow();
    }

    public Edit reject(String id, String approver, String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        Edit edit = pending(id);
        decide(id, REJECTED, approver, why);
        audit.recordNow(approver, "dead-letter.edit-rejected", id, why, Map.of("flow", edit.flow(), "deadLetterId", edit.deadLetterId(),
                "editor", edit.editor()));
        return get(id).orElseThrow();
    }

    private Edit pending(String id) {
        Edit edit = get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no edit '" + id + "'"));
        if (!edit.state().equals(PENDING)) {
            throw new IllegalStateException("edit " + id + " is already " + edit.state() + " by " + edit.approver());
        }
        return edit;
    }

    private void decide(String id, String decided, String approver, String decision) {
        // Only one decision wins when two approvers act at once.
        int changed = state.update("UPDATE rabta_payload_edit SET state = ?, approver = ?, decision = ?, decided_at = ? WHERE id = ? AND state = ?",
                decided, approver, decision, Timestamp.from(Instant.now()), id, PENDING);
        if (changed == 0) {
            throw new IllegalStateException("edit " + id + " was decided by someone else meanwhile");
        }
    }

    public Optional<Edit> get(String id) {
        return query("SELECT * FROM rabta_payload_edit WHERE id = ?", id).stream().findFirst();
    }

    public List<Edit> list(String stateFilter) {
        // Named apart from list(String): a call with the SQL alone would otherwise take that overload and filter by it.
        return stateFilter == null || stateFilter.isBlank()
                ? query("SELECT * FROM rabta_payload_edit ORDER BY created_at DESC")
                : query("SELECT * FROM rabta_payload_edit WHERE state = ? ORDER BY created_at DESC", stateFilter.toUpperCase());
    }

    private List<Edit> query(String sql, Object... args) {
        return state.query(sql, (rs, i) -> new Edit(rs.getString("id"), rs.getString("flow"), rs.getString("dead_letter_id"),
                rs.getString("editor"), rs.getString("reason"), json(rs.getString("patch")), map(rs.getString("before_record")),
                map(rs.getString("after_record")), rs.getString("state"), rs.getString("approver"), rs.getString("decision"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("decided_at") == null ? null : rs.getTimestamp("decided_at").toInstant()),
                args);
    }

    private static JsonNode json(String text) {
        try {
            return RecordJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> map(String text) {
        return new LinkedHashMap<>(RecordJson.readMap(text));
    }
}
