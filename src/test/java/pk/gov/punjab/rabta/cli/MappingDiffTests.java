package pk.gov.punjab.rabta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.FileSystemUtils;

/** mapping freeze and mapping diff on a copy of the shipped definitions, with version 1 kept and a version 2 edited. */
class MappingDiffTests {
    private static final String NAME = "pmis-admission-to-custody-episode";
    private static final String ROUTE = "pmis-admissions-to-cfms";

    @TempDir
    Path home;

    private StringWriter out;

    private int rabta(String... args) {
        out = new StringWriter();
        String[] withHome = Stream.concat(Arrays.stream(args), Stream.of("--home", home.toString())).toArray(String[]::new);
        return RabtaCli.run(withHome, new PrintWriter(out, true), new PrintWriter(out, true));
    }

    @BeforeEach
    void copyDefinitionsAndKeepVersionOne() throws IOException {
        for (String folder : new String[] {"routes", "connectors", "mappings", "config"}) {
            FileSystemUtils.copyRecursively(Path.of(folder), home.resolve(folder));
        }
        FileSystemUtils.deleteRecursively(home.resolve("mappings/versions"));
        assertThat(rabta("mapping", "freeze", NAME)).isZero();
        assertThat(out.toString()).contains("kept version 1 of '" + NAME + "' as " + home.resolve("mappings/versions/" + NAME + ".v1.yaml"));

        // Version 2: names upper-cased, admission dates with or without leading zeros, and the home district added.
        Path current = home.resolve("mappings/" + NAME + ".yaml");
        String v1 = Files.readString(current);
        String v2 = v1.replace("version: 1", "version: 2")
                .replace("person.name:         { from: PRSNR_NM, transform: trim, required: true }",
                        "person.name:         { from: PRSNR_NM, transform: [trim, upper], required: true }")
                .replace("admittedOn:          { from: ADM_DT, transform: date, format: dd/MM/yyyy, required: true }",
                        "admittedOn:          { from: ADM_DT, transform: date, format: d/M/yyyy, required: true }")
                + "  person.homeDistrict: { from: HOME_DIST, lookup: districts }\n";
        assertThat(v2).contains("[trim, upper]").contains("d/M/yyyy").contains("version: 2");
        Files.writeString(current, v2);
    }

    private static String admission(int id, String name, String cnic, String admittedOn, String homeDistrict) {
        return "{\"ADM_ID\": " + id + ", \"JAIL_CD\": \"J001\", \"PRSNR_NO\": \"J001/2026/" + id + "\", \"PRSNR_NM\": \"" + name
                + "\", \"SEX\": \"M\", \"CNIC_NO\": \"" + cnic + "\", \"DIST_CD\": \"LHR\", \"PS_CD\": \"001\", \"FIR_NO\": \"" + (70 + id)
                + "\", \"FIR_YR\": \"2026\", \"ADM_DT\": \"" + admittedOn + "\", \"PRSNR_STS\": \"UTP\""
                + (homeDistrict == null ? "" : ", \"HOME_DIST\": \"" + homeDistrict + "\"") + "}";
    }

    @Test
    void diffOverASampleShowsEachChangedFieldEachNewFailureAndPassAndASummary() throws IOException {
        Path sample = home.resolve("admissions.json");
        Files.writeString(sample, "[" + String.join(",\n",
                admission(1, "Ali Raza", "35202-1234567-1", "03/11/2026", "LHR"),
                admission(2, "USMAN", "35202-1234567-3", "03/11/2026", null),
                admission(3, "BILAL", "35202-1234567-5", "03/11/2026", "XYZ"),
                admission(4, "KAMRAN", "35202-1234567-7", "3/11/2026", null),
                admission(5, "NADEEM", "35202-12345", "03/11/2026", null)) + "]");

        assertThat(rabta("mapping", "diff", NAME, "--from-version", "1", "--sample", sample.toString())).isZero();

        assertThat(out.toString().lines().toList()).satisfiesExactly(
                line -> assertThat(line).isEqualTo(NAME + " v1 -> v2 over 5 record(s) from " + sample),
                line -> assertThat(line).isEqualTo("record 1 (key CJ-LHR:1): changed"),
                line -> assertThat(line).isEqualTo("  payload.person.name: \"Ali Raza\" -> \"ALI RAZA\""),
                line -> assertThat(line).isEqualTo("  payload.person.homeDistrict: (absent) -> \"LHR\""),
                line -> assertThat(line).startsWith("record 3 (key CJ-LHR:3): now fails: UNMAPPED_CODE field 'person.homeDistrict' value 'XYZ': ")
                        .contains("districts"),
                line -> assertThat(line).startsWith("record 4 (key CJ-LHR:4): now passes; failed with: VALIDATION field 'admittedOn' value '3/11/2026': "),
                line -> assertThat(line).isEqualTo("1 record(s) fail under both versions"),
                line -> assertThat(line).isEqualTo("5 records: 2 unchanged, 1 changed, 1 now fail, 1 now pass"));
    }

