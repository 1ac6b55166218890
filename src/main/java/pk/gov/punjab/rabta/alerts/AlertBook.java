package pk.gov.punjab.rabta.alerts;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.mapping.SchemaRegistry;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * The alerts raised so far (table rabta_alert): one per rule and subject, OPEN while its rule holds and CLOSED once it
 * no longer does, its version raised each time its facts change. Each new version is a canonical utp-alert record,
 * published before the table records it, so a crash between the two republishes the same version, which the broker's
 * duplicate detection drops.
 */
@Component
public class AlertBook {
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";
    static final String RECORD_TYPE = "utp-alert";
    static final String RULES_NAME = "rabta-alert-rules";
    static final int RULES_VERSION = 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What one pass changed. */
    public record Outcome(int raised, int updated, int closed, int open) {
    }

    record Stored(String id, String status, long version, String factsHash, String record) {
    }

    private final JdbcTemplate state;
    private final TransactionTemplate transactions;
    private final AlertPublisher publisher;
    private final MappingRegistry mappings;

    public AlertBook(JdbcTemplate state, TransactionTemplate transactions, AlertPublisher publisher, MappingRegistry mappings) {
        this.state = state;
        this.transactions = transactions;
        this.publisher = publisher;
        this.mappings = mappings;
    }

    /** Raises the findings that are new, updates those whose facts changed, and closes the open alerts no rule holds for. */
    public synchronized Outcome reconcile(List<Finding> findings) throws Exception {
        Map<String, Stored> stored = new HashMap<>();
        for (Stored s : state.query("SELECT id, status, version, content_hash, record FROM rabta_alert",
                (rs, n) -> new Stored(rs.getString("id"), rs.getString("status"), rs.getLong("version"),
                        rs.getString("content_hash"), rs.getString("record")))) {
            stored.put(s.id(), s);
        }
        Instant now = Instant.now();
        List<Change> changes = new ArrayList<>();
        Map<String, Finding> holding = new HashMap<>();
        int raised = 0;
        int updated = 0;
        for (Finding f : findings) {
            holding.put(f.alertId(), f);
            Stored before = stored.get(f.alertId());
            ObjectNode payload = payload(f);
            String factsHash = RecordJson.sha256(RecordJson.write(payload));
            if (before != null && before.status().equals(OPEN) && before.factsHash().equals(factsHash)) {
                continue;
            }
            boolean isNew = before == null || before.status().equals(CLOSED);
            String raisedAt = isNew ? now.toString() : RecordJson.MAPPER.readTree(before.record()).at("/payload/raisedAt").asText();
            payload.put("status", OPEN);
            payload.put("raisedAt", raisedAt);
            payload.putNull("closedAt");
            changes.add(new Change(f.alertId(), before == null ? 1 : before.version() + 1, factsHash, payload, before == null));
            if (isNew) {
                raised++;
            } else {
                updated++;
            }
        }
        int closed = 0;
        for (Stored s : stored.values()) {
            if (s.status().equals(OPEN) && !holding.containsKey(s.id())) {
                ObjectNode payload = (ObjectNode) RecordJson.MAPPER.readTree(s.record()).get("payload").deepCopy();
                payload.put("status", CLOSED);
                payload.put("closedAt", now.toString());
                changes.add(new Change(s.id(), s.version() + 1, s.factsHash(), payload, false));
                closed++;
            }
        }
        if (!changes.isEmpty()) {
            List<AlertPublisher.Outgoing> outgoing = new ArrayList<>();
            for (Change c : changes) {
                c.record = canonical(c, now);
                outgoing.add(new AlertPublisher.Outgoing(c.id, c.version, c.record, RecordJson.sha256(RecordJson.write(c.payload))));
            }
            publisher.publish(outgoing);
            transactions.executeWithoutResult(tx -> changes.forEach(c -> store(c, now)));
        }
        Integer open = state.queryForObject("SELECT COUNT(*) FROM rabta_alert WHERE status = 'OPEN'", Integer.class);
        return new Outcome(raised, updated, closed, open == null ? 0 : open);
    }

