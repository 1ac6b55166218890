package pk.gov.punjab.rabta.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.cli.RabtaCli;
import pk.gov.punjab.rabta.capture.CheckpointStore;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.support.TestUsers;

/** A running bus takes changed routes, mappings and code tables from disk, and refuses broken ones while it keeps running. */
class DefinitionReloadTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMISSIONS = "pmis-admissions-to-cfms";
    private static final String ADMISSION_MAPPING = "mappings/pmis-admission-to-custody-episode.yaml";
    private static final String ADMISSION_ROUTES = "routes/pmis-admissions-to-cfms.camel.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static ConfigurableApplicationContext bus;

    @BeforeAll
    static void startBusOnACopyOfTheDefinitions() throws IOException {
        for (String folder : List.of("routes", "connectors", "mappings", "config")) {
            copyTree(Path.of(folder), home.resolve(folder));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        bus = new SpringApplicationBuilder(RabtaApplication.class).run(
                "--rabta.home=" + home,
                "--camel.main.routes-include-pattern=file:" + home.resolve("routes") + "/*.camel.yaml",
                "--rabta.data-dir=" + home.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:state-" + run + ";DB_CLOSE_DELAY=-1",
                "--rabta.connectors.pmis-db.url=jdbc:h2:mem:pmis-" + run + ";DB_CLOSE_DELAY=-1",
                "--rabta.connectors.cfms-db.url=jdbc:h2:mem:cfms-" + run + ";DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--rabta.bus.tcp.enabled=false",
                "--spring.artemis.embedded.persistent=false",
                "--rabta.capture.poll-interval=200",
                "--rabta.bus.defaults.max-delivery-attempts=3",
                "--rabta.bus.defaults.redelivery-delay=100ms",
                "--rabta.demo.seed-cases=0",
                "--rabta.demo.activity-per-minute=0",
                "--rabta.demo.bad-record-percent=0",
                "--rabta.flow-log-interval=1h",
                "--logging.file.name=target/rabta-test.log",
                TestUsers.adminArgs().get(0), TestUsers.adminArgs().get(1));
    }

    @AfterAll
    static void stopBus() {
        if (bus != null) {
            bus.close();
        }
    }

    @AfterEach
    void putTheRepositoryDefinitionsBack() throws Exception {
        for (String folder : List.of("routes", "mappings", "config/codes")) {
            try (Stream<Path> files = Files.list(home.resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.delete(file);
                }
            }
            copyTree(Path.of(folder), home.resolve(folder));
        }
        Reply reply = reload();
        assertThat(reply.status()).as("restoring the repository definitions: %s", reply.body()).isEqualTo(200);
    }

    @Test
    void aMappingRaisedToVersion2IsUsedForRecordsCapturedAfterTheReload() throws Exception {
        insertAdmission(940001, "J001");
        await().atMost(WAIT).until(() -> inboxRow(940001) != null);
        assertThat(inboxRow(940001).get("prisoner_name")).isEqualTo("ALI RAZA");
        assertThat(inboxRow(940001).get("release_reason")).isNull();

        edit(ADMISSION_MAPPING, "version: 1", "version: 2");
        edit(ADMISSION_MAPPING, "person.name:         { from: PRSNR_NM, transform: trim, required: true }",
                "person.name:         { from: PRSNR_NM, transform: [trim, lower], required: true }");
        edit(ADMISSION_MAPPING, "releaseReason:       { from: REL_RSN, transform: trim, when: { from: REL_DT, present: true } }", "releaseReason:       { value: RULES-V2 }");
        Reply reply = reload();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("reloaded").asBoolean()).isTrue();
        assertThat(reply.body().get("mappings")).hasSize(1);
        assertThat(reply.body().at("/mappings/0/name").asText()).isEqualTo("pmis-admission-to-custody-episode");
        assertThat(reply.body().at("/mappings/0/oldVersion").asInt()).isEqualTo(1);
        assertThat(reply.body().at("/mappings/0/newVersion").asInt()).isEqualTo(2);
        assertThat(reply.body().at("/routes/reloaded")).isEmpty();
        assertThat(bus.getBean(MappingRegistry.class).mapping("pmis-admission-to-custody-episode").version()).isEqualTo(2);

        // Delivery held back, so the canonical record can be read on the bus as the capture side wrote it.
        camel().getRouteController().stopRoute(ADMISSIONS + "-delivery");
        insertAdmission(940002, "J001");
        JsonNode record = await().atMost(WAIT).until(() -> onTheBus("custody-episodes", "ADMSN:940002"), r -> r != null);
        assertThat(record.at("/envelope/mappingVersion").asInt()).isEqualTo(2);
        assertThat(record.at("/payload/releaseReason").asText()).isEqualTo("RULES-V2");
        camel().getRouteController().startRoute(ADMISSIONS + "-delivery");

        await().atMost(WAIT).until(() -> inboxRow(940002) != null);
        assertThat(inboxRow(940002).get("prisoner_name")).isEqualTo("ali raza");
        assertThat(inboxRow(940002).get("release_reason")).isEqualTo("RULES-V2");
        assertThat(inboxRow(940001).get("prisoner_name")).isEqualTo("ALI RAZA");
    }

    @Test
    void brokenMappingsAndCodeTablesAreRefusedNamingFileAndLineAndTheRunningVersionKeepsMapping() throws Exception {
        String mapping = read(ADMISSION_MAPPING);
        String jails = read("config/codes/jails.csv");

        edit(ADMISSION_MAPPING, "version: 1", "version: 2");
        edit(ADMISSION_MAPPING, "person.name:         { from: PRSNR_NM, transform: trim, required: true }",
                "person.name:         { from: PRSNR_NM, transform: trim, required: true");
        Reply badYaml = reload();
        write(ADMISSION_MAPPING, mapping);

        edit(ADMISSION_MAPPING, "version: 1", "version: 2");
        edit(ADMISSION_MAPPING, "transform: trim, required: true }", "transform: shout, required: true }");
        Reply unknownTransform = reload();
        write(ADMISSION_MAPPING, mapping);

        Files.writeString(home.resolve("config/codes/jails.csv"), "CJ-BAD,Jail Without Its Other Columns\n", StandardOpenOption.APPEND);
        int badLine = jails.split("\n").length + 1;
        Reply badCodeTable = reload();
        write("config/codes/jails.csv", jails);

        assertThat(badYaml.status()).isEqualTo(422);
        assertThat(badYaml.body().get("reloaded").asBoolean()).isFalse();
        assertThat(errors(badYaml)).anyMatch(e -> e.matches("pmis-admission-to-custody-episode\\.yaml:\\d+:\\d+: not valid YAML.*"));
        assertThat(unknownTransform.status()).isEqualTo(422);
        assertThat(errors(unknownTransform)).anyMatch(e -> e.matches("(?s)pmis-admission-to-custody-episode\\.yaml:1[0-9]:\\d+: .*shout.*"));
        assertThat(badCodeTable.status()).isEqualTo(422);
        assertThat(errors(badCodeTable)).singleElement().asString().startsWith("jails.csv:" + badLine + ": 2 fields");

        assertThat(bus.getBean(MappingRegistry.class).mapping("pmis-admission-to-custody-episode").version()).isEqualTo(1);
        insertAdmission(941001, "J002");
        await().atMost(WAIT).until(() -> inboxRow(941001) != null);
        assertThat(inboxRow(941001).get("prisoner_name")).isEqualTo("ALI RAZA");
        assertThat(inboxRow(941001).get("jail_code")).isEqualTo("CJ-RWP");
    }

    @Test
    void aChangedMappingThatKeepsItsVersionIsRefused() throws Exception {
        edit(ADMISSION_MAPPING, "transform: trim, required: true }", "transform: [trim, upper], required: true }");

        Reply reply = reload();

        assertThat(reply.status()).isEqualTo(422);
        assertThat(errors(reply)).containsExactly("pmis-admission-to-custody-episode.yaml:3:10: the mapping changed but its version is"
                + " still 1; raise it, so each record's envelope tells which rules made it");
    }

    @Test
    void aRecordWithAnUnmappedCodeMapsOnceTheCodeTableHasTheRow() throws Exception {
        insertAdmission(950001, "J777");
        JsonNode letter = deadLetter("ADMSN:950001");
        assertThat(letter.get("reason").asText()).isEqualTo("UNMAPPED_CODE");
        assertThat(letter.get("rawValue").asText()).isEqualTo("J777");

        Files.writeString(home.resolve("config/codes/jails.csv"), "DJ-TST,District Jail Test,DISTRICT,LHR,J777,100\n",
                StandardOpenOption.APPEND);
        Reply reply = reload();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().at("/codeTables/changed")).extracting(JsonNode::asText).containsExactly("jails");
        assertThat(reply.body().get("mappings")).isEmpty();
        // The same admission, touched again in PMIS, is captured again and now maps.
        pmis().update("UPDATE ADMSN SET UPD_TS = ? WHERE ADM_ID = 950001", Timestamp.from(Instant.now()));
        await().atMost(WAIT).until(() -> inboxRow(950001) != null);
        assertThat(inboxRow(950001).get("jail_code")).isEqualTo("DJ-TST");
        assertThat(inboxRow(950001).get("jail_name")).isEqualTo("District Jail Test");
    }

    @Test
    void aChangedRouteFileIsReloadedAndResumesFromItsCheckpointWhileABrokenOneLeavesTheRunningRoutes() throws Exception {
        insertAdmission(960001, "J001");
        await().atMost(WAIT).until(() -> inboxRow(960001) != null);
        // Delivery can finish before the capture has moved its checkpoint and counted the row: wait for both.
        await().atMost(WAIT).until(() -> "960001".equals(bus.getBean(CheckpointStore.class).load(ADMISSIONS).lastKey()));
        long capturedBefore = stats().of(ADMISSIONS).captured();

        edit(ADMISSION_ROUTES, "        key: ADM_ID\n", "        key: ADM_ID\n        batchSize: 50\n");
        Reply reply = reload();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().at("/routes/reloaded")).extracting(JsonNode::asText).containsExactly(ADMISSIONS);
        assertThat(reply.body().at("/routes/added")).isEmpty();
        assertThat(camel().getRoute(ADMISSIONS).getEndpoint().getEndpointUri()).contains("batchSize=50");
        insertAdmission(960002, "J001");
        await().atMost(WAIT).until(() -> inboxRow(960002) != null);
        // Resumed after its checkpoint: only the new admission was read.
        assertThat(stats().of(ADMISSIONS).captured()).isEqualTo(capturedBefore + 1);

        edit(ADMISSION_ROUTES, "        batchSize: 50\n", "        batchSize: 50\n        noSuchOption: 1\n");
        Reply unknownOption = reload();
        assertThat(unknownOption.status()).isEqualTo(422);
        assertThat(errors(unknownOption)).singleElement().asString()
                .startsWith("pmis-admissions-to-cfms.camel.yaml:3:9: route 'pmis-admissions-to-cfms' cannot start").contains("noSuchOption");

        edit(ADMISSION_ROUTES, "        noSuchOption: 1\n", "");
        edit(ADMISSION_ROUTES, "        - to: bus:custody-episodes", "        - sendTo: bus:custody-episodes");
        Reply unknownStep = reload();
        assertThat(unknownStep.status()).isEqualTo(422);
        assertThat(errors(unknownStep)).containsExactly("pmis-admissions-to-cfms.camel.yaml:15:11: Unknown node id: sendTo");

        assertThat(camel().getRouteController().getRouteStatus(ADMISSIONS)).isEqualTo(ServiceStatus.Started);
        assertThat(camel().getRouteController().getRouteStatus(ADMISSIONS + "-delivery")).isEqualTo(ServiceStatus.Started);
        assertThat(camel().getRoute(ADMISSIONS).getEndpoint().getEndpointUri()).contains("batchSize=50").doesNotContain("noSuchOption");
        insertAdmission(960003, "J001");
        await().atMost(WAIT).until(() -> inboxRow(960003) != null);
    }

    @Test
    void aRemovedRouteFileStopsItsFlowAndAnAddedOneStartsIt() throws Exception {
        String hearings = read("routes/cfms-hearings-to-pmis.camel.yaml");
        Files.delete(home.resolve("routes/cfms-hearings-to-pmis.camel.yaml"));

        Reply removed = reload();

        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().at("/routes/removed")).extracting(JsonNode::asText).containsExactly("cfms-hearings-to-pmis");
        assertThat(camel().getRoute("cfms-hearings-to-pmis")).isNull();
        assertThat(camel().getRoute("cfms-hearings-to-pmis-delivery")).isNull();
        assertThat(camel().getRoute(ADMISSIONS)).isNotNull();

        write("routes/cfms-hearings-to-pmis.camel.yaml", hearings);
        Reply added = reload();

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().at("/routes/added")).extracting(JsonNode::asText).containsExactly("cfms-hearings-to-pmis");
        assertThat(camel().getRouteController().getRouteStatus("cfms-hearings-to-pmis")).isEqualTo(ServiceStatus.Started);
        assertThat(camel().getRouteController().getRouteStatus("cfms-hearings-to-pmis-delivery")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theReloadCommandPrintsWhatChangedOrEveryProblem() throws Exception {
        String url = "http://127.0.0.1:" + bus.getEnvironment().getProperty("local.server.port");
        Files.writeString(home.resolve("config/codes/jails.csv"), "DJ-CLI,District Jail Command Line,DISTRICT,LHR,J778,100\n",
                StandardOpenOption.APPEND);
        Path passwordFile = Files.writeString(home.resolve("password"), TestUsers.PASSWORD);
        String[] reload = {"reload", "--url", url, "--user", TestUsers.ADMIN, "--password-file", passwordFile.toString()};
        StringWriter changed = new StringWriter();
        assertThat(RabtaCli.run(reload, new PrintWriter(changed, true), new PrintWriter(changed, true)))
                .isZero();
        assertThat(changed.toString()).contains("code table jails: changed").contains("Reloaded");

        edit(ADMISSION_MAPPING, "version: 1", "version: 2");
        edit(ADMISSION_MAPPING, "transform: trim, required: true }", "transform: shout, required: true }");
        StringWriter refused = new StringWriter();
        assertThat(RabtaCli.run(reload, new PrintWriter(refused, true), new PrintWriter(refused, true)))
                .isEqualTo(1);
        assertThat(refused.toString()).contains("pmis-admission-to-custody-episode.yaml:12:53: unknown transform 'shout'")
                .contains("Not reloaded: 1 problem(s)");
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply reload() throws Exception {
        String port = bus.getEnvironment().getProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/definitions/reload"))
                .header("Authorization", TestUsers.basic(TestUsers.ADMIN)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static List<String> errors(Reply reply) {
        List<String> errors = new ArrayList<>();
        reply.body().get("errors").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    private JsonNode onTheBus(String queue, String sourceKey) {
        JmsTemplate jms = new JmsTemplate(bus.getBean(ConnectionFactory.class));
        return jms.browse(queue, (session, browser) -> {
            var messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                JsonNode record = read((Message) messages.nextElement());
                if (sourceKey.equals(record.at("/envelope/sourceKey").asText())) {
                    return record;
                }
            }
            return null;
        });
    }

    private JsonNode deadLetter(String sourceKey) throws Exception {
        JmsTemplate jms = new JmsTemplate(bus.getBean(ConnectionFactory.class));
        jms.setReceiveTimeout(WAIT.toMillis());
        Message message = jms.receiveSelected("DLQ." + ADMISSIONS, "RabtaSourceKey = '" + sourceKey + "'");
        assertThat(message).as("dead letter for %s", sourceKey).isNotNull();
        return read(message);
    }

    private static JsonNode read(Message message) {
        try {
            return JSON.readTree(((TextMessage) message).getText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void insertAdmission(long id, String jail) {
        pmis().update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG,"
                        + " DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT, ADM_DT, PRSNR_STS, UPD_TS)"
                        + " VALUES (?, ?, ?, 'ALI RAZA', 'MUHAMMAD RAMZAN', 'S/O', 'M', '35202-1234567-1', 30, '01/01/1996', 'N',"
                        + " 'LHR', '001', '77', '2026', 'PPC 379, PPC 411', '01/11/2026', '03/11/2026', 'UTP', ?)",
                id, jail, jail + "/2026/" + id, Timestamp.from(Instant.now()));
    }

    private Map<String, Object> inboxRow(long admissionId) {
        List<Map<String, Object>> rows = new JdbcTemplate(bus.getBean(ConnectorRegistry.class).dataSource("cfms-db"))
                .queryForList("SELECT * FROM pmis_custody_inbox WHERE admission_id = ?", admissionId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static JdbcTemplate pmis() {
        return new JdbcTemplate(bus.getBean(ConnectorRegistry.class).dataSource("pmis-db"));
    }

    private static CamelContext camel() {
        return bus.getBean(CamelContext.class);
    }

    private static FlowStats stats() {
        return bus.getBean(FlowStats.class);
    }

    private static void edit(String file, String from, String to) throws IOException {
        String content = read(file);
        assertThat(content).as("%s holds the text to change", file).contains(from);
        write(file, content.replace(from, to));
    }

    private static String read(String file) throws IOException {
        return Files.readString(home.resolve(file), StandardCharsets.UTF_8);
    }

    private static void write(String file, String content) throws IOException {
        Files.writeString(home.resolve(file), content, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