    @Test
    void diffOverTheLastCapturedRowsReadsTheNewestRowsOfTheRouteFeedingTheMapping() throws Exception {
        Path state = home.resolve("data/state/rabta");
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + state, "sa", "")) {
            db.createStatement().execute(new ClassPathResource("schema.sql").getContentAsString(StandardCharsets.UTF_8));
            insertSent(db, ROUTE, "ADMSN:1", "2026-03-01 10:00:00", admission(1, "Ali Raza", "35202-1234567-1", "03/11/2026", "LHR"));
            insertSent(db, ROUTE, "ADMSN:2", "2026-03-02 10:00:00", admission(2, "Usman", "35202-1234567-3", "03/11/2026", null));
            insertSent(db, ROUTE, "ADMSN:3", "2026-03-03 10:00:00", admission(3, "BILAL", "35202-1234567-5", "3/11/2026", null));
            insertSent(db, "cfms-hearings-to-pmis", "hearing:9", "2026-03-04 10:00:00", "{\"id\": 9}");
        }

        assertThat(rabta("mapping", "diff", NAME, "--from-version", "1", "--last", "2")).isZero();

        // Only the two newest rows of the route that feeds the mapping; the hearing route's row is not read.
        assertThat(out.toString().lines().toList()).satisfiesExactly(
                line -> assertThat(line).isEqualTo(NAME + " v1 -> v2 over 2 record(s) from the last rows captured by " + ROUTE + ", newest first"),
                line -> assertThat(line).startsWith("ADMSN:3 (key CJ-LHR:3): now passes; failed with: VALIDATION field 'admittedOn'"),
                line -> assertThat(line).isEqualTo("ADMSN:2 (key CJ-LHR:2): changed"),
                line -> assertThat(line).isEqualTo("  payload.person.name: \"Usman\" -> \"USMAN\""),
                line -> assertThat(line).isEqualTo("2 records: 0 unchanged, 1 changed, 0 now fail, 1 now pass"));
    }

    @Test
    void aStateDatabaseHeldByTheRunningBusIsReportedAsSuch() throws Exception {
        Path state = home.resolve("data/state/rabta");
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + state, "sa", "")) {
            db.createStatement().execute(new ClassPathResource("schema.sql").getContentAsString(StandardCharsets.UTF_8));
        }
        Process bus = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldsStateDatabase.class.getName(), "jdbc:h2:file:" + state)
                .redirectErrorStream(true).start();
        try {
            assertThat(new String(bus.getInputStream().readNBytes("open\n".length()), StandardCharsets.UTF_8)).isEqualTo("open\n");

            assertThat(rabta("mapping", "diff", NAME, "--from-version", "1")).isEqualTo(2);
            assertThat(out.toString()).contains("the bus's state database jdbc:h2:file:" + state.toAbsolutePath() + " is open in the running bus")
                    .contains("--sample FILE");
        } finally {
            bus.getOutputStream().close();
            bus.waitFor();
        }
    }

    @Test
    void definitionAndUsageProblemsAreNamed() throws IOException {
        Path missing = home.resolve("mappings/versions/" + NAME + ".v7.yaml");
        assertThat(rabta("mapping", "diff", NAME, "--from-version", "7", "--sample", "x.json")).isEqualTo(1);
        assertThat(out.toString()).contains(missing.toString() + " does not exist").contains("rabta mapping freeze " + NAME);

        assertThat(rabta("mapping", "diff", NAME, "--from-version", "1")).isEqualTo(2);
        assertThat(out.toString()).contains("no state database at jdbc:h2:file:" + home.resolve("data/state/rabta"));

        assertThat(rabta("mapping", "diff", NAME, "--from-version", "1", "--sample", "a.json", "--last", "3")).isEqualTo(2);
        assertThat(out.toString()).contains("mutually exclusive");

        Path current = home.resolve("mappings/" + NAME + ".yaml");
        Files.writeString(current, Files.readString(current).replace("version: 2", "version: 1"));
        assertThat(rabta("mapping", "diff", NAME, "--from-version", "1", "--sample", "x.json")).isEqualTo(1);
        assertThat(out.toString()).contains("is still version 1");
        assertThat(rabta("mapping", "freeze", NAME)).isEqualTo(1);
        assertThat(out.toString()).contains("already holds a different version 1");
        assertThat(Files.readString(home.resolve("mappings/versions/" + NAME + ".v1.yaml"))).doesNotContain("[trim, upper]");

        String production = "court-event-to-pmis-production";
        assertThat(rabta("mapping", "freeze", production)).isZero();
        Path productionFile = home.resolve("mappings/" + production + ".yaml");
        Files.writeString(productionFile, Files.readString(productionFile).replace("version: 1", "version: 2"));
        assertThat(rabta("mapping", "diff", production, "--from-version", "1")).isEqualTo(2);
        assertThat(out.toString()).contains("sends captured rows straight to mapping:" + production).contains("--sample FILE");
    }

    @Test
    void keptVersionsAreNotLiveMappings() {
        assertThat(home.resolve("mappings/versions/" + NAME + ".v1.yaml")).exists();
        assertThat(rabta("validate")).isZero();
        assertThat(out.toString()).startsWith("OK:");
    }

    private static void insertSent(Connection db, String route, String sourceKey, String watermark, String rowJson) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO rabta_capture_seen (route_id, source_key, row_hash, watermark, row_json) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, route);
            insert.setString(2, sourceKey);
            insert.setString(3, Integer.toHexString(rowJson.hashCode()));
            insert.setTimestamp(4, Timestamp.valueOf(watermark));
            insert.setString(5, rowJson);
            insert.executeUpdate();
        }
    }

    /** Stands in for the running bus: holds the state database open, as the bus's pool does, until its input closes. */
    static final class HoldsStateDatabase {
        public static void main(String[] args) throws Exception {
            try (Connection db = DriverManager.getConnection(args[0], "sa", "")) {
                db.createStatement().executeQuery("SELECT COUNT(*) FROM rabta_capture_seen").close();
                System.out.println("open");
                System.out.flush();
                System.in.readAllBytes();
            }
        }
    }
}
