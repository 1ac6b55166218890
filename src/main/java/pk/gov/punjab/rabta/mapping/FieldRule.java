package pk.gov.punjab.rabta.mapping;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import pk.gov.punjab.rabta.record.FailureReason;

/** A compiled field: where its value comes from, the steps it goes through, and what an absent value means. */
final class FieldRule {
    private final String name;
    private final List<String[]> sources;
    private final Object constant;
    private final String defaultValue;
    private final boolean required;
    private final List<ValueStep> steps;
    private final DateTimeFormatter outputFormat;

    FieldRule(String name, List<String[]> sources, Object constant, String defaultValue, boolean required,
              List<ValueStep> steps, DateTimeFormatter outputFormat) {
        this.name = name;
        this.sources = sources;
        this.constant = constant;
        this.defaultValue = defaultValue;
        this.required = required;
        this.steps = steps;
        this.outputFormat = outputFormat;
    }

    String name() {
        return name;
    }

    List<String[]> sources() {
        return sources;
    }

    Object evaluate(Map<String, Object> input, Map<String, Object> lets) {
        Object value = extract(input, lets);
        if (isAbsent(value) && defaultValue != null) {
            value = defaultValue;
        }
        if (isAbsent(value)) {
            return absent();
        }
        for (ValueStep step : steps) {
            value = applyStep(step, value);
            if (isAbsent(value)) {
                return absent();
            }
        }
        return format(value);
    }

    private Object absent() {
        if (required) {
            throw new MappingException(FailureReason.VALIDATION, name, null, "required value is missing"
                    + (sources.isEmpty() ? "" : " (from " + describeSources() + ")"));
        }
        return null;
    }

    private Object applyStep(ValueStep step, Object value) {
        if (value instanceof List<?> list && !step.takesWholeList()) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(item == null ? null : step.apply(item, name));
            }
            return out;
        }
        return step.apply(value, name);
    }

    private Object format(Object value) {
        if (outputFormat == null) {
            return value;
        }
        if (value instanceof LocalDate d) {
            return outputFormat.format(d);
        }
        if (value instanceof OffsetDateTime t) {
            return outputFormat.format(t);
        }
        return value;
    }

    private Object extract(Map<String, Object> input, Map<String, Object> lets) {
        if (constant != null) {
            return constant;
        }
        if (sources.size() == 1) {
            return read(sources.get(0), input, lets);
        }
        List<Object> values = new ArrayList<>(sources.size());
        for (String[] path : sources) {
            values.add(read(path, input, lets));
        }
        return values.stream().allMatch(FieldRule::isAbsent) ? null : values;
    }

    private static Object read(String[] path, Map<String, Object> input, Map<String, Object> lets) {
        if (path[0].startsWith("$")) {
            return lets.get(path[0].substring(1));
        }
        Object current = input;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = getIgnoringCase(map, segment);
        }
        return current;
    }

    /** Legacy databases disagree on identifier case (PostgreSQL folds to lower, H2 to upper), so field names match any case. */
    private static Object getIgnoringCase(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value != null || map.containsKey(key)) {
            return value;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey().toString().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean isAbsent(Object value) {
        return value == null || (value instanceof String s && s.isBlank());
    }

    private String describeSources() {
        return String.join(", ", sources.stream().map(p -> String.join(".", p)).toList());
    }
}
