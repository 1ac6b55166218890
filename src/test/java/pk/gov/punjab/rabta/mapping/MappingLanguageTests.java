package pk.gov.punjab.rabta.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.record.RecordJson;

/** The mapping language's features, each on the real code tables and schemas. */
class MappingLanguageTests {
    private static final CompiledMapping.Envelope ENVELOPE = new CompiledMapping.Envelope("PMIS", "ADMSN:7", 1000L,
            "2026-11-28T10:00:00Z", "c-1", "UPSERT");

    @TempDir
    Path dir;

    private MappingCompiler compiler;

    @BeforeEach
    void realCodeTablesAndSchemas() {
        compiler = new MappingCompiler(new CodeTables(Path.of("config/codes")), new SchemaRegistry(Path.of("mappings/schemas")));
    }

    @Test
    void aCnicWhoseGenderDigitDisagreesIsKeptWithAWarningInTheEnvelope() throws Exception {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/pmis-admission-to-custody-episode.yaml"));
        Map<String, Object> woman = admission();
        woman.put("SEX", "F");
        woman.put("CNIC_NO", "35202-1234567-1");

        JsonNode record = RecordJson.MAPPER.readTree((String) mapping.apply(woman, ENVELOPE).body());

        assertThat(record.at("/payload/person/cnic").asText()).isEqualTo("3520212345671");
        assertThat(record.at("/envelope/warnings/0/field").asText()).isEqualTo("person.cnic");
        assertThat(record.at("/envelope/warnings/0/message").asText())
                .isEqualTo("CNIC's last digit 1 is odd (male) but gender is F");
        woman.put("CNIC_NO", "35202-1234567-2");
        JsonNode agreeing = RecordJson.MAPPER.readTree((String) mapping.apply(woman, ENVELOPE).body());
        assertThat(agreeing.at("/envelope/warnings").isMissingNode()).isTrue();
    }

