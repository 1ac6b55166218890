package pk.gov.punjab.rabta.soap;

import java.util.UUID;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import pk.gov.punjab.rabta.support.BusTestSupport;

/**
 * A whole bus whose deliveries to PMIS go to the demo PMIS web service, with UsernameToken passwords made up per run;
 * the SOAP test classes share this one Spring context.
 */
public abstract class SoapBusTestSupport extends BusTestSupport {
    protected static final String CFMS_PASSWORD = UUID.randomUUID().toString();
    protected static final String PMIS_PASSWORD = UUID.randomUUID().toString();
    protected static final String DEMO_PASSWORD = UUID.randomUUID().toString();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void soapCallers(DynamicPropertyRegistry registry) {
        registry.add("rabta.soap.users.cfms", () -> CFMS_PASSWORD);
        registry.add("rabta.soap.users.pmis", () -> PMIS_PASSWORD);
        registry.add("rabta.demo.pmis-service.password", () -> DEMO_PASSWORD);
        registry.add("rabta.connectors.pmis-soap.password", () -> DEMO_PASSWORD);
        registry.add("rabta.connectors.pmis-db.delivery", () -> "soap");
        registry.add("rabta.connectors.pmis-soap.receive-timeout", () -> "5000");
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }
}
