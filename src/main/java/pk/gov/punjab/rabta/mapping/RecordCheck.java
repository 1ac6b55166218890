package pk.gov.punjab.rabta.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.record.RecordJson;

/**
 * A canonical schema compiled once into plain checks on a record's Java values (maps, lists, text, numbers), for the
 * keywords our schemas use. It only ever vouches: {@link #surelyValid} is true only where the full validator would
 * also find nothing, and false wherever it cannot tell (a keyword it does not know, a value type it does not follow),
 * so a false sends the record to the full validator, whose verdict and message stand.
 */
final class RecordCheck {
    /** Keywords that say nothing about validity. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "examples",
            "default", "deprecated", "readOnly", "writeOnly");

    /** One compiled (sub)schema. */
    private interface Node {
        boolean vouches(Object value);
    }

    private static final Node UNSURE = value -> false;
    private static final Node ANY = value -> true;

    private final Node root;

    private RecordCheck(Node root) {
        this.root = root;
    }

    static RecordCheck compile(JsonNode schema) {
        return new RecordCheck(node(schema));
    }

    /**
     * True only if the record, as {@link RecordJson#tree} would make it, surely meets the schema.
     *
     * @param record a map of JSON-like values: String, Long, Integer, Boolean, BigDecimal, LocalDate, OffsetDateTime,
     *               Map, List, or null
     */
    boolean surelyValid(Map<String, Object> record) {
        return root.vouches(record);
    }

    private static Node node(JsonNode schema) {
        if (schema.isBoolean()) {
            return schema.asBoolean() ? ANY : UNSURE;
        }
        if (!schema.isObject()) {
            return UNSURE;
        }
        List<Node> checks = new ArrayList<>();
        Map<String, Node> properties = null;
        boolean closed = false;
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String keyword = entry.getKey();
            JsonNode argument = entry.getValue();
            if (ANNOTATIONS.contains(keyword)) {
                continue;
            }
            Node check = switch (keyword) {
                case "type" -> type(argument);
                case "const" -> constant(argument);
                case "enum" -> oneOf(argument);
                case "pattern" -> pattern(argument.asText());
                case "minLength" -> argument.canConvertToExactIntegral()
                        ? text(s -> s.codePointCount(0, s.length()) >= argument.asInt()) : UNSURE;
                case "maxLength" -> argument.canConvertToExactIntegral()
                        ? text(s -> s.codePointCount(0, s.length()) <= argument.asInt()) : UNSURE;
                case "minimum" -> bound(argument, true);
                case "maximum" -> bound(argument, false);
                case "format" -> format(argument.asText());
                case "required" -> required(argument);
                case "items" -> items(node(argument));
                case "not" -> notMatching(argument);
                case "properties", "additionalProperties" -> null;
                default -> UNSURE;
            };
            if (keyword.equals("properties")) {
                properties = new HashMap<>();
                for (Map.Entry<String, JsonNode> property : argument.properties()) {
                    properties.put(property.getKey(), node(property.getValue()));
                }
            } else if (keyword.equals("additionalProperties")) {
                if (argument.isBoolean()) {
                    closed = !argument.asBoolean();
                } else {
                    checks.add(UNSURE);
                }
            }
            if (check != null) {
                checks.add(check);
            }
        }
        if (properties != null || closed) {
            checks.add(object(properties == null ? Map.of() : properties, closed));
        }
        Node[] all = checks.toArray(Node[]::new);
        if (all.length == 1) {
            return all[0];
        }
        return value -> {
            for (Node check : all) {
                if (!check.vouches(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The JSON type a value is written as; null for a Java type this check does not follow. */
    private static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String || value instanceof LocalDate || value instanceof OffsetDateTime) {
            return "string";
        }
        if (value instanceof Long || value instanceof Integer) {
            return "integer";
        }
        if (value instanceof BigDecimal) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        return null;
    }

    private static final List<String> TYPES = List.of("null", "string", "integer", "number", "boolean", "object", "array");

    /** The position of {@link #jsonType} in TYPES, or -1. */
    private static int typeIndex(Object value) {
        if (value instanceof String) {
            return 1;
        }
        String type = jsonType(value);
        return type == null ? -1 : TYPES.indexOf(type);
    }

    /** The text a string value is written as, or null for a value that is not one. */
    private static String textOf(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        return null;
    }

    private static Node type(JsonNode argument) {
        List<String> names = new ArrayList<>();
        if (argument.isArray()) {
            argument.forEach(t -> names.add(t.asText()));
        } else {
            names.add(argument.asText());
        }
        int allowed = 0;
        for (int i = 0; i < TYPES.size(); i++) {
            // An integer is a number too; a decimal is vouched for as a number only, whole or not.
            if (names.contains(TYPES.get(i)) || TYPES.get(i).equals("integer") && names.contains("number")) {
                allowed |= 1 << i;
            }
        }
        int mask = allowed;
        return value -> {
            int type = typeIndex(value);
            return type >= 0 && (mask & (1 << type)) != 0;
        };
    }

    private static Node constant(JsonNode expected) {
        if (expected.isTextual()) {
            // Text against text needs no tree: a text node equals another of the same text only.
            String text = expected.textValue();
            return value -> value instanceof String s ? s.equals(text)
                    : jsonType(value) != null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)
                    && RecordJson.tree(value).equals(expected);
        }
        return value -> jsonType(value) != null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)
                && RecordJson.tree(value).equals(expected);
    }

