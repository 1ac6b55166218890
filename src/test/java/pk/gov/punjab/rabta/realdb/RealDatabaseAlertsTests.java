package pk.gov.punjab.rabta.realdb;

import org.junit.jupiter.api.Tag;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import pk.gov.punjab.rabta.alerts.AlertsContract;
import pk.gov.punjab.rabta.support.RealDatabases;

/** The alert contract with CFMS on the machine's PostgreSQL and PMIS on its MariaDB. */
@Tag("real-db")
@DirtiesContext
class RealDatabaseAlertsTests extends AlertsContract {
    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisAndCfms(registry);
        // The schemas are installed fresh by RealDatabases; the demo adds nothing to them.
        registry.add("rabta.demo.enabled", () -> "false");
    }
}
