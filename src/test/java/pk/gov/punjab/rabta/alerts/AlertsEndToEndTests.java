package pk.gov.punjab.rabta.alerts;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.PrivateH2;

/** The alert contract with the demo CFMS and PMIS in private in-memory H2 databases. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:bus-test.properties")
class AlertsEndToEndTests extends AlertsContract {
    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }
}