    private static Node oneOf(JsonNode argument) {
        if (!argument.isArray()) {
            return UNSURE;
        }
        Set<String> texts = new HashSet<>();
        List<JsonNode> others = new ArrayList<>();
        for (JsonNode option : argument) {
            if (option.isTextual()) {
                texts.add(option.asText());
            } else {
                others.add(option);
            }
        }
        return value -> {
            String text = textOf(value);
            if (text != null) {
                return texts.contains(text);
            }
            if (jsonType(value) == null || value instanceof Map<?, ?> || value instanceof List<?>) {
                return false;
            }
            JsonNode node = RecordJson.tree(value);
            return others.stream().anyMatch(node::equals);
        };
    }

    /** Applies to text only: any other type passes, as in JSON Schema. */
    private static Node text(java.util.function.Predicate<String> test) {
        return value -> {
            if (value instanceof String s) {
                return test.test(s);
            }
            String text = textOf(value);
            return text != null ? test.test(text) : jsonType(value) != null;
        };
    }

    private static Node pattern(String regex) {
        AnchoredPattern plain = AnchoredPattern.of(regex);
        if (plain != null) {
            return text(plain::matchesWhole);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (RuntimeException e) {
            return UNSURE;
        }
        // The validator searches for the pattern anywhere in the text, as ECMA 262 does.
        return text(s -> pattern.matcher(s).find());
    }

    /** not: only over a lone pattern, whose verdict is exact either way: the text must not contain it. */
    private static Node notMatching(JsonNode argument) {
        if (!argument.isObject() || argument.size() != 1 || !argument.path("pattern").isTextual()) {
            return UNSURE;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(argument.get("pattern").asText());
        } catch (RuntimeException e) {
            return UNSURE;
        }
        // Anything but text meets the inner pattern, so not: refuses it.
        return value -> {
            String text = textOf(value);
            return text != null && !pattern.matcher(text).find();
        };
    }

    private static Node bound(JsonNode argument, boolean lower) {
        if (!argument.isIntegralNumber() || !argument.canConvertToLong()) {
            return UNSURE;
        }
        long limit = argument.asLong();
        return value -> {
            if (value instanceof Long || value instanceof Integer) {
                long n = ((Number) value).longValue();
                return lower ? n >= limit : n <= limit;
            }
            // Decimals are left to the validator; other types pass a numeric bound.
            return jsonType(value) != null && !(value instanceof BigDecimal);
        };
    }

    /** Only the plainest form of each format is vouched for; anything else is left to the validator. */
    private static Node format(String name) {
        return switch (name) {
            case "date" -> text(s -> s.length() == 10 && isDate(s, 0));
            case "date-time" -> text(RecordCheck::isDateTime);
            default -> UNSURE;
        };
    }

    /** yyyy-MM-dd naming a real day of a year from 0001. */
    private static boolean isDate(String s, int at) {
        if (s.length() < at + 10 || s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-') {
            return false;
        }
        int year = digits(s, at, 4);
        int month = digits(s, at + 5, 2);
        int day = digits(s, at + 8, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    /** yyyy-MM-ddTHH:mm:ss, optional fraction, then Z or an offset of at most 14 hours: RFC 3339's plainest form. */
    private static boolean isDateTime(String s) {
        if (s.length() < 20 || !isDate(s, 0) || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return false;
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int at = 19;
        if (s.charAt(at) == '.') {
            int fraction = at + 1;
            while (fraction < s.length() && s.charAt(fraction) >= '0' && s.charAt(fraction) <= '9') {
                fraction++;
            }
            if (fraction == at + 1 || fraction - at - 1 > 9) {
                return false;
            }
            at = fraction;
        }
        if (at == s.length() - 1) {
            return s.charAt(at) == 'Z';
        }
        if (at != s.length() - 6 || (s.charAt(at) != '+' && s.charAt(at) != '-') || s.charAt(at + 3) != ':') {
            return false;
        }
        int offsetHours = digits(s, at + 1, 2);
        int offsetMinutes = digits(s, at + 4, 2);
        return offsetHours >= 0 && offsetHours <= 14 && offsetMinutes >= 0 && offsetMinutes <= 59;
    }

    /** The number the digits spell, or -1 if any is not an ASCII digit. */
    private static int digits(String s, int at, int length) {
        int n = 0;
        for (int i = at; i < at + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static Node required(JsonNode argument) {
        List<String> names = new ArrayList<>();
        argument.forEach(n -> names.add(n.asText()));
        String[] all = names.toArray(String[]::new);
        return value -> {
            if (!(value instanceof Map<?, ?> map)) {
                return jsonType(value) != null;
            }
            for (String name : all) {
                if (!map.containsKey(name)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Node items(Node item) {
        return value -> {
            if (!(value instanceof List<?> list)) {
                return jsonType(value) != null;
            }
            for (Object element : list) {
                if (!item.vouches(element)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Node object(Map<String, Node> properties, boolean closed) {
        return value -> {
            if (!(value instanceof Map<?, ?> map)) {
                return jsonType(value) != null;
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    return false;
                }
                Node property = properties.get(name);
                if (property == null ? closed : !property.vouches(entry.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }
}
