package pk.gov.punjab.rabta.soap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import pk.gov.punjab.rabta.demo.DemoPmisService;
import pk.gov.punjab.rabta.support.BusTestSupport;

/**
 * A whole bus whose deliveries to PMIS go to the demo PMIS web service, through {@link PmisFront} so a test can make
 * PMIS fail, whose demo PMIS pushes its releases to the bus, with UsernameToken passwords made up per run; the SOAP
 * test classes share this one Spring context.
 */
public abstract class SoapBusTestSupport extends BusTestSupport {
    protected static final String CFMS_PASSWORD = UUID.randomUUID().toString();
    protected static final String PMIS_PASSWORD = UUID.randomUUID().toString();
    protected static final String DEMO_PASSWORD = UUID.randomUUID().toString();
    /** A SOAP user configured without a password, whom the bus must refuse. */
    protected static final String USER_WITHOUT_PASSWORD = "unset";
    /** Receive timeout of connector pmis-soap: a PMIS that answers later than this is treated as down. */
    protected static final int RECEIVE_TIMEOUT_MILLIS = 3_000;
    protected static final PmisFront PMIS_FRONT = newFront();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void soapCallers(DynamicPropertyRegistry registry) {
        registry.add("rabta.soap.users.cfms", () -> CFMS_PASSWORD);
        registry.add("rabta.soap.users.pmis", () -> PMIS_PASSWORD);
        registry.add("rabta.soap.users." + USER_WITHOUT_PASSWORD, () -> "");
        registry.add("rabta.demo.pmis-service.password", () -> DEMO_PASSWORD);
        registry.add("rabta.connectors.pmis-soap.password", () -> DEMO_PASSWORD);
        registry.add("rabta.connectors.pmis-db.delivery", () -> "soap");
        registry.add("rabta.connectors.pmis-soap.endpoint", PMIS_FRONT::endpoint);
        registry.add("rabta.connectors.pmis-soap.receive-timeout", () -> String.valueOf(RECEIVE_TIMEOUT_MILLIS));
        // Only the demo's own activity pushes releases; the tests' DemoActivity instances do not.
        registry.add("rabta.demo.push-releases", () -> "true");
        registry.add("rabta.demo.release-push.password", () -> PMIS_PASSWORD);
    }

    /** Every test starts with PMIS answering: the front forwards to this bus's demo PMIS service. */
    @BeforeEach
    void pmisAnswering() throws IOException {
        PMIS_FRONT.forwardTo(base() + "/soap" + DemoPmisService.PATH);
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    private static PmisFront newFront() {
        try {
            return new PmisFront();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
