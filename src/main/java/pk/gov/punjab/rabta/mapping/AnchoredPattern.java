package pk.gov.punjab.rabta.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * A schema pattern of the plain kind our schemas use, ^...$ over literals, \d and character ranges with counts
 * (^[A-Z]{3}-\d{3}-\d+-\d{4}$), matched by hand: text it accepts is text the regular expression accepts too (it
 * refuses the one extra the regular expression allows, a line break before the end).
 */
final class AnchoredPattern {
    /** One character class with how often it may repeat. */
    private record Atom(boolean[] ascii, int min, int max) {
        boolean accepts(char c) {
            return c < 128 && ascii[c];
        }
    }

    private final Atom[] atoms;

    private AnchoredPattern(Atom[] atoms) {
        this.atoms = atoms;
    }

    /** The hand matcher for the pattern, or null when it uses anything beyond the plain kind. */
    static AnchoredPattern of(String regex) {
        if (regex.length() < 2 || regex.charAt(0) != '^' || regex.charAt(regex.length() - 1) != '$'
                || regex.endsWith("\\$")) {
            return null;
        }
        String body = regex.substring(1, regex.length() - 1);
        List<Atom> atoms = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            boolean[] set = new boolean[128];
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    return null;
                }
                char escaped = body.charAt(i + 1);
                if (escaped == 'd') {
                    range(set, '0', '9');
                } else if ("-.:/_+()[]{}*?^$|\\".indexOf(escaped) >= 0) {
                    set[escaped] = true;
                } else {
                    return null;
                }
                i += 2;
            } else if (c == '[') {
                int close = body.indexOf(']', i + 1);
                if (close < 0 || !fillClass(set, body.substring(i + 1, close))) {
                    return null;
                }
                i = close + 1;
            } else if (c < 128 && (Character.isLetterOrDigit(c) || "-:/_ ,#@".indexOf(c) >= 0)) {
                set[c] = true;
                i++;
            } else {
                return null;
            }
            int min = 1;
            int max = 1;
            if (i < body.length()) {
                char q = body.charAt(i);
                if (q == '+' || q == '*' || q == '?') {
                    min = q == '+' ? 1 : 0;
                    max = q == '?' ? 1 : Integer.MAX_VALUE;
                    i++;
                } else if (q == '{') {
                    int close = body.indexOf('}', i);
                    if (close < 0) {
                        return null;
                    }
                    String[] bounds = body.substring(i + 1, close).split(",", -1);
                    try {
                        min = Integer.parseInt(bounds[0]);
                        max = bounds.length == 1 ? min : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (bounds.length > 2 || min > max) {
                        return null;
                    }
                    i = close + 1;
                }
                // A lazy or possessive count changes nothing for a whole-text match, but is left to the regular expression.
                if (i < body.length() && (body.charAt(i) == '?' || body.charAt(i) == '+' || body.charAt(i) == '*'
                        || body.charAt(i) == '{')) {
                    return null;
                }
            }
            atoms.add(new Atom(set, min, max));
        }
        return new AnchoredPattern(atoms.toArray(Atom[]::new));
    }

    /** Ranges and single letters or digits, [A-Z0-9]; no negation, escapes or punctuation other than a last '-'. */
    private static boolean fillClass(boolean[] set, String spec) {
        if (spec.isEmpty() || spec.charAt(0) == '^') {
            return false;
        }
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                char to = spec.charAt(i + 2);
                if (!Character.isLetterOrDigit(c) || !Character.isLetterOrDigit(to) || c >= 128 || to >= 128 || to < c) {
                    return false;
                }
                range(set, c, to);
                i += 2;
            } else if (c < 128 && (Character.isLetterOrDigit(c) || (c == '-' && i == spec.length() - 1))) {
                set[c] = true;
            } else {
                return false;
            }
        }
        return true;
    }

    private static void range(boolean[] set, char from, char to) {
        for (char c = from; c <= to; c++) {
            set[c] = true;
        }
    }

    boolean matchesWhole(String text) {
        return match(0, text, 0);
    }

    private boolean match(int atom, String text, int at) {
        if (atom == atoms.length) {
            return at == text.length();
        }
        Atom a = atoms[atom];
        int count = 0;
        while (count < a.max() && at + count < text.length() && a.accepts(text.charAt(at + count))) {
            count++;
        }
        for (; count >= a.min(); count--) {
            if (match(atom + 1, text, at + count)) {
                return true;
            }
        }
        return false;
    }
}
