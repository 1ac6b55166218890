package pk.gov.punjab.rabta.realdb;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.alerts.AlertsContract;
import pk.gov.punjab.rabta.support.RealDatabases;

/** The alert contract with CFMS on the machine's PostgreSQL and PMIS on its MariaDB. */
@Tag("real-db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = "rabta.demo.enabled=false")
@DirtiesContext
class RealDatabaseAlertsTests extends AlertsContract {
    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisAndCfms(registry);
    }
}