    @Test
    void aGenderCheckSetToRejectFailsTheRecord() throws IOException {
        CompiledMapping mapping = compile("strict-cnic", """
                fields:
                  cnic: { from: CNIC, transform: cnic, gender: SEX, on-mismatch: reject }
                """);

        assertThat(row(mapping, Map.of("CNIC", "35202-1234567-1", "SEX", "MALE"))).containsEntry("cnic", "3520212345671");
        assertThat(row(mapping, Map.of("CNIC", "35202-1234567-1", "SEX", "TRANSGENDER"))).containsEntry("cnic", "3520212345671");
        assertThatThrownBy(() -> mapping.apply(Map.of("CNIC", "35202-1234567-1", "SEX", "FEMALE"), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                    assertThat(e.field()).isEqualTo("cnic");
                    assertThat(e.getMessage()).contains("last digit 1 is odd (male) but gender is FEMALE");
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ALI RAZA                       | ali raza
            Muhammad Ali Raza              | ali raza
            Mohd. Ali Raza                 | ali raza
            Syed Muhammad Hussain Shah     | husain shah
            Hussein Shah                   | husain shah
            Ch. Mehmood Ahmed              | mahmud ahmad
            Mahmud Ahmad                   | mahmud ahmad
            Mahmood Ali                    | mahmud ali
            Rana Zaheer s/o Malik Riaz     | zahir riaz
            Mst. Sughran Bibi              | sughran
            Sheikh Saeed ur Rehman         | said ur rahman
            """)
    void aNameKeyDropsHonorificsAndClanWordsAndFoldsSpellings(String name, String key) throws IOException {
        CompiledMapping mapping = compile("names", """
                fields:
                  name:    { from: NAME, transform: trim }
                  nameKey: { from: NAME, transform: name-key }
                """);

        assertThat(row(mapping, Map.of("NAME", name))).containsEntry("name", name).containsEntry("nameKey", key);
    }

    @Test
    void muhammadAndMahmoodStayDifferentNames() throws IOException {
        CompiledMapping mapping = compile("names", """
                fields:
                  nameKey: { from: NAME, transform: name-key }
                """);

        assertThat(row(mapping, Map.of("NAME", "Muhammad Ali")).get("nameKey"))
                .isNotEqualTo(row(mapping, Map.of("NAME", "Mahmood Ali")).get("nameKey"));
    }

    @Test
    void anEnumMapTranslatesKnownValuesFallsBackToOtherwiseAndOtherwiseFailsAsUnmappedCode() throws IOException {
        CompiledMapping strict = compile("strict-map", """
                fields:
                  by: { from: ADJ, map: { P: PROSECUTION, D: DEFENCE } }
                """);
        CompiledMapping lenient = compile("lenient-map", """
                fields:
                  by: { from: ADJ, map: { P: PROSECUTION, D: DEFENCE }, otherwise: COURT }
                """);

        assertThat(row(strict, Map.of("ADJ", " p "))).containsEntry("by", "PROSECUTION");
        assertThat(row(lenient, Map.of("ADJ", "X"))).containsEntry("by", "COURT");
        assertThatThrownBy(() -> strict.apply(Map.of("ADJ", "X"), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNMAPPED_CODE);
                    assertThat(e.field()).isEqualTo("by");
                    assertThat(e.getMessage()).contains("value 'X' is not in the field's map [D, P]");
                });
    }

    @Test
    void whenWritesAFieldOnlyForRecordsThatMeetIt() throws IOException {
        CompiledMapping mapping = compile("conditional", """
                fields:
                  released:  { from: REL_DT, transform: date, format: dd/MM/yyyy, when: { from: STS, equals: rel } }
                  remanded:  { value: "Y", when: { from: STS, in: [JR, UTP] } }
                  reason:    { from: RSN, required: true, when: { from: REL_DT, present: true } }
                  adult:     { value: "Y", when: "AGE >= 18" }
                """);

        Map<String, Object> released = row(mapping, Map.of("STS", "REL", "REL_DT", "02/11/2026", "RSN", "BAIL", "AGE", 30));
        Map<String, Object> held = row(mapping, Map.of("STS", "UTP", "AGE", 16));

        assertThat(released).containsEntry("released", java.time.LocalDate.of(2026, 11, 2)).containsEntry("remanded", null)
                .containsEntry("reason", "BAIL").containsEntry("adult", "Y");
        assertThat(held).containsEntry("released", null).containsEntry("remanded", "Y")
                .containsEntry("reason", null).containsEntry("adult", null);
        assertThatThrownBy(() -> mapping.apply(Map.of("STS", "REL", "REL_DT", "02/11/2026", "AGE", 30), ENVELOPE))
                .hasMessageContaining("reason").hasMessageContaining("required value is missing");
    }

    @Test
    void aTimestampWithoutAnOffsetIsReadInAsiaKarachiUnlessTheFieldNamesAZone() throws IOException {
        CompiledMapping mapping = compile("timestamps", """
                fields:
                  karachi: { from: LISTED, transform: timestamp, format: "dd-MM-yyyy HH:mm" }
                  utc:     { from: LISTED, transform: timestamp, format: "dd-MM-yyyy HH:mm", zone: UTC }
                  column:  { from: UPD_TS, transform: timestamp }
                  columnUtc: { from: UPD_TS, transform: timestamp, zone: UTC }
                  iso:     { from: ISO, transform: timestamp }
                """);

        Map<String, Object> out = row(mapping, Map.of("LISTED", "03-11-2026 09:30", "UPD_TS", Timestamp.valueOf("2026-11-03 09:30:00"),
                "ISO", "2026-11-03T09:30:00"));

        assertThat(out).containsEntry("karachi", OffsetDateTime.parse("2026-11-03T09:30+05:00"))
                .containsEntry("utc", OffsetDateTime.parse("2026-11-03T09:30Z"))
                .containsEntry("column", OffsetDateTime.parse("2026-11-03T09:30+05:00"))
                .containsEntry("columnUtc", OffsetDateTime.parse("2026-11-03T09:30Z"))
                .containsEntry("iso", OffsetDateTime.parse("2026-11-03T09:30+05:00"));
    }

    @Test
    void anOffsetOrZoneInTheTextWinsOverTheConfiguredZone() throws IOException {
        CompiledMapping mapping = compile("offsets", """
                fields:
                  offset: { from: AT, transform: timestamp, format: "dd-MM-yyyy HH:mm XXX" }
                  region: { from: AT_ZONE, transform: timestamp, format: "dd-MM-yyyy HH:mm VV", zone: UTC }
                  iso:    { from: ISO, transform: timestamp, zone: UTC }
                """);

        Map<String, Object> out = row(mapping, Map.of("AT", "03-11-2026 09:30 +00:00", "AT_ZONE", "03-11-2026 09:30 Asia/Dubai",
                "ISO", "2026-11-03T09:30:00+05:00"));

        assertThat(out).containsEntry("offset", OffsetDateTime.parse("2026-11-03T09:30Z"))
                .containsEntry("region", OffsetDateTime.parse("2026-11-03T09:30+04:00"))
                .containsEntry("iso", OffsetDateTime.parse("2026-11-03T09:30+05:00"));
        assertThatThrownBy(() -> mapping.apply(Map.of("AT", "03-11-2026 09:30"), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                    assertThat(e.field()).isEqualTo("offset");
                    assertThat(e.detail()).contains("'03-11-2026 09:30' is not a valid timestamp");
                });
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            03/11/2026    | dd/MM/yyyy | 2026-11-03
            ' 03/11/2026 '| dd/MM/yyyy | 2026-11-03
            29/02/2028    | dd/MM/yyyy | 2028-02-29
            31/02/2026    | dd/MM/yyyy | VALIDATION
            29/02/2026    | dd/MM/yyyy | VALIDATION
            00/11/2026    | dd/MM/yyyy | VALIDATION
            03/13/2026    | dd/MM/yyyy | VALIDATION
            3/11/2026     | dd/MM/yyyy | VALIDATION
            03-11-2026    | dd/MM/yyyy | VALIDATION
            O3/11/2026    | dd/MM/yyyy | VALIDATION
            3/1/2026      | d/M/yyyy   | 2026-01-03
            20261103      | yyyyMMdd   | 2026-11-03
            2026-12-05    | yyyy-MM-dd | 2026-12-05
            2026-12-5     | yyyy-MM-dd | VALIDATION
            03.11.2026    | dd.MM.uuuu | 2026-11-03
            """)
    void aDateIsReadStrictlyInTheFieldsPattern(String text, String pattern, String expected) throws IOException {
        CompiledMapping mapping = compile("dates", "fields:\n  on: { from: ON, transform: date, format: \"" + pattern + "\" }\n");

        if (expected.equals("VALIDATION")) {
            assertThatThrownBy(() -> mapping.apply(Map.of("ON", text), ENVELOPE))
                    .isInstanceOfSatisfying(MappingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                        assertThat(e.field()).isEqualTo("on");
                        assertThat(e.detail()).isEqualTo("'" + text.trim() + "' is not a valid date in the expected format");
                    });
        } else {
            assertThat(row(mapping, Map.of("ON", text))).containsEntry("on", java.time.LocalDate.parse(expected));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            35202-1234567-1     | 3520212345671
            35202 1234567 1     | 3520212345671
            3520212345671       | 3520212345671
            ' 35202-1234567-1 ' | 3520212345671
            35202-1234567       | malformed
            35202-1234567-12    | malformed
            35202-1234567-1x    | malformed
            35202_1234567_1     | malformed
            """)
    void aCnicKeepsItsThirteenDigitsAndRefusesAnythingElse(String text, String expected) throws IOException {
        CompiledMapping mapping = compile("cnics", """
                fields:
                  cnic: { from: CNIC, transform: cnic }
                """);

        if (expected.equals("malformed")) {
            assertThatThrownBy(() -> mapping.apply(Map.of("CNIC", text), ENVELOPE))
                    .isInstanceOfSatisfying(MappingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                        assertThat(e.detail()).startsWith("malformed CNIC");
                    });
        } else {
            assertThat(row(mapping, Map.of("CNIC", text))).containsEntry("cnic", expected);
        }
    }

    @Test
    void decimalKeepsTheDigitsAsWrittenAndRefusesText() throws IOException {
        CompiledMapping mapping = compile("decimals", """
                fields:
                  fine: { from: FINE, transform: decimal }
                """);

        assertThat(row(mapping, Map.of("FINE", " 2500.50 "))).containsEntry("fine", new BigDecimal("2500.50"));
        assertThat(row(mapping, Map.of("FINE", 12))).containsEntry("fine", new BigDecimal("12"));
        assertThatThrownBy(() -> mapping.apply(Map.of("FINE", "Rs 500"), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                    assertThat(e.field()).isEqualTo("fine");
                    assertThat(e.rawValue()).isEqualTo("Rs 500");
                });
    }

    @Test
    void yesNoReadsOneAndZeroAsTextOrNumbers() throws IOException {
        CompiledMapping mapping = compile("flags", """
                fields:
                  juvenile: { from: JUV, transform: yes-no }
                """);

        assertThat(row(mapping, Map.of("JUV", "1"))).containsEntry("juvenile", true);
        assertThat(row(mapping, Map.of("JUV", "0"))).containsEntry("juvenile", false);
        assertThat(row(mapping, Map.of("JUV", 1))).containsEntry("juvenile", true);
        assertThat(row(mapping, Map.of("JUV", 0))).containsEntry("juvenile", false);
        assertThatThrownBy(() -> mapping.apply(Map.of("JUV", "2"), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                    assertThat(e.detail()).contains("'2' is not a yes/no flag");
                });
    }

    @Test
    void whenNotInWritesTheFieldOnlyForValuesOutsideTheList() throws IOException {
        CompiledMapping mapping = compile("not-in", """
                fields:
                  held: { value: "Y", when: { from: STS, not-in: [REL, TRF] } }
                """);

        assertThat(row(mapping, Map.of("STS", "UTP"))).containsEntry("held", "Y");
        assertThat(row(mapping, Map.of("STS", "REL"))).containsEntry("held", null);
        assertThat(row(mapping, Map.of("STS", "TRF"))).containsEntry("held", null);
    }

    @Test
    void aFirKeyWhosePoliceStationIsNotInTheCodeTableFailsAsUnmappedCode() throws IOException {
        CompiledMapping mapping = compile("fir-keys", """
                fields:
                  firKey: { from: [DIST_CD, PS_CD, FIR_NO, FIR_YR], transform: fir-key }
                """);

        assertThat(row(mapping, Map.of("DIST_CD", "LHR", "PS_CD", "1", "FIR_NO", "77", "FIR_YR", "2026")))
                .containsEntry("firKey", "LHR-001-77-2026");
        assertThatThrownBy(() -> mapping.apply(Map.of("DIST_CD", "LHR", "PS_CD", "999", "FIR_NO", "77", "FIR_YR", "2026"), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNMAPPED_CODE);
                    assertThat(e.field()).isEqualTo("firKey");
                    assertThat(e.rawValue()).isEqualTo("LHR-999");
                    assertThat(e.detail()).isEqualTo("police station 'LHR-999' is not in code table police-stations");
                });
    }

    @Test
    void aJsonataExpressionSeesTheRecordAndTheLetValues() throws IOException {
        CompiledMapping mapping = compile("expressions", """
                let:
                  jail: { from: JAIL_CD, lookup: { table: jails, by: pmis_code, return: code } }
                fields:
                  label:    { expression: "$uppercase(NAME) & ' @ ' & $jail" }
                  daysHeld: { expression: "$round(($toMillis(RELEASED) - $toMillis(ADMITTED)) / 86400000)" }
                  firstTwo: { expression: "$join($split(SECTIONS, ',')[[0..1]], '+')" }
                """);

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("NAME", "ali raza");
        input.put("JAIL_CD", "J001");
        input.put("ADMITTED", Timestamp.valueOf("2026-01-01 09:00:00"));
        input.put("RELEASED", Timestamp.valueOf("2026-01-31 09:00:00"));
        input.put("SECTIONS", "PPC-379,PPC-411,PPC-34");

        assertThat(row(mapping, input)).containsEntry("label", "ALI RAZA @ CJ-LHR").containsEntry("daysHeld", 30L)
                .containsEntry("firstTwo", "PPC-379+PPC-411");
    }

    @Test
    void aReverseMappingReadsAcrossAListOfObjects() {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/custody-episode-to-cfms-inbox.yaml"));
        Map<String, Object> episode = Map.of("payload", Map.of("jail", Map.of("code", "CJ-LHR"), "admissionId", 7,
                "sections", List.of(Map.of("code", "PPC-302", "capital", true), Map.of("code", "PPC-34"))));

        assertThat(row(mapping, episode)).containsEntry("sections", "PPC-302,PPC-34").containsEntry("jail_code", "CJ-LHR");
    }

    @Test
    void eachItemSeesItsItemAndTheLetsByPathAndInExpressions() throws IOException {
        CompiledMapping mapping = compile("items", """
                let:
                  jail: { from: JAIL_CD, lookup: { table: jails, by: pmis_code, return: code } }
                fields:
                  sections:
                    from: SECTIONS
                    transform: list
                    each:
                      code:  $item
                      jail:  $jail
                      label: { expression: "$item & ' @ ' & $jail" }
                """);

        assertThat(row(mapping, Map.of("JAIL_CD", "J001", "SECTIONS", "PPC-379, PPC-34"))).containsEntry("sections", List.of(
                Map.of("code", "PPC-379", "jail", "CJ-LHR", "label", "PPC-379 @ CJ-LHR"),
                Map.of("code", "PPC-34", "jail", "CJ-LHR", "label", "PPC-34 @ CJ-LHR")));
    }

    @Test
    void columnsAreFoundInAnyCaseEvenWhenTheRowsChangeTheirSpelling() throws IOException {
        CompiledMapping mapping = compile("any-case", """
                fields:
                  name: { from: PRSNR_NM, transform: trim }
                  flag: { from: JUV_FLG }
                """);
        Map<String, Object> flagNull = new LinkedHashMap<>();
        flagNull.put("prsnr_nm", "Bibi");
        flagNull.put("juv_flg", null);

        assertThat(row(mapping, Map.of("prsnr_nm", " Aslam ", "juv_flg", "Y"))).containsEntry("name", "Aslam").containsEntry("flag", "Y");
        assertThat(row(mapping, Map.of("Prsnr_Nm", "Rasool"))).containsEntry("name", "Rasool").containsEntry("flag", null);
        assertThat(row(mapping, Map.of("PRSNR_NM", "Ditta", "JUV_FLG", "N"))).containsEntry("name", "Ditta").containsEntry("flag", "N");
        assertThat(row(mapping, flagNull)).containsEntry("name", "Bibi").containsEntry("flag", null);
    }

    @Test
    void aListSplitsOnItsSeparatorAndCodeJoinsEachRunOfInnerSpaceWithOneDash() throws IOException {
        CompiledMapping mapping = compile("lists", """
                fields:
                  sections: { from: SECTIONS, transform: [list, code] }
                  parts:    { from: PARTS, transform: list, separator: " / " }
                """);

        assertThat(row(mapping, Map.of("SECTIONS", " ppc  302,,ppc\t \t34 , ,cnsa 9-c,", "PARTS", "a / b /  / c d / ")))
                .containsEntry("sections", List.of("PPC-302", "PPC-34", "CNSA-9-C"))
                .containsEntry("parts", List.of("a", "b", "c d"));
        assertThat(row(mapping, Map.of("SECTIONS", "PPC 302", "PARTS", "whole"))).containsEntry("sections", List.of("PPC-302"))
                .containsEntry("parts", List.of("whole"));
    }

    private CompiledMapping compile(String name, String body) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "mapping: " + name + "\nversion: 1\nproduces: row\n" + body);
        return compiler.compile(file);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(CompiledMapping mapping, Map<String, Object> input) {
        return (Map<String, Object>) mapping.apply(input, ENVELOPE).body();
    }

    private static Map<String, Object> admission() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ADM_ID", 7L);
        row.put("JAIL_CD", "J001");
        row.put("PRSNR_NO", "J001/2026/7");
        row.put("PRSNR_NM", "ALI RAZA");
        row.put("SEX", "M");
        row.put("CNIC_NO", "35202-1234567-1");
        row.put("DIST_CD", "LHR");
        row.put("PS_CD", "001");
        row.put("FIR_NO", "77");
        row.put("FIR_YR", "2026");
        row.put("SECTIONS", "PPC 379");
        row.put("ADM_DT", "03/11/2026");
        row.put("PRSNR_STS", "UTP");
        return row;
    }
}
