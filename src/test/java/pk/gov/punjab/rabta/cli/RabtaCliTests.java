package pk.gov.punjab.rabta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

class RabtaCliTests {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int rabta(String... args) {
        return RabtaCli.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
    }

    @Test
    void validateAcceptsTheShippedDefinitions() {
        assertThat(rabta("validate")).isZero();
        assertThat(out.toString()).startsWith("OK:");
    }

    @Test
    void validateOfAFolderThatDoesNotExistIsAWrongCommandNotOk() {
        assertThat(rabta("validate", "--home", dir.resolve("no-such-home").toString())).isEqualTo(2);
        assertThat(out.toString()).contains("no folder " + dir.resolve("no-such-home")).doesNotContain("OK:");
    }

    @Test
    void validateListsEveryProblemWithFileAndLineAndExitsOne() throws IOException {
        for (String folder : new String[] {"routes", "connectors", "mappings", "config"}) {
            FileSystemUtils.copyRecursively(Path.of(folder), dir.resolve(folder));
        }
        Path mapping = dir.resolve("mappings/court-event-to-pmis-production.yaml");
        String edited = Files.readString(mapping).replace("transform: date, output-format", "transform: dates, output-format");
        Files.writeString(mapping, edited);
        // Where the misspelt name stands in the edited file, counted from 1 as editors count.
        java.util.List<String> lines = edited.lines().toList();
        int line = java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("transform: dates")).findFirst().orElseThrow() + 1;
        int column = lines.get(line - 1).indexOf("transform: dates") + "transform: ".length() + 1;
        assertThat(line).isEqualTo(8);

