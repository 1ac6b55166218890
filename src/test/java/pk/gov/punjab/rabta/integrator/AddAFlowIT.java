package pk.gov.punjab.rabta.integrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * An integrator adds a flow with files alone: the example under examples/pmis-transfers-to-cfms/ is copied into an
 * installation running the packaged jar, checked with the rabta command, its CFMS inbox created with rabta sql while the
 * bus runs, and after a restart every PMIS transfer arrives in the new inbox with the mapped values.
 */
class AddAFlowIT {
    private static final Path EXAMPLE = Path.of("examples/pmis-transfers-to-cfms");
    private static final Path JAR = Path.of(System.getProperty("rabta.jar", "target/rabta.jar")).toAbsolutePath();
    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration COMMAND = Duration.ofMinutes(2);
    private static final Pattern LISTENING_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    // Kept when the test fails, with the bus logs (bus-1.log, bus-2.log) and data/ in it.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private Process bus;

    @AfterEach
    void stopBus() throws InterruptedException {
        stop();
    }

    @Test
    void aFlowAddedAsFilesAloneDeliversEveryPmisTransferToTheNewCfmsInbox() throws Exception {
        assertThat(JAR).as("the packaged jar (mvn package)").isRegularFile();
        // An installation as shipped, running the demo PMIS and CFMS.
        for (String folder : List.of("routes", "connectors", "mappings", "config")) {
            FileSystemUtils.copyRecursively(Path.of(folder), home.resolve(folder));
        }
        int port = start(1);

        // The new flow: a route, two mappings, a schema and a code table, as files.
        for (String folder : List.of("routes", "mappings", "config")) {
            FileSystemUtils.copyRecursively(EXAMPLE.resolve(folder), home.resolve(folder));
        }
        assertThat(Files.exists(home.resolve("routes/pmis-transfers-to-cfms.camel.yaml"))).isTrue();
        Command validate = rabta("validate", "--home", home.toString());
        assertThat(validate.exitCode()).as(validate.output()).isZero();
        assertThat(validate.output()).contains("OK: routes, connectors, mappings, schemas and code tables");

        Command mappingTest = rabta("mapping", "test", "pmis-transfer-to-custody-transfer",
                EXAMPLE.resolve("sample-transfers.json").toAbsolutePath().toString(), "--home", home.toString());
        assertThat(mappingTest.exitCode()).as(mappingTest.output()).isEqualTo(1);
        assertThat(mappingTest.output())
                .contains("record 1: {\"type\":\"custody-transfer\"")
                .contains("\"fromJail\":{\"code\":\"CJ-LHR\",\"name\":\"Central Jail Kot Lakhpat Lahore\"}")
                .contains("\"reason\":\"OVERCROWDING\"")
                .contains("record 2: UNMAPPED_CODE field 'reason' value 'TRN'")
                .contains("2 record(s): 1 mapped, 1 failed");

        // The inbox is created while the bus still has the demo databases open.
        Command createInbox = rabta("sql", "cfms-db", EXAMPLE.resolve("cfms-transfer-inbox.sql").toAbsolutePath().toString(),
                "--home", home.toString(), "--rabta.data-dir=" + home.resolve("data"));
        assertThat(createInbox.exitCode()).as(createInbox.output()).isZero();
        assertThat(createInbox.output()).contains("CREATE TABLE IF NOT EXISTS pmis_transfer_inbox").contains("1 statement(s) run on cfms-db");
        assertThat(flowNames(port)).doesNotContain("pmis-transfers-to-cfms");

        stop();
        port = start(2);
        assertThat(flowNames(port)).contains("pmis-transfers-to-cfms", "pmis-admissions-to-cfms", "cfms-hearings-to-pmis");

        long liveTransfer = transferOneHeldPrisoner();
        Map<Long, List<Object>> expected = expectedInbox();
        assertThat(expected).containsKey(liveTransfer).hasSizeGreaterThan(2);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(inbox()).isEqualTo(expected));
        int busPort = port;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode flow = flow(busPort, "pmis-transfers-to-cfms");
            assertThat(flow.path("delivered").asLong()).isEqualTo(expected.size());
            assertThat(flow.path("deadLettered").asLong()).isZero();
        });
    }

    /** Starts the jar in the installation folder, as an operator would, and waits until it has started its flows. */
    private int start(int run) throws IOException {
        Path log = home.resolve("bus-" + run + ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(),
                "--rabta.home=" + home, "--rabta.data-dir=" + home.resolve("data"), "--server.port=0",
                "--rabta.bus.tcp.enabled=false", "--rabta.capture.poll-interval=500", "--rabta.flow-log-interval=5s",
                "--rabta.demo.seed-cases=30", "--rabta.demo.activity-per-minute=0", "--rabta.demo.bad-record-percent=0"));
        command.addAll(TestUsers.adminArgs());
        bus = new ProcessBuilder(command)
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int[] port = new int[1];
        await().atMost(START).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            assertThat(bus.isAlive()).as("the bus is running (log: %s)", log).isTrue();
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Matcher listening = LISTENING_ON_PORT.matcher(text);
            // The web server answers a moment before the routes have started; the application's start line comes after both.
            if (!listening.find() || !text.contains("Started RabtaApplication")) {
                return false;
            }
            port[0] = Integer.parseInt(listening.group(1));
            return get(port[0], "/api/flows").statusCode() == 200;
        });
        return port[0];
    }

    private void stop() throws InterruptedException {
        if (bus != null && bus.isAlive()) {
            bus.destroy();
            if (!bus.waitFor(60, TimeUnit.SECONDS)) {
                bus.destroyForcibly().waitFor();
            }
        }
        bus = null;
    }

    /** Runs the rabta command from the jar in the installation folder. */
    private Command rabta(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "rabta-", ".out");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            assertThat(process.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).as("rabta %s finished", args[0]).isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println("rabta " + String.join(" ", args) + "\n" + text);
            return new Command(process.exitValue(), text);
        } finally {
            process.destroyForcibly();
        }
    }

    private record Command(int exitCode, String output) {
    }

    /** PMIS moves a held prisoner while the bus runs; returns the transfer's id. */
    private long transferOneHeldPrisoner() throws SQLException {
        try (Connection pmis = database("pmis")) {
            long id;
            String admission;
            try (ResultSet next = pmis.createStatement().executeQuery("SELECT COALESCE(MAX(TRF_ID), 0) + 1 FROM TRNSFR");
                 ResultSet held = pmis.createStatement().executeQuery(
                         "SELECT ADM_ID, PRSNR_NO, JAIL_CD FROM ADMSN WHERE REL_DT IS NULL ORDER BY ADM_ID FETCH FIRST 1 ROWS ONLY")) {
                next.next();
                id = next.getLong(1);
                assertThat(held.next()).as("a prisoner held in PMIS").isTrue();
                admission = held.getLong(1) + "\t" + held.getString(2) + "\t" + held.getString(3);
            }
            String[] prisoner = admission.split("\t");
            try (PreparedStatement insert = pmis.prepareStatement("INSERT INTO TRNSFR (TRF_ID, ADM_ID, PRSNR_NO, FROM_JAIL_CD, TO_JAIL_CD,"
                    + " TRF_DT, TRF_RSN, AUTH_REF, UPD_TS) VALUES (?, ?, ?, ?, ?, ?, 'CRT', ?, ?)")) {
                insert.setLong(1, id);
                insert.setLong(2, Long.parseLong(prisoner[0]));
                insert.setString(3, prisoner[1]);
                insert.setString(4, prisoner[2]);
                insert.setString(5, "J001".equals(prisoner[2]) ? "J002" : "J001");
                insert.setString(6, PMIS_DATE.format(LocalDate.now()));
                insert.setString(7, "ATC-LHR/ORD/" + id);
                insert.setTimestamp(8, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            return id;
        }
    }

    /** Every PMIS transfer as the inbox should hold it, by transfer id, worked out from the code tables by hand. */
    private Map<Long, List<Object>> expectedInbox() throws SQLException {
        CodeTables codes = new CodeTables(home.resolve("config/codes"));
        Map<Long, List<Object>> expected = new TreeMap<>();
        try (Connection pmis = database("pmis");
             ResultSet rows = pmis.createStatement().executeQuery("SELECT * FROM TRNSFR")) {
            while (rows.next()) {
                Map<String, String> from = codes.table("jails").find("pmis_code", rows.getString("FROM_JAIL_CD")).orElseThrow();
                Map<String, String> to = codes.table("jails").find("pmis_code", rows.getString("TO_JAIL_CD")).orElseThrow();
                String reason = codes.table("transfer-reasons").find("pmis", rows.getString("TRF_RSN")).orElseThrow().get("code");
                expected.put(rows.getLong("TRF_ID"), List.of(rows.getLong("ADM_ID"), rows.getString("PRSNR_NO"),
                        from.get("code"), from.get("name"), to.get("code"), to.get("name"),
                        LocalDate.parse(rows.getString("TRF_DT"), PMIS_DATE), reason, rows.getString("AUTH_REF")));
            }
        }
        return expected;
    }

    /** The CFMS transfer inbox as delivered, in the same shape as {@link #expectedInbox()}. */
    private Map<Long, List<Object>> inbox() throws SQLException {
        Map<Long, List<Object>> inbox = new TreeMap<>();
        try (Connection cfms = database("cfms");
             ResultSet rows = cfms.createStatement().executeQuery("SELECT * FROM pmis_transfer_inbox")) {
            while (rows.next()) {
                assertThat(rows.getObject("rabta_version")).as("source version stamped").isNotNull();
                inbox.put(rows.getLong("transfer_id"), List.of(rows.getLong("admission_id"), rows.getString("prisoner_number"),
                        rows.getString("from_jail_code"), rows.getString("from_jail_name"), rows.getString("to_jail_code"),
                        rows.getString("to_jail_name"), rows.getObject("transferred_on", LocalDate.class), rows.getString("reason"),
                        rows.getString("authority")));
            }
        }
        return inbox;
    }

    /** A demo database, opened through the bus's own H2 server (AUTO_SERVER) while the bus runs. */
    private Connection database(String system) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + home.resolve("data/demo/" + system) + ";AUTO_SERVER=TRUE", "sa", "");
    }

    private List<String> flowNames(int port) throws Exception {
        List<String> names = new ArrayList<>();
        flows(port).forEach(f -> names.add(f.path("flow").asText()));
        return names;
    }

    private JsonNode flow(int port, String name) throws Exception {
        for (JsonNode f : flows(port)) {
            if (f.path("flow").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no flow " + name + " in /api/flows");
    }

    private JsonNode flows(int port) throws Exception {
        return new ObjectMapper().readTree(get(port, "/api/flows").body());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", TestUsers.basic(TestUsers.ADMIN)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
