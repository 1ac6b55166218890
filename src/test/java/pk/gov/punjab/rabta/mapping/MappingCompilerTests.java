package pk.gov.punjab.rabta.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.record.FailureReason;

class MappingCompilerTests {
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
    void theAdmissionMappingTurnsALegacyRowIntoASchemaValidCanonicalRecord() throws Exception {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/pmis-admission-to-custody-episode.yaml"));

        MappingResult result = mapping.apply(admission(), ENVELOPE);

        JsonNode record = new ObjectMapper().readTree((String) result.body());
        assertThat(result.key()).isEqualTo("CJ-LHR:7");
        assertThat(result.contentHash()).matches("[0-9a-f]{64}");
        assertThat(record.at("/type").asText()).isEqualTo("custody-episode");
        assertThat(record.at("/envelope/mapping").asText()).isEqualTo("pmis-admission-to-custody-episode");
        assertThat(record.at("/envelope/mappingVersion").asInt()).isEqualTo(1);
        assertThat(record.at("/envelope/sourceKey").asText()).isEqualTo("ADMSN:7");
        assertThat(record.at("/payload/person/cnic").asText()).isEqualTo("3520212345671");
        assertThat(record.at("/payload/person/gender").asText()).isEqualTo("MALE");
        assertThat(record.at("/payload/person/juvenile").asBoolean()).isFalse();
        assertThat(record.at("/payload/admittedOn").asText()).isEqualTo("2026-11-03");
        assertThat(record.at("/payload/firKey").asText()).isEqualTo("LHR-001-77-2026");
        assertThat(record.at("/payload/sections").toString()).isEqualTo(
                "[{\"code\":\"PPC-379\",\"maxPunishment\":\"3\",\"capital\":false},"
                        + "{\"code\":\"PPC-411\",\"maxPunishment\":\"3\",\"capital\":false}]");
        assertThat(record.at("/payload/person/nameKey").asText()).isEqualTo("ali raza");
        assertThat(record.at("/payload/person/relativeNameKey").asText()).isEqualTo("ramzan");
        assertThat(record.at("/envelope/warnings").isMissingNode()).isTrue();
        assertThat(record.at("/payload/status").asText()).isEqualTo("UNDER_TRIAL");
    }

    @Test
    void aMalformedCnicFailsAsValidationNamingTheFieldAndTheRawValue() {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/pmis-admission-to-custody-episode.yaml"));
        Map<String, Object> row = admission();
        row.put("CNIC_NO", "35202-12345");

        assertThatThrownBy(() -> mapping.apply(row, ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                    assertThat(e.field()).isEqualTo("person.cnic");
                    assertThat(e.rawValue()).isEqualTo("35202-12345");
                    assertThat(e.mapping()).isEqualTo("pmis-admission-to-custody-episode");
                });
    }

