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
    private final Map<String, Object> input;
    private Map<String, Object> lets;
    private List<Map<String, String>> warnings;
    private Map<String, Object> jsonInput;

    /** Lets and warnings are made when first needed: most records of most mappings have neither. */
    Evaluation(Map<String, Object> input) {
        this(input, null, null);
    }

    private Evaluation(Map<String, Object> input, Map<String, Object> lets, List<Map<String, String>> warnings) {
        this.input = input;
        this.lets = lets;
        this.warnings = warnings;
    }

    Map<String, Object> input() {
        return input;
    }

    Map<String, Object> lets() {
        if (lets == null) {
            lets = new LinkedHashMap<>();
        }
        return lets;
    }

    /** The same record with $item bound, for the sub-fields of one item of a list (each:). */
    Evaluation forItem(Object item) {
        Map<String, Object> itemLets = new LinkedHashMap<>(lets());
        itemLets.put("item", item);
        Evaluation evaluation = new Evaluation(input, itemLets, warnings());
        evaluation.jsonInput = jsonInput;
        return evaluation;
    }

    void warn(String field, String message) {
        warnings().add(Map.of("field", field, "message", message));
    }

    List<Map<String, String>> warnings() {
        if (warnings == null) {
            warnings = new ArrayList<>();
        }
        return warnings;
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
