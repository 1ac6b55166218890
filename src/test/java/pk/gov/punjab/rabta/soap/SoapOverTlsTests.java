package pk.gov.punjab.rabta.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;
import javax.xml.namespace.QName;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.custody.CustodyStatusService;
import pk.gov.punjab.rabta.demo.DemoActivity;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.ExpectedRows;

/**
 * The bus with TLS on (server.ssl.*, a key pair made with the JDK's keytool for this run only): its SOAP endpoints
 * answer over https alone, and hearings reach the demo PMIS service over https with connector pmis-soap's trust store.
 */
class SoapOverTlsTests extends BusTestSupport {
    private static final String CFMS_PASSWORD = UUID.randomUUID().toString();
    private static final String DEMO_PASSWORD = UUID.randomUUID().toString();
    private static final String STORE_PASSWORD = UUID.randomUUID().toString();
    private static final Path KEYS = keyPairForThisRun();

    @LocalServerPort
    int port;

    @Autowired
    CodeTables codes;

    @Autowired
    SoapEndpoints endpoints;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", () -> "file:" + KEYS.resolve("bus.p12"));
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> STORE_PASSWORD);
        registry.add("server.ssl.key-alias", () -> "bus");
        registry.add("rabta.soap.users.cfms", () -> CFMS_PASSWORD);
        registry.add("rabta.demo.pmis-service.password", () -> DEMO_PASSWORD);
        registry.add("rabta.connectors.pmis-soap.password", () -> DEMO_PASSWORD);
        registry.add("rabta.connectors.pmis-db.delivery", () -> "soap");
        // The endpoint stays the demo service's path on the bus's own server, which is now https only.
        registry.add("rabta.connectors.pmis-soap.endpoint", () -> "/soap/demo/pmis-prisoner");
        registry.add("rabta.connectors.pmis-soap.trust-store", () -> KEYS.resolve("trust.p12").toString());
        registry.add("rabta.connectors.pmis-soap.trust-store-password", () -> STORE_PASSWORD);
    }

    @AfterAll
    static void forgetTheKeys() throws IOException {
        try (Stream<Path> files = Files.walk(KEYS)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void theCustodyStatusServiceAnswersARealCxfClientOverHttpsThatTrustsTheBusCertificate() throws Exception {
        cfms().update("INSERT INTO pmis_custody_inbox (jail_code, admission_id, jail_name, prisoner_number, cnic, fir_key, custody_status,"
                + " admitted_on, rabta_version) VALUES ('CJ-LHR', 7801, 'Central Jail Lahore', 'CJ-LHR/7801', '3520277777771',"
                + " 'LHR-001-781-2026', 'UNDER_TRIAL', ?, 1)", Date.valueOf(LocalDate.of(2026, 3, 1)));

        Element response = custodyClient(trustStore()).call("<cs:getCustodyStatus xmlns:cs=\"" + CustodyStatusService.NAMESPACE + "\">"
                + "<cs:cnic>35202-7777777-1</cs:cnic></cs:getCustodyStatus>");

        assertThat(SoapXml.text(response, "inCustody")).isEqualTo("true");
        assertThat(SoapXml.text(SoapXml.children(response, "episode").get(0), "jailCode")).isEqualTo("CJ-LHR");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedAndPlainHttpIsNotServed() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Throwable refused = catchThrowable(() -> custodyClient(empty).call("<cs:getCustodyStatus xmlns:cs=\"" + CustodyStatusService.NAMESPACE
                + "\"><cs:cnic>3520277777771</cs:cnic></cs:getCustodyStatus>"));
        assertThat(refused).isNotNull();
        assertThat(causes(refused)).anyMatch(SSLHandshakeException.class::isInstance);

        HttpResponse<String> plain = SoapTestClient.get("http://127.0.0.1:" + port + "/soap/custody-status?wsdl");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("CustodyStatusService");
    }

    @Test
    void hearingsReachTheDemoPmisServiceOverHttpsWithTheConnectorsTrustStore() {
        new DemoActivity(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), codes, 13, 0).seed(1);
        long caseId = cfms().queryForObject("SELECT MAX(id) FROM case_file", Long.class);
        long hearingId = cfms().queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM hearing", Long.class);
        int court = cfms().queryForObject("SELECT court_id FROM case_file WHERE id = ?", Integer.class, caseId);
        Timestamp now = Timestamp.from(Instant.now());
        cfms().update("INSERT INTO hearing (id, case_id, court_id, hearing_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                hearingId, caseId, court, Date.valueOf(LocalDate.of(2027, 7, 1)), now, now);

        var hearing = cfms().queryForMap("SELECT h.*, c.police_station_id, c.fir_number, c.fir_year, c.court_case_no"
                + " FROM hearing h JOIN case_file c ON c.id = h.case_id WHERE h.id = ?", hearingId);
        var want = new ExpectedRows(codes).productionInboxRow(hearing);
        await().atMost(Duration.ofSeconds(60)).until(() -> pmis().queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?",
                Long.class, want.get("FIR_KEY"), want.get("HRG_DT")) == 1);
        ExpectedRows.assertRowMatches(pmis().queryForMap("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?",
                want.get("FIR_KEY"), want.get("HRG_DT")), want, "hearing " + hearingId);
    }

    private SoapTestClient custodyClient(KeyStore trusted) throws Exception {
        return SoapTestClient.overTls(endpoints.wsdl("custody-status.wsdl"), "https://127.0.0.1:" + port + "/soap" + CustodyStatusService.PATH,
                new QName(CustodyStatusService.NAMESPACE, "CustodyStatusService"), new QName(CustodyStatusService.NAMESPACE, "CustodyStatusPort"),
                "cfms", CFMS_PASSWORD, trusted);
    }

    private static KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYS.resolve("trust.p12"))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    /** A key pair and self-signed certificate for 127.0.0.1 in bus.p12, and that certificate alone in trust.p12. */
    private static Path keyPairForThisRun() {
        try {
            Path dir = Files.createTempDirectory("rabta-tls-");
            String store = STORE_PASSWORD;
            keytool(dir, "-genkeypair", "-alias", "bus", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1, O=Rabta test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", "bus.p12", "-storepass", store, "-keypass", store);
            keytool(dir, "-exportcert", "-alias", "bus", "-keystore", "bus.p12", "-storepass", store, "-file", "bus.cer");
            keytool(dir, "-importcert", "-noprompt", "-alias", "bus", "-file", "bus.cer",
                    "-storetype", "PKCS12", "-keystore", "trust.p12", "-storepass", store);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the test key pair: " + e.getMessage(), e);
        }
    }

    private static void keytool(Path dir, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
