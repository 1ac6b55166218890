package pk.gov.punjab.rabta.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import pk.gov.punjab.rabta.record.Masking;

/** CNICs and names in what the API returns, masked for a caller who only views (operators and approvers see them whole). */
public final class PersonalData {
    private PersonalData() {
    }

    public static boolean seenWhole(Authentication caller) {
        return Role.OPERATOR.heldBy(caller) || Role.APPROVER.heldBy(caller);
    }

    /**
     * The value as the caller may see it: unchanged, or with every CNIC and name masked at any depth (by field name,
     * and each CNIC quoted inside free text such as a failure message).
     */
    @SuppressWarnings("unchecked")
    public static <T> T forCaller(T value, Authentication caller) {
        return seenWhole(caller) ? value : (T) masked(value);
    }

    /** Free text (a failure message, a reason, an audit row's details) as the caller may see it. */
    public static String textForCaller(String text, Authentication caller) {
        return seenWhole(caller) ? text : Masking.inText(text);
    }

    /** The value with every CNIC and name masked, whoever asks: what a viewer sees and searches. */
    public static Object masked(Object value) {
        return mask(null, value);
    }

    /**
     * A JSON Patch (or any JSON) as the caller may see it; a patch operation's value is masked by the field its path
     * ends in, so a patch that corrects a CNIC or a name does not show it to a viewer.
     */
    public static JsonNode forCaller(JsonNode json, Authentication caller) {
        return seenWhole(caller) || json == null ? json : maskJson(null, json);
    }

    private static JsonNode maskJson(String field, JsonNode json) {
        if (json.isObject()) {
            ObjectNode masked = ((ObjectNode) json).objectNode();
            String patched = json.path("path").isTextual() ? json.get("path").asText() : null;
            json.fields().forEachRemaining(entry -> {
                String name = patched != null && entry.getKey().equals("value") ? patched.substring(patched.lastIndexOf('/') + 1) : entry.getKey();
                masked.set(entry.getKey(), maskJson(name, entry.getValue()));
            });
            return masked;
        }
        if (json.isArray()) {
            ArrayNode masked = ((ArrayNode) json).arrayNode();
            json.forEach(element -> masked.add(maskJson(field, element)));
            return masked;
        }
        return json.isTextual() ? TextNode.valueOf(Masking.forLog(field, json.asText())) : json;
    }

    private static Object mask(String field, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> masked = new LinkedHashMap<>();
            Object failedField = map.get("field");
            map.forEach((k, v) -> masked.put(k.toString(), mask("rawValue".equals(k) && failedField != null ? failedField.toString() : k.toString(), v)));
            return masked;
        }
        if (value instanceof List<?> list) {
            List<Object> masked = new ArrayList<>(list.size());
            list.forEach(v -> masked.add(mask(field, v)));
            return masked;
        }
        if (value instanceof String text) {
            return Masking.forLog(field, text);
        }
        return value;
    }
}
