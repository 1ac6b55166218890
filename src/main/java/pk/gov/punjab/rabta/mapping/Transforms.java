package pk.gov.punjab.rabta.mapping;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.definition.YamlNode;
import pk.gov.punjab.rabta.record.FailureReason;

/** The named transforms a mapping field may use; each is compiled once with the field's options. */
final class Transforms {
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Karachi");
    static final Set<String> NAMES = Set.of("trim", "upper", "lower", "text", "code", "integer", "decimal", "yes-no",
            "date", "timestamp", "cnic", "fir-key", "list", "join", "name-key");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** A moment every date and timestamp pattern can write, to try a pattern on when it is compiled. */
    private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2026, 11, 3, 9, 5, 7, 0, DEFAULT_ZONE);

    private Transforms() {
    }

    static ValueStep compile(String name, YamlNode rule, CodeTables codes, String where) {
        return switch (name) {
            case "trim" -> (v, f) -> blankToNull(v.toString().trim());
            case "upper" -> (v, f) -> v.toString().toUpperCase(Locale.ROOT);
            case "lower" -> (v, f) -> v.toString().toLowerCase(Locale.ROOT);
            case "text" -> (v, f) -> v.toString();
            case "code" -> (v, f) -> blankToNull(dashForWhitespace(v.toString().trim().toUpperCase(Locale.ROOT)));
            case "integer" -> Transforms::integer;
            case "decimal" -> Transforms::decimal;
            case "yes-no" -> Transforms::yesNo;
            case "date" -> date(pattern(rule, "date"), FixedDigitDate.of(option(rule, "format") == null ? "yyyy-MM-dd" : option(rule, "format")));
            case "timestamp" -> timestamp(pattern(rule, "timestamp"), zone(rule));
            case "cnic" -> Transforms::cnic;
            case "fir-key" -> firKey(codes, where);
            case "list" -> list(option(rule, "separator"));
            case "join" -> join(option(rule, "separator"));
            case "name-key" -> nameKey(codes, where);
            default -> throw new DefinitionException(where + ": unknown transform '" + name + "' (known: " + new java.util.TreeSet<>(NAMES) + ")");
        };
    }

    private static String option(YamlNode rule, String key) {
        YamlNode node = rule == null ? null : rule.get(key);
        return node == null ? null : node.text();
    }

    /**
     * The field's format: as a strict formatter, tried on a sample so that a pattern that cannot give a date (or a
     * timestamp) stops the definitions here rather than failing every record; null for the ISO default.
     */
    private static DateTimeFormatter pattern(YamlNode rule, String transform) {
        YamlNode format = rule == null ? null : rule.get("format");
        if (format == null) {
            return null;
        }
        String pattern = format.text();
        DateTimeFormatter formatter;
        try {
            formatter = strict(pattern);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(format.where() + ": bad " + transform + " format '" + pattern + "': " + e.getMessage());
        }
        try {
            TemporalAccessor read = formatter.parse(formatter.format(SAMPLE));
            if (transform.equals("date")) {
                LocalDate.from(read);
            } else {
                timestampFrom(read, DEFAULT_ZONE);
            }
        } catch (DateTimeException e) {
            throw new DefinitionException(format.where() + ": " + transform + " format '" + pattern + "' cannot read a " + transform
                    + (transform.equals("date") ? ": it needs day (dd), month (MM) and year (yyyy)"
                    : ": it needs a date (dd, MM, yyyy) and a time of day (HH, mm)") + "; letters differ by case (mm is minutes)");
        }
        return formatter;
    }

    /** A date written back as text in the field's output-format:, tried on a sample date (or timestamp) first. */
    static DateTimeFormatter outputFormat(YamlNode format, boolean timestamp) {
        String pattern = format.text();
        try {
            DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            formatter.format(timestamp ? SAMPLE.toOffsetDateTime() : SAMPLE.toLocalDate());
            return formatter;
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new DefinitionException(format.where() + ": bad output-format '" + pattern + "': " + e.getMessage());
        }
    }

    private static ZoneId zone(YamlNode rule) {
        String zone = option(rule, "zone");
        try {
            return zone == null ? DEFAULT_ZONE : ZoneId.of(zone);
        } catch (Exception e) {
            throw new DefinitionException(rule.get("zone").where() + ": unknown time zone '" + zone + "'");
        }
    }

    /** Each run of whitespace (as regex \\s: space, tab, line breaks, vertical tab, form feed) as one dash; a loop, per value. */
    static String dashForWhitespace(String text) {
        int i = 0;
        while (i < text.length() && !isRegexSpace(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
        boolean inRun = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isRegexSpace(c)) {
                out.append(c);
                inRun = false;
            } else if (!inRun) {
                out.append('-');
                inRun = true;
            }
        }
        return out.toString();
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    static Object integer(Object value, String field) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = value.toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MappingException(FailureReason.VALIDATION, field, value, "'" + text + "' is not a whole number");
        }
    }

    static Object decimal(Object value, String field) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new MappingException(FailureReason.VALIDATION, field, value, "'" + value + "' is not a number");
        }
    }

    static Object yesNo(Object value, String field) {
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString().trim().toUpperCase(Locale.ROOT)) {
            case "Y", "YES", "1", "T", "TRUE" -> Boolean.TRUE;
            case "N", "NO", "0", "F", "FALSE" -> Boolean.FALSE;
            default -> throw new MappingException(FailureReason.VALIDATION, field, value,
                    "'" + value + "' is not a yes/no flag (Y/N, 1/0, true/false)");
        };
    }

    /** A pattern read strictly (no 31/02), with yyyy taken as the proleptic year so strict parsing needs no era. */
    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu").replace("yy", "uu"), Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    private static final DateTimeFormatter ISO_DATE = strict("yyyy-MM-dd");

    static ValueStep date(DateTimeFormatter format, FixedDigitDate fixed) {
        DateTimeFormatter formatter = format == null ? ISO_DATE : format;
        return (value, field) -> {
            if (fixed != null && value instanceof String text) {
                LocalDate read = fixed.read(text.trim(), value, field);
                if (read != null) {
                    return read;
                }
            }
            if (value instanceof LocalDate d) {
                return d;
            }
            if (value instanceof java.sql.Date d) {
                return d.toLocalDate();
            }
            if (value instanceof Timestamp t) {
                return t.toLocalDateTime().toLocalDate();
            }
            if (value instanceof LocalDateTime t) {
                return t.toLocalDate();
            }
            return parse(value, field, formatter, LocalDate::from, "date");
        };
    }

    static ValueStep timestamp(DateTimeFormatter format, ZoneId zone) {
        DateTimeFormatter formatter = format == null ? DateTimeFormatter.ISO_DATE_TIME : format;
        return (value, field) -> {
            if (value instanceof Timestamp t) {
                return t.toLocalDateTime().atZone(zone).toOffsetDateTime();
            }
            if (value instanceof LocalDateTime t) {
                return t.atZone(zone).toOffsetDateTime();
            }
            if (value instanceof OffsetDateTime t) {
                return t;
            }
            if (value instanceof Instant i) {
                return i.atZone(zone).toOffsetDateTime();
            }
            return parse(value, field, formatter, t -> timestampFrom(t, zone), "timestamp");
        };
    }

    /** A parsed timestamp at the offset or zone its text gives; text without one is a local time in the configured zone. */
    private static OffsetDateTime timestampFrom(TemporalAccessor parsed, ZoneId zone) {
        if (parsed.query(TemporalQueries.zone()) != null) {
            return ZonedDateTime.from(parsed).toOffsetDateTime();
        }
        return LocalDateTime.from(parsed).atZone(zone).toOffsetDateTime();
    }

    private static <T> T parse(Object value, String field, DateTimeFormatter formatter,
                               java.util.function.Function<TemporalAccessor, T> from, String what) {
        String text = value.toString().trim();
        try {
            return from.apply(formatter.parse(text));
        } catch (DateTimeException e) {
            // Unparseable text, or text that parses but names no real date (31/02 under the strict resolver).
            throw new MappingException(FailureReason.VALIDATION, field, value, "'" + text + "' is not a valid " + what
                    + " in the expected format");
        }
    }

    /**
     * A date pattern made only of dd, MM and yyyy and separators (dd/MM/yyyy, yyyy-MM-dd): text of exactly its shape is
     * read digit by digit, which costs a fraction of the formatter's general parse; any other text goes to the formatter,
     * so what is accepted and refused does not change.
     */
    static final class FixedDigitDate {
        private final String shape;
        private final int day;
        private final int month;
        private final int year;

        private FixedDigitDate(String shape, int day, int month, int year) {
            this.shape = shape;
            this.day = day;
            this.month = month;
            this.year = year;
        }

        /** The fast reader for a pattern as written, or null when it has other letters, quotes or optional parts. */
        static FixedDigitDate of(String pattern) {
            String shape = pattern.replace("uuuu", "yyyy");
            int day = shape.indexOf("dd");
            int month = shape.indexOf("MM");
            int year = shape.indexOf("yyyy");
            if (day < 0 || month < 0 || year < 0) {
                return null;
            }
            for (int i = 0; i < shape.length(); i++) {
                char c = shape.charAt(i);
                boolean inField = (i >= day && i < day + 2) || (i >= month && i < month + 2) || (i >= year && i < year + 4);
                if (inField != (c == 'd' || c == 'M' || c == 'y') || Character.isLetter(c) && !inField || "'[]{}#".indexOf(c) >= 0) {
                    return null;
                }
            }
            return new FixedDigitDate(shape, day, month, year);
        }

        /** The date, or null when the text is not of the pattern's exact shape; a shaped text naming no real date fails. */
        LocalDate read(String text, Object value, String field) {
            if (text.length() != shape.length()) {
                return null;
            }
            for (int i = 0; i < text.length(); i++) {
                char expected = shape.charAt(i);
                char c = text.charAt(i);
                boolean digit = expected == 'd' || expected == 'M' || expected == 'y';
                if (digit ? c < '0' || c > '9' : c != expected) {
                    return null;
                }
            }
            try {
                return LocalDate.of(number(text, year, 4), number(text, month, 2), number(text, day, 2));
            } catch (DateTimeException e) {
                throw new MappingException(FailureReason.VALIDATION, field, value, "'" + text + "' is not a valid date"
                        + " in the expected format");
            }
        }

        private static int number(String text, int at, int length) {
            int n = 0;
            for (int i = at; i < at + length; i++) {
                n = n * 10 + (text.charAt(i) - '0');
            }
            return n;
        }
    }

    /** CNIC: 13 digits written 5-7-1; dashes and spaces are stripped, anything else is a malformed CNIC. */
    static Object cnic(Object value, String field) {
        String text = value.toString();
        // A loop, not a regular expression: this runs on every admission and a pattern match costs several times more.
        char[] digits = new char[13];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                continue;
            }
            if (c < '0' || c > '9' || count == 13) {
                count = -1;
                break;
            }
            digits[count++] = c;
        }
        if (count != 13) {
            throw new MappingException(FailureReason.VALIDATION, field, value,
                    "malformed CNIC: 13 digits expected (written 35202-1234567-1)");
        }
        return new String(digits);
    }

    /** FIR key: police-station code (with its district) + FIR number + year, e.g. LHR-014-123-2025. */
    static ValueStep firKey(CodeTables codes, String where) {
        return new ValueStep() {
            @Override
            public Object apply(Object value, String field) {
                List<?> parts = value instanceof List<?> l ? l : List.of(value);
                if (parts.size() != 3 && parts.size() != 4) {
                    // The compiler refuses a from: list of another length; a list made per record can still be one.
                    throw new MappingException(FailureReason.VALIDATION, field, parts,
                            "fir-key takes [station, number, year] or [district, station, number, year], got " + parts.size() + " value(s)");
                }
                if (parts.stream().anyMatch(p -> p == null || p.toString().isBlank())) {
                    throw new MappingException(FailureReason.VALIDATION, field, parts, "FIR key is incomplete");
                }
                int offset = parts.size() - 3;
                String station = parts.get(offset).toString().trim().toUpperCase(Locale.ROOT);
                if (offset == 1) {
                    String district = parts.get(0).toString().trim().toUpperCase(Locale.ROOT);
                    if (!station.startsWith(district + "-")) {
                        station = district + "-" + (DIGITS.matcher(station).matches() ? String.format("%03d", Integer.parseInt(station)) : station);
                    }
                }
                if (codes.has("police-stations") && codes.table("police-stations").find("code", station).isEmpty()) {
                    throw new MappingException(FailureReason.UNMAPPED_CODE, field, station,
                            "police station '" + station + "' is not in code table police-stations");
                }
                long number = (Long) integer(parts.get(offset + 1), field);
                long year = (Long) integer(parts.get(offset + 2), field);
                if (number <= 0 || year < 1947 || year > LocalDate.now().getYear() + 1) {
                    throw new MappingException(FailureReason.VALIDATION, field, parts, "FIR number or year out of range");
                }
                return station + "-" + number + "-" + year;
            }

            @Override
            public boolean takesWholeList() {
                return true;
            }
        };
    }

    static ValueStep list(String separator) {
        String glue = separator == null ? "," : separator;
        Pattern splitter = Pattern.compile(Pattern.quote(glue));
        return new ValueStep() {
            @Override
            public Object apply(Object value, String field) {
                if (value instanceof List<?>) {
                    return value;
                }
                if (glue.isEmpty()) {
                    return Arrays.stream(splitter.split(value.toString())).map(String::trim).filter(s -> !s.isEmpty()).toList();
                }
                return splitTrimmed(value.toString(), glue);
            }

            @Override
            public boolean takesWholeList() {
                return true;
            }
        };
    }

    /** The text's parts between separators, trimmed, empty ones dropped: the same list a quoted-pattern split gives. */
    static List<String> splitTrimmed(String text, String separator) {
        List<String> parts = new ArrayList<>(4);
        int from = 0;
        while (true) {
            int at = text.indexOf(separator, from);
            String part = (at < 0 ? text.substring(from) : text.substring(from, at)).trim();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            if (at < 0) {
                return Collections.unmodifiableList(parts);
            }
            from = at + separator.length();
        }
    }

    static ValueStep join(String separator) {
        String glue = separator == null ? "," : separator;
        return new ValueStep() {
            @Override
            public Object apply(Object value, String field) {
                if (value instanceof List<?> list) {
                    return String.join(glue, list.stream().map(String::valueOf).toList());
                }
                return value.toString();
            }

            @Override
            public boolean takesWholeList() {
                return true;
            }
        };
    }

    private static ValueStep nameKey(CodeTables codes, String where) {
        if (!codes.has(NameKey.TABLE) || !codes.table(NameKey.TABLE).hasColumn("word") || !codes.table(NameKey.TABLE).hasColumn("means")) {
            throw new DefinitionException(where + ": name-key needs config/codes/" + NameKey.TABLE + ".csv with columns word, means");
        }
        return new NameKey(codes.table(NameKey.TABLE))::apply;
    }

    /** An enum map written in the mapping itself: source value -> output value, matched on trimmed text in any case. */
    static ValueStep enumMap(YamlNode map, YamlNode otherwise) {
        Map<String, String> values = new java.util.HashMap<>();
        for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
            values.put(e.getKey().trim().toUpperCase(Locale.ROOT), e.getValue().text());
        }
        String fallback = otherwise == null ? null : otherwise.text();
        String known = new java.util.TreeSet<>(map.entries().keySet()).toString();
        return (value, field) -> {
            String mapped = values.get(value.toString().trim().toUpperCase(Locale.ROOT));
            if (mapped != null) {
                return mapped;
            }
            if (fallback != null) {
                return fallback;
            }
            throw new MappingException(FailureReason.UNMAPPED_CODE, field, value,
                    "value '" + value + "' is not in the field's map " + known);
        };
    }

    /** A lookup in a code table: by one column, returning another (both default to the table's first column). */
    static ValueStep lookup(YamlNode spec, CodeTables codes) {
        String table;
        String by = null;
        String returns = null;
        if (spec.isScalar()) {
            table = spec.text();
        } else {
            spec.allowOnly(Set.of("table", "by", "return"));
            table = spec.require("table").text();
            by = spec.get("by") == null ? null : spec.get("by").text();
            returns = spec.get("return") == null ? null : spec.get("return").text();
        }
        if (!codes.has(table)) {
            throw new DefinitionException(spec.where() + ": no code table '" + table + "' in config/codes/ (known: " + codes.names() + ")");
        }
        var codeTable = codes.table(table);
        String byColumn = by == null ? codeTable.columns().get(0) : by;
        String returnColumn = returns == null ? codeTable.columns().get(0) : returns;
        for (String column : List.of(byColumn, returnColumn)) {
            if (!codeTable.hasColumn(column)) {
                throw new DefinitionException(spec.where() + ": code table '" + table + "' has no column '" + column
                        + "' (columns: " + codeTable.columns() + ")");
            }
        }
        // Values as the table writes them are answered from a map made here; any other spelling goes through the table.
        Map<String, String> exact = new java.util.HashMap<>();
        for (Map<String, String> row : codeTable.rows()) {
            String written = row.get(byColumn);
            if (written != null && !exact.containsKey(written)) {
                codeTable.find(byColumn, written).ifPresent(found -> {
                    if (found.get(returnColumn) != null) {
                        exact.put(written, found.get(returnColumn));
                    }
                });
            }
        }
        BiFunction<Object, String, Object> find = (value, field) -> {
            String known = value instanceof String text ? exact.get(text) : null;
            return known != null ? known : findInTable(codeTable, byColumn, returnColumn, table, value, field);
        };
        return find::apply;
    }


    private static Object findInTable(pk.gov.punjab.rabta.codes.CodeTable codeTable, String byColumn, String returnColumn,
                                      String table, Object value, String field) {
        return codeTable.find(byColumn, value.toString())
                .map((Map<String, String> row) -> (Object) row.get(returnColumn))
                .orElseThrow(() -> new MappingException(FailureReason.UNMAPPED_CODE, field, value,
                        "code '" + value + "' is not in code table " + table + " (column " + byColumn + ")"));
    }
}
