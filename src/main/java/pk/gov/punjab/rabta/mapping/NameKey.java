package pk.gov.punjab.rabta.mapping;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import pk.gov.punjab.rabta.codes.CodeTable;

/**
 * A person's name reduced to what identifies it for matching: honorifics and clan words dropped, spelling variants
 * folded (code table name-words: word, means; means "-" drops the word, otherwise names its usual spelling), and the
 * common Latin transliteration differences of Urdu names evened out. The name as written is kept in its own field.
 */
final class NameKey {
    static final String TABLE = "name-words";
    private static final String DROP = "-";
    private static final Pattern RELATION_MARKER = Pattern.compile("\\b[sdwSDW]\\s*/\\s*[oO]\\b");
    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final Map<String, String> words = new HashMap<>();

    NameKey(CodeTable nameWords) {
        for (Map<String, String> row : nameWords.rows()) {
            String means = row.get("means").trim().toLowerCase(Locale.ROOT);
            // Two spellings can fold alike (muhammad, muhamad); a word that is dropped stays dropped.
            words.merge(fold(row.get("word").trim().toLowerCase(Locale.ROOT)), means, (old, now) -> old.equals(DROP) ? old : now);
        }
    }

    Object apply(Object value, String field) {
        String text = RELATION_MARKER.matcher(value.toString()).replaceAll(" ");
        text = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        StringJoiner key = new StringJoiner(" ");
        for (String word : NOT_A_LETTER.split(text)) {
            String folded = fold(word);
            String means = words.get(folded);
            if (means != null) {
                folded = means.equals(DROP) ? "" : fold(means);
                // A variant can map to a spelling that is itself dropped (Mohd -> muhammad -> dropped).
                if (DROP.equals(words.get(folded))) {
                    folded = "";
                }
            }
            if (!folded.isEmpty()) {
                key.add(folded);
            }
        }
        String result = key.toString();
        return result.isEmpty() ? null : result;
    }

    /** Evens out Latin spellings of one Urdu sound: ee/i, oo/ou/u, ph/f, q/k, doubled letters, a final y. */
    static String fold(String word) {
        if (word.isEmpty() || !word.chars().allMatch(c -> c < 128)) {
            return word;
        }
        String w = word.replace("ee", "i").replace("oo", "u").replace("ou", "u").replace("ph", "f").replace('q', 'k');
        StringBuilder out = new StringBuilder(w.length());
        for (int i = 0; i < w.length(); i++) {
            if (i == 0 || w.charAt(i) != w.charAt(i - 1)) {
                out.append(w.charAt(i));
            }
        }
        int end = out.length();
        if (end > 2 && out.charAt(end - 1) == 'y') {
            out.setCharAt(end - 1, 'i');
        }
        return out.toString();
    }
}
