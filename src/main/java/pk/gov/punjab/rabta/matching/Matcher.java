package pk.gov.punjab.rabta.matching;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tiers of DOMAIN's matching rules: CNIC + FIR key links; FIR key + name + relative's name + gender + age band
 * makes a candidate; anything weaker links nothing. The evidence says, criterion by criterion, what agreed.
 */
public final class Matcher {
    /** Ages are recorded at different times and often guessed: within this many years counts as one band. */
    static final int AGE_BAND_YEARS = 3;

    public record Match(MatchTier tier, Map<String, String> evidence) {
    }

    public static Match match(Identity prisoner, Identity accused) {
        Map<String, String> evidence = new LinkedHashMap<>();
        boolean fir = compare(evidence, "firKey", prisoner.firKey(), accused.firKey());
        boolean cnic = compare(evidence, "cnic", prisoner.cnic(), accused.cnic());
        if (!fir) {
            return new Match(MatchTier.NONE, evidence);
        }
        if (cnic) {
            return new Match(MatchTier.AUTO, evidence);
        }
        boolean name = compare(evidence, "name", prisoner.nameKey(), accused.nameKey());
        boolean relative = compare(evidence, "relativeName", prisoner.relativeNameKey(), accused.relativeNameKey());
        boolean gender = compare(evidence, "gender", prisoner.gender(), accused.gender());
        boolean age = ageBand(evidence, prisoner.age(), accused.age());
        return new Match(name && relative && gender && age ? MatchTier.CANDIDATE : MatchTier.NONE, evidence);
    }

    private static boolean compare(Map<String, String> evidence, String criterion, String a, String b) {
        if (a == null || b == null) {
            evidence.put(criterion, "missing");
            return false;
        }
        boolean same = Objects.equals(a, b);
        evidence.put(criterion, same ? "same" : "differs");
        return same;
    }

    private static boolean ageBand(Map<String, String> evidence, Integer a, Integer b) {
        if (a == null || b == null) {
            evidence.put("ageBand", "missing");
            return false;
        }
        boolean near = Math.abs(a - b) <= AGE_BAND_YEARS;
        evidence.put("ageBand", near ? "same" : "differs");
        return near;
    }
}
