package pk.gov.punjab.rabta.mapping;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One record's pass through a mapping: its input, the let values computed so far, and the warnings raised. */
final class Evaluation {
    private static final List<Map<String, String>> NO_WARNINGS = List.of();

    private final Map<String, Object> input;
    /** The record's own pass, which holds the warnings; this one for the record, the record's for an item of a list. */
    private final Evaluation record;
    /** For an item of a list: the lets it sees besides $item, as they stand in the pass it came from. */
    private final Evaluation outer;
    private final Object item;
    private Map<String, Object> lets;
    private List<Map<String, String>> warnings;
    private Map<String, Object> jsonInput;

    /** Lets and warnings are made when first needed: most records of most mappings have neither. */
    Evaluation(Map<String, Object> input) {
        this.input = input;
        this.record = this;
        this.outer = null;
        this.item = null;
    }

    private Evaluation(Evaluation outer, Object item) {
        this.input = outer.input;
        this.record = outer.record;
        this.outer = outer;
        this.item = item;
        this.jsonInput = outer.jsonInput;
    }

    Map<String, Object> input() {
        return input;
    }

    /** All lets by name; for an item, the outer lets with $item set, made only if asked for (an expression is). */
    Map<String, Object> lets() {
        if (lets == null) {
            lets = new LinkedHashMap<>();
            if (outer != null) {
                lets.putAll(outer.lets());
                lets.put("item", item);
            }
        }
        return lets;
    }

    /** One let's value, or null: what lets().get(name) gives, without copying the outer lets for each item. */
    Object let(String name) {
        if (lets != null) {
            return lets.get(name);
        }
        if (outer == null) {
            return null;
        }
        return name.equals("item") ? item : outer.let(name);
    }

    /** The same record with $item bound, for the sub-fields of one item of a list (each:). */
    Evaluation forItem(Object item) {
        return new Evaluation(this, item);
    }

    void warn(String field, String message) {
        if (record.warnings == null) {
            record.warnings = new ArrayList<>();
        }
        record.warnings.add(Map.of("field", field, "message", message));
    }

    /** The warnings raised for the record so far, in order. */
    List<Map<String, String>> warnings() {
        return record.warnings == null ? NO_WARNINGS : record.warnings;
    }

    /** The input as plain JSON values (dates as ISO text), built once per record and only for expressions. */
    Map<String, Object> jsonInput() {
        if (jsonInput == null) {
            jsonInput = asJsonMap(input);
        }
        return jsonInput;
    }

    static Object asJson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Number n) {
            return n.longValue() == n.doubleValue() ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return asJsonMap(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Evaluation::asJson).toList();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof TemporalAccessor t) {
            return t.toString();
        }
        return value.toString();
    }

    private static Map<String, Object> asJsonMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), asJson(v)));
        return out;
    }
}
