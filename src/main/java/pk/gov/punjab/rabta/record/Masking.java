package pk.gov.punjab.rabta.record;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks CNICs and names before they reach a log line: people in custody are not to be identified from logs. */
public final class Masking {
    /**
     * A CNIC standing on its own inside free text: 13 digits, or 5-7-1 digits with dashes, with no letter or digit
     * touching either end (so a hash, a UUID or a longer number is left alone).
     */
    private static final Pattern CNIC_IN_TEXT = Pattern.compile("(?<![\\p{Alnum}])(?:\\d{5}-\\d{7}-\\d|\\d{13})(?![\\p{Alnum}])");

    private Masking() {
    }

    /**
     * Masks a value when its field looks personal (cnic, name) or the value looks like a CNIC; in any other text, each
     * CNIC it quotes is masked.
     */
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
        return inText(value);
    }

    /** Free text (a failure message, a reason) with every CNIC it quotes masked and the rest unchanged. */
    public static String inText(String text) {
        if (text == null) {
            return null;
        }
        Matcher found = CNIC_IN_TEXT.matcher(text);
        if (!found.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            found.appendReplacement(out, Matcher.quoteReplacement(cnic(found.group())));
        } while (found.find());
        found.appendTail(out);
        return out.toString();
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
