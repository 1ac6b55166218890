package pk.gov.punjab.rabta.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Which dead letters an operation is about: a flow (or all), a failure reason, a time range on the last failure, an
 * entity key, free text anywhere in the letter, or explicit ids. Every part is optional; bad values are refused.
 */
public record DeadLetterFilter(String flow, String reason, Instant from, Instant to, String entityKey, String text, List<String> ids) {
    private static final String FLOW_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,199}";
    static final String ID = "[0-9a-fA-F-]{1,64}";

    public DeadLetterFilter {
        if (flow != null && !flow.isBlank() && !flow.matches(FLOW_NAME)) {
            throw new IllegalArgumentException("'" + flow + "' is not a flow name");
        }
        flow = blankToNull(flow);
        reason = blankToNull(reason);
        if (reason != null) {
            reason = reason.toUpperCase(Locale.ROOT);
            try {
                FailureReason.valueOf(reason);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown reason '" + reason + "'; reasons are "
                        + Arrays.stream(FailureReason.values()).map(Enum::name).collect(Collectors.joining(", ")), e);
            }
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("'from' " + from + " is after 'to' " + to);
        }
        entityKey = blankToNull(entityKey);
        text = blankToNull(text);
        ids = ids == null ? List.of() : List.copyOf(ids);
        for (String id : ids) {
            if (!id.matches(ID)) {
                throw new IllegalArgumentException("'" + id + "' is not a dead-letter id");
            }
        }
    }

    public static DeadLetterFilter of(String flow, String reason, String from, String to, String entityKey, String text, List<String> ids) {
        return new DeadLetterFilter(flow, reason, instant("from", from), instant("to", to), entityKey, text, ids);
    }

    public static DeadLetterFilter all(String flow) {
        return new DeadLetterFilter(flow, null, null, null, null, null, null);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as 2026-11-03T08:00:00Z, not '" + value + "'", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The filter as the audit log keeps it: the free text only as its SHA-256, since an operator may search by a CNIC
     * or a name, which the audit log never holds; whoever knows the text can still check it against the hash.
     */
    public Map<String, Object> forAudit() {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("flow", flow);
        kept.put("reason", reason);
        kept.put("from", from == null ? null : from.toString());
        kept.put("to", to == null ? null : to.toString());
        kept.put("entityKey", entityKey);
        kept.put("textSha256", text == null ? null : RecordJson.sha256(text));
        kept.put("ids", ids.isEmpty() ? null : ids);
        kept.values().removeIf(Objects::isNull);
        return kept;
    }

    /** Whether a letter (as read from its queue) is one of these. */
    public boolean matches(Map<String, Object> letter, String letterText) {
        if (!ids.isEmpty() && !ids.contains(String.valueOf(letter.get("deadLetterId")))) {
            return false;
        }
        if (reason != null && !reason.equals(letter.get("reason"))) {
            return false;
        }
        if (entityKey != null && !entityKey.equals(String.valueOf(letter.get("entityKey")))) {
            return false;
        }
        if (from != null || to != null) {
            Object failedAt = letter.get("lastFailedAt");
            if (failedAt == null) {
                return false;
            }
            Instant at = Instant.parse(failedAt.toString());
            if ((from != null && at.isBefore(from)) || (to != null && at.isAfter(to))) {
                return false;
            }
        }
        return text == null || letterText.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }
}
