package pk.gov.punjab.rabta.alerts;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import pk.gov.punjab.rabta.support.PrivateH2;

/** The alert contract with the demo CFMS and PMIS in private in-memory H2 databases. */
class AlertsEndToEndTests extends AlertsContract {
    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }
}
