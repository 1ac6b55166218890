package pk.gov.punjab.rabta.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves Camel-style {{key}} and {{key:default}} placeholders against the Spring environment. */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::([^}]*))?}}");

    private Placeholders() {
    }

    /** Every placeholder key in the text, with whether it carries a default. */
    public static List<Placeholder> find(String text) {
        List<Placeholder> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(new Placeholder(m.group(1).trim(), m.group(2) != null));
        }
        return found;
    }

    public static String resolve(String text, Function<String, String> lookup, String where) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1).trim();
            String value = lookup.apply(key);
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new IllegalArgumentException(where + ": placeholder {{" + key + "}} has no value and no default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public record Placeholder(String key, boolean hasDefault) {
    }
}