        assertThat(rabta("validate", "--home", dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("court-event-to-pmis-production.yaml:" + line + ":" + column + ": unknown transform 'dates'")
                .contains("1 problem(s)");
        assertThat(column).isEqualTo(55);
    }

    @Test
    void validateReportsMappingsThatDoNotFitTheirSchemaAndABadDateFormat() throws IOException {
        for (String folder : new String[] {"routes", "connectors", "mappings", "config"}) {
            FileSystemUtils.copyRecursively(Path.of(folder), dir.resolve(folder));
        }
        Path mapping = dir.resolve("mappings/pmis-admission-to-custody-episode.yaml");
        Files.writeString(mapping, Files.readString(mapping)
                .replace("  person.age:          { from: AGE_YRS, transform: integer }",
                        "  person.ageYears:     { from: AGE_YRS, transform: integer }"));
        Path hearing = dir.resolve("mappings/cfms-hearing-to-court-event.yaml");
        Files.writeString(hearing, Files.readString(hearing)
                .replace("hearingDate:     { from: hearing_date, transform: date, required: true }",
                        "hearingDate:     { from: hearing_date, transform: date }"));
        Path production = dir.resolve("mappings/court-event-to-pmis-production.yaml");
        Files.writeString(production, Files.readString(production)
                .replace("transform: date, output-format", "transform: date, format: dd/mm/yyyy, output-format"));

        assertThat(rabta("validate", "--home", dir.toString())).isEqualTo(1);

        assertThat(out.toString())
                .contains("pmis-admission-to-custody-episode.yaml:23:3: field 'person.ageYears' is not in"
                        + " mappings/schemas/custody-episode.v1.json: payload.person has no property 'ageYears'")
                .contains("cfms-hearing-to-court-event.yaml:16:3: field 'hearingDate' may be left out, but"
                        + " mappings/schemas/court-event.v1.json requires payload.hearingDate")
                .contains("court-event-to-pmis-production.yaml:8:69: date format 'dd/mm/yyyy' cannot read a date:"
                        + " it needs day (dd), month (MM) and year (yyyy); letters differ by case (mm is minutes)")
                .contains("3 problem(s)");
    }

    @Test
    void mappingTestStampsTheSourceSystemOfTheConnectorTheMappingReadsFrom() throws IOException {
        Path hearings = dir.resolve("hearings.csv");
        Files.writeString(hearings, """
                id,case_id,court_id,hearing_date,purpose_id,police_station_id,fir_number,fir_year,court_case_no
                1,10,501,2026-12-05,3,101,77,2026,SC-10/2026
                """);
        Path admissions = dir.resolve("admissions.json");
        Files.writeString(admissions, """
                {"ADM_ID": 7, "JAIL_CD": "J001", "PRSNR_NO": "J001/2026/7", "PRSNR_NM": "ALI RAZA", "SEX": "M",
                 "DIST_CD": "LHR", "PS_CD": "001", "FIR_NO": "77", "FIR_YR": "2026", "ADM_DT": "03/11/2026", "PRSNR_STS": "UTP"}
                """);

        assertThat(rabta("mapping", "test", "cfms-hearing-to-court-event", hearings.toString())).isZero();
        assertThat(out.toString()).contains("\"sourceSystem\":\"CFMS\"").doesNotContain("\"sourceSystem\":\"PMIS\"");
        StringWriter pmis = new StringWriter();
        assertThat(RabtaCli.run(new String[] {"mapping", "test", "pmis-admission-to-custody-episode", admissions.toString()},
                new PrintWriter(pmis, true), new PrintWriter(pmis, true))).isZero();
        assertThat(pmis.toString()).contains("\"sourceSystem\":\"PMIS\"");
        StringWriter chosen = new StringWriter();
        assertThat(RabtaCli.run(new String[] {"mapping", "test", "cfms-hearing-to-court-event", hearings.toString(),
                "--source-system", "RABTA"}, new PrintWriter(chosen, true), new PrintWriter(chosen, true))).isZero();
        assertThat(chosen.toString()).contains("\"sourceSystem\":\"RABTA\"");
    }

    @Test
    void mappingTestOfAMappingWithNoSourceSaysWhichSourceSystemItStamps() throws IOException {
        for (String folder : new String[] {"connectors", "mappings", "config"}) {
            FileSystemUtils.copyRecursively(Path.of(folder), dir.resolve(folder));
        }
        Path mapping = dir.resolve("mappings/cfms-hearing-to-court-event.yaml");
        Files.writeString(mapping, Files.readString(mapping).replace("source: cfms-db hearing + case_file\n", ""));
        Path hearings = dir.resolve("hearings.csv");
        Files.writeString(hearings, """
                id,case_id,court_id,hearing_date,purpose_id,police_station_id,fir_number,fir_year,court_case_no
                1,10,501,2026-12-05,3,101,77,2026,SC-10/2026
                """);

        assertThat(rabta("mapping", "test", "cfms-hearing-to-court-event", hearings.toString(), "--home", dir.toString())).isZero();
        assertThat(out.toString()).contains("note: 'cfms-hearing-to-court-event' has no source: connector and no route captures into it")
                .contains("\"sourceSystem\":\"RABTA\"");
    }

    @Test
    void mappingTestPrintsEachRecordOrItsErrorAndExitsOneWhenAnyFailed() throws IOException {
        Path records = dir.resolve("admissions.json");
        Files.writeString(records, """
                [{"ADM_ID": 7, "JAIL_CD": "J001", "PRSNR_NO": "J001/2026/7", "PRSNR_NM": "ALI RAZA", "SEX": "M",
                  "CNIC_NO": "35202-1234567-1", "DIST_CD": "LHR", "PS_CD": "001", "FIR_NO": "77", "FIR_YR": "2026",
                  "ADM_DT": "03/11/2026", "PRSNR_STS": "UTP"},
                 {"ADM_ID": 8, "JAIL_CD": "J001", "PRSNR_NO": "J001/2026/8", "PRSNR_NM": "USMAN", "SEX": "M",
                  "CNIC_NO": "35202-12345", "DIST_CD": "LHR", "PS_CD": "001", "FIR_NO": "78", "FIR_YR": "2026",
                  "ADM_DT": "03/11/2026", "PRSNR_STS": "UTP"}]
                """);

        assertThat(rabta("mapping", "test", "pmis-admission-to-custody-episode", records.toString())).isEqualTo(1);
        assertThat(out.toString())
                .contains("record 1: {\"type\":\"custody-episode\"")
                .contains("record 2: VALIDATION field 'person.cnic' value '35202-12345': malformed CNIC")
                .contains("2 record(s): 1 mapped, 1 failed");
    }

    @Test
    void mappingTestReadsCsvAndExitsZeroWhenAllMap() throws IOException {
        Path records = dir.resolve("events.csv");
        Files.writeString(records, """
                payload.firKey,payload.hearingDate,payload.court.code
                LHR-001-77-2026,2026-12-05,LHR-SJ
                """);
        // A dotted CSV header is one flat key, so the row mapping reads no nested fields from it: FIR_KEY is missing.
        assertThat(rabta("mapping", "test", "court-event-to-pmis-production", records.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("VALIDATION field 'FIR_KEY'");

        Path flat = dir.resolve("hearings.csv");
        Files.writeString(flat, """
                id,case_id,court_id,hearing_date,purpose_id,police_station_id,fir_number,fir_year,court_case_no
                1,10,501,2026-12-05,3,101,77,2026,SC-10/2026
                """);
        StringWriter second = new StringWriter();
        assertThat(RabtaCli.run(new String[] {"mapping", "test", "cfms-hearing-to-court-event", flat.toString()},
                new PrintWriter(second, true), new PrintWriter(second, true))).isZero();
        assertThat(second.toString()).contains("\"firKey\":\"LHR-001-77-2026\"").contains("1 record(s): 1 mapped, 0 failed");
    }

    @Test
    void anUnknownMappingOrMissingArgumentsAreReported() {
        assertThat(rabta("mapping", "test", "no-such-mapping", "x.json")).isEqualTo(1);
        assertThat(out.toString()).contains("no mapping 'no-such-mapping'");
        assertThat(rabta("mapping", "test")).isEqualTo(2);
        assertThat(out.toString()).contains("Missing required parameters");
    }
}
