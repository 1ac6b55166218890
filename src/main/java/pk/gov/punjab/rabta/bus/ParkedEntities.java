package pk.gov.punjab.rabta.bus;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Order per entity survives a dead letter: once a message for prisoner or case X is dead-lettered, X is parked and
 * later messages for X are held here instead of overtaking it. Replaying or discarding X's dead letter releases the
 * held messages one by one, each only after the previous one reached the target. Other entities never wait.
 */
@Component
public class ParkedEntities {
    private static final Logger log = LoggerFactory.getLogger(ParkedEntities.class);
    private static final String RELEASE_PREFIX = "release|";

    private final JdbcTemplate state;
    private final BusSender sender;
    private final Object[] locks = new Object[64];
    // Every delivery asks whether its entity is parked; the bus is the table's only writer, so memory can answer.
    private volatile Set<String> parkedKeys;

    public ParkedEntities(JdbcTemplate state, BusSender sender) {
        this.state = state;
        this.sender = sender;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Set<String> parkedKeys() {
        if (parkedKeys == null) {
            synchronized (this) {
                if (parkedKeys == null) {
                    Set<String> loaded = ConcurrentHashMap.newKeySet();
                    state.query("SELECT flow, entity_key FROM rabta_parked_entity", rs -> {
                        loaded.add(rs.getString(1) + "|" + rs.getString(2));
                    });
                    parkedKeys = loaded;
                }
            }
        }
        return parkedKeys;
    }

    private Object lock(String flow, String key) {
        return locks[Math.floorMod((flow + "|" + key).hashCode(), locks.length)];
    }

    public void park(String flow, String key, String deadLetterId) {
        synchronized (lock(flow, key)) {
            int updated = state.update("UPDATE rabta_parked_entity SET dead_letter_id = ? WHERE flow = ? AND entity_key = ?",
                    deadLetterId, flow, key);
            if (updated == 0) {
                state.update("INSERT INTO rabta_parked_entity (flow, entity_key, dead_letter_id, parked_at) VALUES (?, ?, ?, ?)",
                        flow, key, deadLetterId, Timestamp.from(Instant.now()));
                log.warn("Parked entity {} of flow {}: its later messages wait until dead letter {} is replayed or discarded",
                        key, flow, deadLetterId);
            }
            parkedKeys().add(flow + "|" + key);
        }
    }

    /** Holds the message when its entity is parked; true when it was held (or had been held before a crash). */
    public boolean holdIfParked(String flow, String key, String address, String messageId, String body,
                                Supplier<Map<String, Object>> properties) {
        if (!parkedKeys().contains(flow + "|" + key)) {
            return false;
        }
        synchronized (lock(flow, key)) {
            if (!isParked(flow, key)) {
                return false;
            }
            try {
                state.update("INSERT INTO rabta_held_message (flow, entity_key, address, message_id, body, properties, held_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", flow, key, address, messageId, body, RecordJson.write(properties.get()),
                        Timestamp.from(Instant.now()));
            } catch (DuplicateKeyException alreadyHeld) {
                // The same message redelivered after a crash between holding it and acknowledging it.
            }
            log.info("Held a message for parked entity {} of flow {}", key, flow);
            return true;
        }
    }

    /**
     * Sends the oldest held message of the entity on, marked as released; with none left, the entity is unparked.
     * Called when the dead letter is discarded and each time a released message has reached the target.
     */
    public void releaseNext(String flow, String key) throws JMSException {
        synchronized (lock(flow, key)) {
            List<Map<String, Object>> next = state.queryForList("SELECT id, address, message_id, body, properties FROM rabta_held_message "
                    + "WHERE flow = ? AND entity_key = ? ORDER BY id FETCH FIRST 1 ROWS ONLY", flow, key);
            if (next.isEmpty()) {
                int unparked = state.update("DELETE FROM rabta_parked_entity WHERE flow = ? AND entity_key = ?", flow, key);
                parkedKeys().remove(flow + "|" + key);
                if (unparked > 0) {
                    log.info("Unparked entity {} of flow {}: every held message has been released", key, flow);
                }
                return;
            }
            Map<String, Object> held = next.get(0);
            Map<String, Object> properties = new LinkedHashMap<>(RecordJson.readMap((String) held.get("properties")));
            properties.put(RabtaHeaders.RELEASE, true);
            // The broker has seen the original id; the released copy needs its own, stable across a retry.
            properties.put("_AMQ_DUPL_ID", RELEASE_PREFIX + held.get("message_id"));
            sender.send((String) held.get("address"), (String) held.get("body"), properties);
            state.update("DELETE FROM rabta_held_message WHERE id = ?", held.get("id"));
        }
    }

    private boolean isParked(String flow, String key) {
        Integer parked = state.queryForObject("SELECT COUNT(*) FROM rabta_parked_entity WHERE flow = ? AND entity_key = ?",
                Integer.class, flow, key);
        return parked != null && parked > 0;
    }

    /** Every parked entity with the dead letter that parked it and how many messages wait behind it. */
    public List<Map<String, Object>> list() {
        return state.query("SELECT p.flow, p.entity_key, p.dead_letter_id, p.parked_at, "
                + "(SELECT COUNT(*) FROM rabta_held_message h WHERE h.flow = p.flow AND h.entity_key = p.entity_key) AS held "
                + "FROM rabta_parked_entity p ORDER BY p.parked_at", (rs, n) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("flow", rs.getString(1));
                    entry.put("entityKey", rs.getString(2));
                    entry.put("deadLetterId", rs.getString(3));
                    entry.put("parkedAt", rs.getTimestamp(4).toInstant().toString());
                    entry.put("held", rs.getLong(5));
                    return entry;
                });
    }
}
