package pk.gov.punjab.rabta.record;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON form of records on the bus: ISO dates, fields in mapping order, and the content hash over it. */
public final class RecordJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private RecordJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write record as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The same tree as {@code MAPPER.valueToTree(value)}, built directly for the types mapped values have, so a record is
     * not written out and read back just to be validated; any other type still goes through the mapper.
     */
    public static JsonNode tree(Object value) {
        if (value == null) {
            return NullNode.instance;
        }
        if (value instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (value instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (value instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof BigDecimal d) {
            // As the mapper reads a decimal into a tree: trailing zeros stripped, any zero as plain 0.
            return d.signum() == 0 ? DecimalNode.ZERO : DecimalNode.valueOf(d.stripTrailingZeros());
        }
        if (value instanceof LocalDate d) {
            return TextNode.valueOf(d.toString());
        }
        if (value instanceof OffsetDateTime t) {
            return TextNode.valueOf(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    return MAPPER.valueToTree(value);
                }
                object.set(key, tree(entry.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(item -> array.add(tree(item)));
            return array;
        }
        return MAPPER.valueToTree(value);
    }

    /** Writes an object whose field {@code rawField} is JSON text already written, e.g. a payload that was hashed. */
    public static String writeWithRawField(ObjectNode object, String rawField, String rawJson) {
        StringWriter out = new StringWriter(rawJson.length() + 512);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                json.writeFieldName(field.getKey());
                if (field.getKey().equals(rawField)) {
                    json.writeRawValue(rawJson);
                } else {
                    MAPPER.writeTree(json, field.getValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write record as JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Writes a record of plain values (those {@link #tree} builds directly, in maps and lists) in one pass, giving the
     * same text as writing its tree with {@link #MAPPER}, and the SHA-256 of the text of its field {@code hashedField}.
     */
    public static Hashed writeHashingField(Map<String, ?> record, String hashedField) {
        StringBuilder out = new StringBuilder(1024);
        String hash = null;
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> field : record.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeText(out, field.getKey());
            out.append(':');
            int start = out.length();
            writeValue(out, field.getValue());
            if (field.getKey().equals(hashedField)) {
                hash = sha256(out.substring(start));
            }
        }
        out.append('}');
        if (hash == null) {
            throw new IllegalArgumentException("The record has no field '" + hashedField + "'");
        }
        return new Hashed(out.toString(), hash);
    }

    /** Writes a value as the mapper writes its tree: no spaces, numbers as Java writes them, text escaped alike. */
    private static void writeValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeText(out, s);
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else if (value instanceof Integer i) {
            out.append(i.intValue());
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof LocalDate d) {
            writeText(out, d.toString());
        } else if (value instanceof OffsetDateTime t) {
            writeText(out, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        } else if (value instanceof Map<?, ?> map && keysAreText(map)) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeText(out, (String) entry.getKey());
                out.append(':');
                writeValue(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeValue(out, list.get(i));
            }
            out.append(']');
        } else {
            // Decimals and any other type: exactly as the mapper writes the tree made of it.
            out.append(write(tree(value)));
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson writes one by default: quote, backslash and control characters escaped, nothing else. */
    static void writeText(StringBuilder out, String text) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, plainFrom, text.length());
        out.append('"');
    }

    private static boolean keysAreText(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A record's JSON text and the hash of one of its fields' text. */
    public record Hashed(String json, String fieldHash) {
    }

    public static Map<String, Object> readMap(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 of the JSON text, hex; travels with the record so a target can check what it received. */
    public static String sha256(String json) {
        return HexFormat.of().formatHex(newSha256().digest(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A copy of a digest made once, cheaper than looking the algorithm up among the providers for every record. */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
