package pk.gov.punjab.rabta.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.support.TestUsers;

/** The PMIS database server goes away and comes back: capture backs off, health says so, and nothing is lost. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:bus-test.properties")
@DirtiesContext
class SourceOutageTests {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PMIS = "pmis-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static Server server;
    private static int port;

    @Autowired
    ConnectorRegistry connectors;

    @Autowired
    FlowStats stats;

    TestRestTemplate http;

    @Autowired
    void signIn(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD);
    }

    @DynamicPropertySource
    static void pmisBehindAServer(DynamicPropertyRegistry registry) throws Exception {
        // The database lives in this JVM; the bus reaches it only through the server, which the test stops and starts.
        DriverManager.getConnection("jdbc:h2:mem:" + PMIS + ";DB_CLOSE_DELAY=-1", "sa", "").close();
        server = Server.createTcpServer("-tcpPort", "0").start();
        port = server.getPort();
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:state-" + run + ";DB_CLOSE_DELAY=-1");
        registry.add("rabta.connectors.pmis-db.url", () -> "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + PMIS);
        registry.add("rabta.connectors.cfms-db.url", () -> "jdbc:h2:mem:cfms-" + run + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void captureBacksOffWhileTheSourceIsDownShowsItInHealthAndResumesWithoutLoss() throws Exception {
        insert(300_001);
        await().atMost(WAIT).until(() -> inbox(300_001));

        server.stop();
        await().atMost(WAIT).until(() -> stats.of("pmis-admissions-to-cfms").captureProblem() != null);
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.at("/components/flows/components/pmis-admissions-to-cfms/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/connectors/components/pmis-db/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/flows/components/cfms-hearings-to-pmis/status").asText()).isEqualTo("UP");

        // Written while the bus cannot see the database.
        insert(300_002);
        insert(300_003);
        server = Server.createTcpServer("-tcpPort", String.valueOf(port)).start();

        await().atMost(WAIT).until(() -> inbox(300_002) && inbox(300_003));
        await().atMost(WAIT).until(() -> stats.of("pmis-admissions-to-cfms").captureProblem() == null);
        assertThat(http.getForObject("/actuator/health", JsonNode.class)
                .at("/components/flows/components/pmis-admissions-to-cfms/status").asText()).isEqualTo("UP");
    }

    private static void insert(long id) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:" + PMIS, "sa", "")) {
            CaptureGuaranteesContract.insertAdmissions(connection, id, 1, Timestamp.from(Instant.now()));
        }
    }

    private boolean inbox(long admissionId) {
        return new JdbcTemplate(connectors.dataSource("cfms-db")).queryForObject(
                "SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id = ?", Long.class, admissionId) == 1;
    }
}
