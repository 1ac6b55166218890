package pk.gov.punjab.rabta.record;

import java.util.Locale;

/** Masks CNICs and names before they reach a log line: people in custody are not to be identified from logs. */
public final class Masking {
    private Masking() {
    }

    /** Masks a value when its field looks personal (cnic, name) or the value looks like a CNIC. */
    public static String forLog(String field, String value) {
        if (value == null) {
            return null;
        }
        String lower = field == null ? "" : field.toLowerCase(Locale.ROOT);
        String digits = value.replaceAll("[\\s-]", "");
        if (lower.contains("cnic") || digits.matches("\\d{12,14}")) {
            return cnic(value);
        }
        if (lower.contains("name") || lower.contains("nm")) {
            return name(value);
        }
        return value;
    }

    /** 35202-1234567-1 becomes 352**-*******-1: the district prefix and check digit stay useful for support. */
    public static String cnic(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int digitsSeen = 0;
        int totalDigits = (int) value.chars().filter(Character::isDigit).count();
        for (char ch : value.toCharArray()) {
            if (Character.isDigit(ch)) {
                digitsSeen++;
                out.append(digitsSeen <= 3 || digitsSeen == totalDigits ? ch : '*');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Muhammad Asif Khan becomes M. A. K. */
    public static String name(String value) {
        StringBuilder out = new StringBuilder();
        for (String part : value.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                out.append(part.charAt(0)).append(". ");
            }
        }
        return out.toString().trim();
    }
}
