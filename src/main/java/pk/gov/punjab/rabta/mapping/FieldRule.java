package pk.gov.punjab.rabta.mapping;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import pk.gov.punjab.rabta.record.FailureReason;

/** A compiled field: where its value comes from, the steps it goes through, and what an absent value means. */
final class FieldRule {
    private final String name;
    private final String[] outputPath;
    private final List<String[]> sources;
    private final Source[] readers;
    private final Object constant;
    private final FieldExpression expression;
    private final FieldCondition when;
    private final String defaultValue;
    private final boolean required;
    private final ValueStep[] steps;
    private final GenderCheck genderCheck;
    private final List<FieldRule> itemFields;
    private final DateTimeFormatter outputFormat;

    private FieldRule(Builder b) {
        this.name = b.name;
        this.outputPath = b.name.split("\\.");
        this.sources = b.sources;
        this.readers = b.sources.stream().map(Source::new).toArray(Source[]::new);
        this.constant = b.constant;
        this.expression = b.expression;
        this.when = b.when;
        this.defaultValue = b.defaultValue;
        this.required = b.required;
        this.steps = b.steps.toArray(ValueStep[]::new);
        this.genderCheck = b.genderCheck;
        this.itemFields = b.itemFields;
        this.outputFormat = b.outputFormat;
    }

    String name() {
        return name;
    }

    /** The field's dotted name as the nested keys it is written under. */
    String[] outputPath() {
        return outputPath;
    }

    List<String[]> sources() {
        return sources;
    }