    @Test
    void anUnknownCodeFailsAsUnmappedCodeNamingTheTableAndTheValue() {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/pmis-admission-to-custody-episode.yaml"));
        Map<String, Object> row = admission();
        row.put("SECTIONS", "PPC 379, PPC 999");

        assertThatThrownBy(() -> mapping.apply(row, ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNMAPPED_CODE);
                    assertThat(e.field()).isEqualTo("sections[1].code");
                    assertThat(e.rawValue()).isEqualTo("PPC-999");
                    assertThat(e.detail()).contains("offence-sections");
                });
    }

    @Test
    void aMissingRequiredFieldAndAnImpossibleDateFailAsValidation() {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/pmis-admission-to-custody-episode.yaml"));
        Map<String, Object> noName = admission();
        noName.put("PRSNR_NM", "  ");
        Map<String, Object> badDate = admission();
        badDate.put("ADM_DT", "31/02/2026");

        assertThatThrownBy(() -> mapping.apply(noName, ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.field()).isEqualTo("person.name"));
        assertThatThrownBy(() -> mapping.apply(badDate, ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.VALIDATION);
                    assertThat(e.field()).isEqualTo("admittedOn");
                    assertThat(e.rawValue()).isEqualTo("31/02/2026");
                });
    }

    @Test
    void aRecordThatBreaksItsSchemaFailsAsSchema() throws IOException {
        // The fields fit the schema's shape, so the mapping compiles; a value outside the status enum shows only per record.
        String shipped = Files.readString(Path.of("mappings/pmis-admission-to-custody-episode.yaml"));
        String statusLine = shipped.lines().filter(l -> l.startsWith("  status:")).findFirst().orElseThrow();
        Path file = write("bad-status.yaml", shipped.replace("mapping: pmis-admission-to-custody-episode", "mapping: bad-status")
                .replace("version: 1", "version: 2").replace(statusLine, "  status: { value: NOT_A_STATUS }"));

        assertThatThrownBy(() -> compiler.compile(file).apply(admission(), ENVELOPE))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.SCHEMA);
                    assertThat(e.field()).isEqualTo("$.payload.status");
                    assertThat(e.mappingVersion()).isEqualTo(2);
                });
    }

    @Test
    void theExampleAndBenchmarkMappingsFitTheirSchemas() throws IOException {
        Path example = Path.of("examples/pmis-transfers-to-cfms");
        FileSystemUtils.copyRecursively(Path.of("config/codes"), dir.resolve("codes"));
        FileSystemUtils.copyRecursively(example.resolve("config/codes"), dir.resolve("codes"));
        FileSystemUtils.copyRecursively(Path.of("mappings/schemas"), dir.resolve("schemas"));
        FileSystemUtils.copyRecursively(example.resolve("mappings/schemas"), dir.resolve("schemas"));
        MappingCompiler withTheExample = new MappingCompiler(new CodeTables(dir.resolve("codes")), new SchemaRegistry(dir.resolve("schemas")));

        assertThat(withTheExample.compile(example.resolve("mappings/pmis-transfer-to-custody-transfer.yaml")).recordType())
                .isEqualTo("custody-transfer");
        assertThat(withTheExample.compile(example.resolve("mappings/custody-transfer-to-cfms-inbox.yaml")).producesRow()).isTrue();
        assertThat(compiler.compile(Path.of("src/bench/resources/bench-mappings/bench-admission-to-custody-episode.yaml")).recordType())
                .isEqualTo("custody-episode");
        assertThat(compiler.compile(Path.of("src/bench/resources/bench-mappings/bench-admission-to-row.yaml")).producesRow()).isTrue();
    }

    @Test
    void aRowMappingMayWriteAnyColumnsForItHasNoSchema() throws IOException {
        Path file = write("any-columns.yaml", """
                mapping: any-columns
                version: 1
                produces: row
                fields:
                  nickname:    NICK
                  jail.code:   JAIL_CD
                """);

        assertThat(row(compiler.compile(file), Map.of("NICK", "Billa", "JAIL_CD", "J001")))
                .containsEntry("nickname", "Billa").containsEntry("jail.code", "J001");
    }

    @Test
    void aTypoInAMappingIsRejectedWithFileLineAndKey() throws IOException {
        Path file = write("typo.yaml", """
                mapping: typo
                version: 1
                produces: row
                fields:
                  jail_code: { from: payload.jail.code, requird: true }
                """);

        assertThatThrownBy(() -> compiler.compile(file))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("typo.yaml:5:")
                .hasMessageContaining("unknown key 'requird'");
    }

    @Test
    void aLookupInAMissingCodeTableOrColumnIsRejected() throws IOException {
        Path noTable = write("no-table.yaml", """
                mapping: no-table
                version: 1
                produces: row
                fields:
                  jail: { from: JAIL_CD, lookup: prisons }
                """);
        Path noColumn = write("no-column.yaml", """
                mapping: no-column
                version: 1
                produces: row
                fields:
                  jail: { from: JAIL_CD, lookup: { table: jails, by: pmis_id } }
                """);

        assertThatThrownBy(() -> compiler.compile(noTable)).hasMessageContaining("no-table.yaml:5:").hasMessageContaining("'prisons'");
        assertThatThrownBy(() -> compiler.compile(noColumn)).hasMessageContaining("no column 'pmis_id'");
    }

    @Test
    void aRowMappingWritesPmisDatesAndConstants() {
        CompiledMapping mapping = compiler.compile(Path.of("mappings/court-event-to-pmis-production.yaml"));
        Map<String, Object> event = Map.of("payload", Map.of("firKey", "LHR-001-77-2026", "hearingDate", "2026-12-05",
                "court", Map.of("code", "LHR-SJ", "name", "District and Sessions Judge Lahore")));

        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) mapping.apply(event, ENVELOPE).body();

        assertThat(row).containsEntry("FIR_KEY", "LHR-001-77-2026").containsEntry("HRG_DT", "05/12/2026")
                .containsEntry("CRT_CD", "LHR-SJ").containsEntry("PROD_REQ", "Y").containsEntry("NXT_HRG_DT", null);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            not YAML at all                | 'mapping: broken\\nversion: [1'                                                           | broken.yaml:2:12: not valid YAML: expected ',' or ']', but got <stream end>
            a field mapped twice           | 'mapping: twice\\nversion: 1\\nproduces: row\\nfields:\\n  a: X\\n  a: Y'                | twice.yaml:6:3: 'a' is given twice (first at line 5)
            an unknown transform           | 'mapping: t\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, transform: dates }' | t.yaml:5:28: unknown transform 'dates'
            a schema that does not exist   | 'mapping: s\\nversion: 1\\nproduces: prisoner/v9\\nkey: [a]\\nfields:\\n  a: X'         | s.yaml:3:11: no schema 'prisoner/v9'
            a produces without a version   | 'mapping: p\\nversion: 1\\nproduces: custody-episode\\nkey: [a]\\nfields:\\n  a: X'     | p.yaml:3:11: produces is '<record-type>/v<version>' or 'row'
            a name unlike the file         | 'mapping: other\\nversion: 1\\nproduces: row\\nfields:\\n  a: X'                         | n.yaml:1:10: mapping name 'other' must equal the file name 'n'
            a version that is no number    | 'mapping: v\\nversion: one\\nproduces: row\\nfields:\\n  a: X'                           | v.yaml:2:10: a whole number was expected
            a missing version              | 'mapping: m\\nproduces: row\\nfields:\\n  a: X'                                         | m.yaml:1:1: required key 'version' is missing
            a key that is not a field      | 'mapping: k\\nversion: 1\\nproduces: custody-episode/v1\\nkey: [jail.code]\\nfields:\\n  a: X' | k.yaml:4:6: key 'jail.code' is not one of the mapping's fields
            required that is not a boolean | 'mapping: r\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, required: yes please }' | r.yaml:5:27: true or false was expected
            a let reference that is unknown| 'mapping: l\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: $nothing }'            | l.yaml:5:14: '$nothing' names no earlier entry under let:
            a field with no source         | 'mapping: f\\nversion: 1\\nproduces: row\\nfields:\\n  a: { required: true }'           | f.yaml:5:6: field 'a' needs exactly one of 'from', 'value' or 'expression'
            a field with two sources       | 'mapping: g\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, value: 1 }'        | g.yaml:5:6: field 'a' needs exactly one of 'from', 'value' or 'expression' (found [from, value])
            a broken JSONata expression    | 'mapping: j\\nversion: 1\\nproduces: row\\nfields:\\n  a: { expression: "X +" }'       | j.yaml:5:20: not a valid JSONata expression
            a when with two tests          | 'mapping: w\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, when: { from: Y, equals: 1, present: true } }' | w.yaml:5:23: when: needs exactly one of equals, in, not-in, present
            $item outside each:            | 'mapping: i\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: $item }'               | i.yaml:5:14: '$item' names no earlier entry under let: ($item exists only inside each:)
            a gender check without cnic    | 'mapping: c\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, gender: SEX }'      | c.yaml:5:25: 'gender' checks a CNIC's last digit; it needs transform: cnic
            otherwise without map          | 'mapping: o\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, otherwise: Z }'     | o.yaml:5:28: 'otherwise' belongs with 'map'
            a field the schema does not have | 'mapping: u\\nversion: 1\\nproduces: court-event/v1\\nkey: [firKey]\\nfields:\\n  firKey: { from: F, required: true }\\n  judge: J' | u.yaml:7:3: field 'judge' is not in mappings/schemas/court-event.v1.json: payload has no property 'judge' (it has [adjournedBy, cfmsCaseId, court,
            a nested field the schema does not have | 'mapping: nn\\nversion: 1\\nproduces: court-event/v1\\nkey: [firKey]\\nfields:\\n  firKey: { from: F, required: true }\\n  court.judge: J' | nn.yaml:7:3: field 'court.judge' is not in mappings/schemas/court-event.v1.json: payload.court has no property 'judge' (it has [code, name])
            an each item field the schema does not have | 'mapping: ei\\nversion: 1\\nproduces: custody-episode/v1\\nkey: [admissionId]\\nfields:\\n  admissionId: { from: A, required: true }\\n  sections: { from: S, transform: list, each: { section: $item } }' | ei.yaml:7:49: field 'section' is not in mappings/schemas/custody-episode.v1.json: payload.sections[] has no property 'section' (it has [capital, code, maxPunishment])
            a dotted field into a list     | 'mapping: dl\\nversion: 1\\nproduces: custody-episode/v1\\nkey: [admissionId]\\nfields:\\n  admissionId: { from: A, required: true }\\n  sections.code: S' | dl.yaml:7:3: field 'sections.code' writes into payload.sections, which mappings/schemas/custody-episode.v1.json makes an array, not an object; write a list's items with each:
            a required property unwritten  | 'mapping: rq\\nversion: 1\\nproduces: court-event/v1\\nkey: [firKey]\\nfields:\\n  firKey: { from: F, required: true }\\n  court.code: { from: C, required: true }' | rq.yaml:5:1: mappings/schemas/court-event.v1.json requires payload.hearingDate, and no field writes it
            a required property maybe left out | 'mapping: ml\\nversion: 1\\nproduces: court-event/v1\\nkey: [firKey]\\nfields:\\n  firKey: { from: F, required: true }\\n  court.code: { from: C, required: true }\\n  hearingDate: { from: H, transform: date }' | ml.yaml:8:3: field 'hearingDate' may be left out, but mappings/schemas/court-event.v1.json requires payload.hearingDate: give it required: true, a default or a value, and no when:
            a required nested property unwritten | 'mapping: rn\\nversion: 1\\nproduces: court-event/v1\\nkey: [firKey]\\nfields:\\n  firKey: { from: F, required: true }\\n  hearingDate: { from: H, required: true }\\n  court.name: { value: X }' | rn.yaml:8:3: mappings/schemas/court-event.v1.json requires payload.court.code wherever payload.court is written, and no field writes it
            a required item property unwritten | 'mapping: ri\\nversion: 1\\nproduces: custody-episode/v1\\nkey: [admissionId]\\nfields:\\n  admissionId: { from: A, required: true }\\n  sections: { from: S, transform: list, each: { capital: $item } }' | ri.yaml:7:41: mappings/schemas/custody-episode.v1.json requires payload.sections[].code, and no field writes it
            a date format with an unknown letter | 'mapping: bf\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, transform: date, format: dd/bb/yyyy }' | bf.yaml:5:42: bad date format 'dd/bb/yyyy': Unknown pattern letter: b
            a date format that reads no date | 'mapping: bq\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, transform: date, format: dd/QQ/yyyy }' | bq.yaml:5:42: date format 'dd/QQ/yyyy' cannot read a date: it needs day (dd), month (MM) and year (yyyy); letters differ by case (mm is minutes)
            a timestamp format without a time | 'mapping: bt\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, transform: timestamp, format: dd/MM/yyyy }' | bt.yaml:5:47: timestamp format 'dd/MM/yyyy' cannot read a timestamp: it needs a date (dd, MM, yyyy) and a time of day (HH, mm)
            an output-format a date cannot fill | 'mapping: of\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: X, transform: date, output-format: dd/MM/yyyy HH:mm }' | of.yaml:5:49: bad output-format 'dd/MM/yyyy HH:mm': Unsupported field: HourOfDay
            a fir-key from two columns     | 'mapping: fk\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: [PS_CD, FIR_NO], transform: fir-key }' | fk.yaml:5:42: fir-key takes from: [station, number, year] (a station code that carries its district, LHR-014) or [district, station, number, year]; from: gives 2 value(s)
            a fir-key from one column      | 'mapping: f1\\nversion: 1\\nproduces: row\\nfields:\\n  a: { from: FIR, transform: [trim, fir-key] }' | f1.yaml:5:37: fir-key takes from: [station, number, year] (a station code that carries its district, LHR-014) or [district, station, number, year]; from: gives one column
            """)
    void aMalformedMappingIsRejectedWithFileLineAndWhatIsWrong(String what, String yaml, String expected) throws IOException {
        assertThat(expected).as("%s: the row names file:line:column and what is wrong", what).matches("[a-z0-9]+\\.yaml:\\d+:\\d+: \\S.*");
        String name = expected.substring(0, expected.indexOf(".yaml"));
        Path file = write(name + ".yaml", yaml.replace("\\n", "\n"));

        assertThatThrownBy(() -> compiler.compile(file))
                .as(what)
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining(expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(CompiledMapping mapping, Map<String, Object> input) {
        return (Map<String, Object>) mapping.apply(input, ENVELOPE).body();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Map<String, Object> admission() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ADM_ID", 7L);
        row.put("JAIL_CD", "J001");
        row.put("PRSNR_NO", "J001/2026/7");
        row.put("PRSNR_NM", "ALI RAZA");
        row.put("FTHR_HSBND_NM", "MUHAMMAD RAMZAN");
        row.put("REL_TYP", "S/O");
        row.put("SEX", "M");
        row.put("CNIC_NO", "35202-1234567-1");
        row.put("AGE_YRS", 30);
        row.put("DOB", "01/01/1996");
        row.put("JUV_FLG", "N");
        row.put("DIST_CD", "LHR");
        row.put("PS_CD", "001");
        row.put("FIR_NO", "77");
        row.put("FIR_YR", "2026");
        row.put("SECTIONS", "PPC 379, PPC 411");
        row.put("ARST_DT", "01/11/2026");
        row.put("ADM_DT", "03/11/2026");
        row.put("PRSNR_STS", "UTP");
        return row;
    }
}