    /** Every alert, newest first, optionally of one rule and status. */
    public List<JsonNode> list(String rule, String status, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT record FROM rabta_alert WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (rule != null) {
            sql.append(" AND rule_name = ?");
            args.add(rule);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY updated_at DESC, id");
        return state.query(sql.toString(), (rs, n) -> readPayload(rs.getString("record")), args.toArray()).stream()
                .skip(offset).limit(limit).toList();
    }

    public List<JsonNode> open() {
        return state.query("SELECT record FROM rabta_alert WHERE status = 'OPEN' ORDER BY id", (rs, n) -> readPayload(rs.getString("record")));
    }

    private static JsonNode readPayload(String record) {
        try {
            return RecordJson.MAPPER.readTree(record).get("payload");
        } catch (Exception e) {
            throw new IllegalStateException("a stored alert is not JSON: " + e.getMessage(), e);
        }
    }

    private void store(Change c, Instant now) {
        JsonNode p = c.payload;
        Object[] values = {p.get("rule").asText(), subjectKey(c.id), p.path("state").asText(null), dateOrNull(p.path("dueOn").asText(null)),
                p.path("subject").path("jailCode").asText(null), p.path("subject").path("firKey").asText(null), c.version,
                c.factsHash, c.record, p.get("status").asText(), Timestamp.from(now),
                p.get("status").asText().equals(CLOSED) ? Timestamp.from(now) : null};
        if (c.insert) {
            state.update("INSERT INTO rabta_alert (rule_name, subject_key, state, due_on, jail_code, fir_key, version, content_hash,"
                    + " record, status, updated_at, closed_at, raised_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    append(values, Timestamp.from(now), c.id));
        } else {
            state.update("UPDATE rabta_alert SET rule_name = ?, subject_key = ?, state = ?, due_on = ?, jail_code = ?, fir_key = ?,"
                    + " version = ?, content_hash = ?, record = ?, status = ?, updated_at = ?, closed_at = ? WHERE id = ?",
                    append(values, c.id));
        }
    }

    /** The rule's words, facts and sources: what decides whether an alert changed (timestamps left out). */
    private static ObjectNode payload(Finding f) {
        ObjectNode p = NODES.objectNode();
        p.put("alertId", f.alertId());
        p.put("rule", f.rule().name());
        p.put("title", f.rule().title());
        p.put("legalBasis", f.rule().legalBasis());
        p.put("state", f.state());
        p.put("dueOn", f.dueOn() == null ? null : f.dueOn().toString());
        p.put("summary", f.summary());
        p.set("subject", RecordJson.tree(f.subject()));
        p.set("facts", RecordJson.tree(f.facts()));
        p.set("sources", RecordJson.tree(f.sources()));
        return p;
    }

    private String canonical(Change c, Instant now) {
        ObjectNode envelope = NODES.objectNode();
        envelope.put("sourceSystem", "RABTA");
        envelope.put("sourceKey", c.id);
        envelope.put("sourceVersion", c.version);
        envelope.put("capturedAt", now.toString());
        envelope.put("mapping", RULES_NAME);
        envelope.put("mappingVersion", RULES_VERSION);
        envelope.put("correlationId", UUID.randomUUID().toString());
        ObjectNode record = NODES.objectNode();
        record.put("type", RECORD_TYPE);
        record.put("schemaVersion", 1);
        record.put("key", c.id);
        record.put("operation", "UPSERT");
        record.set("envelope", envelope);
        record.set("payload", c.payload);
        SchemaRegistry schemas = mappings.current().schemas();
        schemas.validatorFor(RECORD_TYPE + "/v1").validate(record);
        return RecordJson.write(record);
    }

    private static String subjectKey(String alertId) {
        return alertId.substring(alertId.indexOf(':') + 1);
    }

    private static Date dateOrNull(String text) {
        return text == null || text.isBlank() ? null : Date.valueOf(text);
    }

    private static Object[] append(Object[] values, Object... more) {
        Object[] all = new Object[values.length + more.length];
        System.arraycopy(values, 0, all, 0, values.length);
        System.arraycopy(more, 0, all, values.length, more.length);
        return all;
    }

    private static final class Change {
        final String id;
        final long version;
        final String factsHash;
        final ObjectNode payload;
        final boolean insert;
        String record;

        Change(String id, long version, String factsHash, ObjectNode payload, boolean insert) {
            this.id = id;
            this.version = version;
            this.factsHash = factsHash;
            this.payload = payload;
            this.insert = insert;
        }
    }
}