    Object evaluate(Evaluation evaluation) {
        if (when != null && !when.holds(evaluation, name)) {
            return null;
        }
        Object value = extract(evaluation);
        if (isAbsent(value)) {
            if (defaultValue == null || isAbsent(defaultValue)) {
                return absent();
            }
            value = defaultValue;
        }
        for (ValueStep step : steps) {
            value = applyStep(step, value);
            if (isAbsent(value)) {
                return absent();
            }
        }
        if (genderCheck != null) {
            genderCheck.check(value, evaluation, name);
        }
        if (itemFields != null) {
            value = mapItems(value, evaluation);
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

    /** each: every item of the list becomes an object built by the sub-fields, with the item as $item. */
    private List<Map<String, Object>> mapItems(Object value, Evaluation evaluation) {
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Evaluation itemEvaluation = evaluation.forItem(items.get(i));
            Map<String, Object> object = new LinkedHashMap<>();
            for (FieldRule field : itemFields) {
                Object fieldValue;
                try {
                    fieldValue = field.evaluate(itemEvaluation);
                } catch (MappingException e) {
                    throw e.within(name + "[" + i + "]");
                }
                if (fieldValue != null) {
                    CompiledMapping.put(object, field.outputPath(), fieldValue);
                }
            }
            out.add(object);
        }
        return out;
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

    private Object extract(Evaluation evaluation) {
        if (constant != null) {
            return constant;
        }
        if (expression != null) {
            return expression.evaluate(evaluation, name);
        }
        if (readers.length == 1) {
            return readers[0].read(evaluation);
        }
        List<Object> values = new ArrayList<>(readers.length);
        boolean anyPresent = false;
        for (Source source : readers) {
            Object value = source.read(evaluation);
            anyPresent |= !isAbsent(value);
            values.add(value);
        }
        return anyPresent ? values : null;
    }

    /**
     * A from: path made ready once: whether it starts at a let, which, and, for a column the rows spell in another
     * case, the rows' spelling as last found, tried before searching the row's columns again.
     */
    private static final class Source {
        private final String[] path;
        private final String let;
        private final int start;
        /** Written by whichever thread finds it; a stale or missing value only costs the search it saves. */
        private String spelling;

        Source(String[] path) {
            this.path = path;
            boolean fromLet = !path[0].isEmpty() && path[0].charAt(0) == '$';
            this.let = fromLet ? path[0].substring(1) : null;
            this.start = fromLet ? 1 : 0;
        }

        Object read(Evaluation evaluation) {
            Object current;
            if (let != null) {
                current = evaluation.let(let);
            } else if (path.length == 1 && evaluation.input() != null) {
                return column(evaluation.input());
            } else {
                current = evaluation.input();
            }
            for (int i = start; i < path.length; i++) {
                current = step(current, path[i]);
            }
            return current;
        }

        /** A top-level column: its own name, then the rows' spelling of it, then (rarely) a search of the row. */
        private Object column(Map<String, Object> row) {
            String name = path[0];
            Object value = row.getOrDefault(name, MISSING);
            if (value != MISSING) {
                return value;
            }
            String known = spelling;
            if (known != null) {
                value = row.getOrDefault(known, MISSING);
                if (value != MISSING) {
                    return value;
                }
            }
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) row).entrySet()) {
                if (entry.getKey().toString().equalsIgnoreCase(name)) {
                    if (entry.getKey() instanceof String found) {
                        spelling = found;
                    }
                    return entry.getValue();
                }
            }
            return null;
        }
    }

    /** Told apart from a column present with a null value, so each column costs one lookup. */
    private static final Object MISSING = new Object();

    /** A source path: a column, a dotted path into nested objects (across lists: each item's value), or $let. */
    static Object read(String[] path, Evaluation evaluation) {
        Object current;
        int start = 0;
        if (!path[0].isEmpty() && path[0].charAt(0) == '$') {
            current = evaluation.let(path[0].substring(1));
            start = 1;
        } else {
            current = evaluation.input();
        }
        for (int i = start; i < path.length; i++) {
            current = step(current, path[i]);
        }
        return current;
    }

    private static Object step(Object current, String segment) {
        if (current instanceof Map<?, ?> map) {
            return getIgnoringCase(map, segment);
        }
        if (current instanceof List<?> list) {
            List<Object> values = new ArrayList<>(list.size());
            for (Object item : list) {
                values.add(step(item, segment));
            }
            return values;
        }
        return null;
    }

    /** Legacy databases disagree on identifier case (PostgreSQL folds to lower, H2 to upper), so field names match any case. */
    @SuppressWarnings("unchecked")
    private static Object getIgnoringCase(Map<?, ?> map, String key) {
        Object value = ((Map<Object, Object>) map).getOrDefault(key, MISSING);
        if (value != MISSING) {
            return value;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey().toString().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    static boolean isAbsent(Object value) {
        return value == null || (value instanceof String s && s.isBlank());
    }

    private String describeSources() {
        return String.join(", ", sources.stream().map(p -> String.join(".", p)).toList());
    }

    static Builder named(String name) {
        return new Builder(name);
    }

    /** Collects a field's parts as the compiler reads them. */
    static final class Builder {
        private final String name;
        private List<String[]> sources = List.of();
        private Object constant;
        private FieldExpression expression;
        private FieldCondition when;
        private String defaultValue;
        private boolean required;
        private List<ValueStep> steps = List.of();
        private GenderCheck genderCheck;
        private List<FieldRule> itemFields;
        private DateTimeFormatter outputFormat;

        private Builder(String name) {
            this.name = name;
        }

        Builder sources(List<String[]> sources) {
            this.sources = sources;
            return this;
        }

        Builder constant(Object constant) {
            this.constant = constant;
            return this;
        }

        Builder expression(FieldExpression expression) {
            this.expression = expression;
            return this;
        }

        Builder when(FieldCondition when) {
            this.when = when;
            return this;
        }

        Builder defaultValue(String defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        Builder required(boolean required) {
            this.required = required;
            return this;
        }

        Builder steps(List<ValueStep> steps) {
            this.steps = steps;
            return this;
        }

        Builder genderCheck(GenderCheck genderCheck) {
            this.genderCheck = genderCheck;
            return this;
        }

        Builder itemFields(List<FieldRule> itemFields) {
            this.itemFields = itemFields;
            return this;
        }

        Builder outputFormat(DateTimeFormatter outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        FieldRule build() {
            return new FieldRule(this);
        }
    }
}
