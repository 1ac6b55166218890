package pk.gov.punjab.rabta.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingCompiler;
import pk.gov.punjab.rabta.mapping.SchemaRegistry;

/** The matching tiers on names and CNICs as the two departments write them, keyed by the shipped name-key transform. */
class MatcherTests {
    private static final String FIR = "LHR-001-5-2025";

    @Test
    void theSameCnicWithOrWithoutDashesOnTheSameFirLinksAutomatically() {
        Matcher.Match m = Matcher.match(prisoner("35202-1234567-1", "MOHD. IMRAN", "GHULAM RASOOL"),
                accused("3520212345671", "Muhammad Imran", "Ghulam Rasool"));
        assertThat(m.tier()).isEqualTo(MatchTier.AUTO);
        assertThat(m.evidence()).containsEntry("cnic", "same").containsEntry("firKey", "same");
    }

    @Test
    void transliterationVariantsOfTheSameNameAreACandidateForAPersonToConfirm() {
        for (String[] pair : new String[][] {{"MOHD. IMRAAN", "Muhammad Imran"}, {"SYED ALI HUSSAIN SHAH", "Ali Husain Shah"},
                {"CH. ZAHEER AHMED", "Zaheer Ahmad"}, {"MUHAMMAD YOUSUF", "Mohammad Yousaf"}}) {
            Matcher.Match m = Matcher.match(prisoner(null, pair[0], "ABDUL GHAFOOR"), accused("3520212345671", pair[1], "Abdul Ghafoor"));
            assertThat(m.tier()).as(pair[0] + " / " + pair[1]).isEqualTo(MatchTier.CANDIDATE);
            assertThat(m.evidence()).containsEntry("name", "same").containsEntry("cnic", "missing");
        }
    }

    @Test
    void muhammadAndMahmoodAreDifferentPeople() {
        Matcher.Match m = Matcher.match(prisoner(null, "MUHAMMAD IMRAN", "GHULAM RASOOL"), accused(null, "Mahmood Imran", "Ghulam Rasool"));
        assertThat(m.tier()).isEqualTo(MatchTier.NONE);
        assertThat(m.evidence()).containsEntry("name", "differs");
    }

    @Test
    void aMistypedCnicFallsBackToTheCandidateTier() {
        Matcher.Match m = Matcher.match(prisoner("35202-1234568-1", "IMRAN KHAN", "ABDUL GHAFOOR KHAN"),
                accused("3520212345671", "Imran Khan", "Abdul Ghafoor Khan"));
        assertThat(m.tier()).isEqualTo(MatchTier.CANDIDATE);
        assertThat(m.evidence()).containsEntry("cnic", "differs");
    }

    @Test
    void weakerEvidenceLinksNothing() {
        assertThat(Matcher.match(prisoner(null, "IMRAN KHAN", "ABDUL GHAFOOR KHAN"), accused(null, "Imran Khan", "Bashir Ahmed Khan")).tier())
                .isEqualTo(MatchTier.NONE);
        Identity otherAge = new Identity(FIR, null, key("Imran Khan"), key("Abdul Ghafoor Khan"), "SON_OF", "MALE", 45);
        assertThat(Matcher.match(prisoner(null, "IMRAN KHAN", "ABDUL GHAFOOR KHAN"), otherAge).tier()).isEqualTo(MatchTier.NONE);
        Identity otherFir = new Identity("LHR-001-6-2025", "3520212345671", key("Imran Khan"), key("Abdul Ghafoor Khan"), "SON_OF", "MALE", 30);
        assertThat(Matcher.match(prisoner("35202-1234567-1", "IMRAN KHAN", "ABDUL GHAFOOR KHAN"), otherFir).tier()).isEqualTo(MatchTier.NONE);
    }

    private static Identity prisoner(String cnic, String name, String relative) {
        return new Identity(FIR, cnic, key(name), key(relative), "SON_OF", "MALE", 30);
    }

    private static Identity accused(String cnic, String name, String relative) {
        return new Identity(FIR, cnic, key(name), key(relative), "SON_OF", "MALE", 31);
    }

    /** The name as the shipped mappings key it: the name-key transform over config/codes/name-words.csv. */
    private static String key(String name) {
        return keyOf(name);
    }

    private static final CompiledMapping ACCUSED = compile();

    private static CompiledMapping compile() {
        try {
            return new MappingCompiler(new CodeTables(Path.of("config/codes")), new SchemaRegistry(Path.of("mappings/schemas")))
                    .compile(Path.of("mappings/cfms-accused-to-person.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyOf(String name) {
        Map<String, Object> row = new HashMap<>(Map.of("id", 1, "full_name", name, "gender_id", 1, "police_station_id", 101,
                "fir_number", 5, "fir_year", 2025));
        try {
            JsonNode record = new ObjectMapper().readTree((String) ACCUSED.apply(row, ENVELOPE).body());
            return record.at("/payload/nameKey").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final CompiledMapping.Envelope ENVELOPE = new CompiledMapping.Envelope("CFMS", "accused:1", 1L,
            "2026-11-28T10:00:00Z", "c-1", "UPSERT");
}
