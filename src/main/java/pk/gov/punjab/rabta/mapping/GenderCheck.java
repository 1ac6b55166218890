package pk.gov.punjab.rabta.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import pk.gov.punjab.rabta.codes.CodeTable;
import pk.gov.punjab.rabta.record.FailureReason;

/**
 * The last digit of a CNIC is odd for men and even for women. A CNIC that disagrees with the record's gender is
 * mistyped or belongs to someone else: by default the record goes on with a warning in its envelope (matching then
 * treats the CNIC as weak evidence); with on-mismatch: reject it is dead-lettered.
 */
final class GenderCheck {
    static final String TABLE = "genders";
    static final String DIGIT_COLUMN = "cnic_digit";

    private final String[] genderPath;
    private final CodeTable genders;
    private final boolean reject;

    GenderCheck(String[] genderPath, CodeTable genders, boolean reject) {
        this.genderPath = genderPath;
        this.genders = genders;
        this.reject = reject;
    }

    void check(Object cnic, Evaluation evaluation, String field) {
        Object gender = FieldRule.read(genderPath, evaluation);
        if (!(cnic instanceof String digits) || digits.length() != 13 || FieldRule.isAbsent(gender)) {
            return;
        }
        Optional<Map<String, String>> row = findAnyColumn(gender.toString().trim());
        String expected = row.map(r -> r.get(DIGIT_COLUMN)).orElse("any").toLowerCase(Locale.ROOT);
        int last = digits.charAt(12) - '0';
        boolean odd = last % 2 == 1;
        if (expected.equals("any") || (expected.equals("odd") == odd)) {
            return;
        }
        String message = "CNIC's last digit " + last + " is " + (odd ? "odd (male)" : "even (female)")
                + " but gender is " + gender;
        if (reject) {
            throw new MappingException(FailureReason.VALIDATION, field, null, message);
        }
        evaluation.warn(field, message);
    }

    /** The gender field may hold the source's code (M) or the canonical one (MALE). */
    private Optional<Map<String, String>> findAnyColumn(String value) {
        for (String column : genders.columns()) {
            Optional<Map<String, String>> row = genders.rows().stream()
                    .filter(r -> value.equalsIgnoreCase(r.get(column))).findFirst();
            if (row.isPresent()) {
                return row;
            }
        }
        return Optional.empty();
    }
}
