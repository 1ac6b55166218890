package pk.gov.punjab.rabta.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;

import pk.gov.punjab.rabta.record.Masking;

/** CNICs and names in what the API returns, masked for a caller who only views (operators and approvers see them whole). */
public final class PersonalData {
    private PersonalData() {
    }

    public static boolean seenWhole(Authentication caller) {
        return Role.OPERATOR.heldBy(caller) || Role.APPROVER.heldBy(caller);
    }

    /** The value as the caller may see it: unchanged, or with every CNIC and name masked at any depth. */
    @SuppressWarnings("unchecked")
    public static <T> T forCaller(T value, Authentication caller) {
        return seenWhole(caller) ? value : (T) mask(null, value);
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
