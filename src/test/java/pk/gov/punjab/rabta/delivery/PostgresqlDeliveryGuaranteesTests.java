package pk.gov.punjab.rabta.delivery;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.RealDatabases;

/** The delivery guarantees with the CFMS inbox on PostgreSQL and PMIS on MariaDB, as the design places them. */
@Tag("real-db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = {"rabta.demo.enabled=false", "rabta.bus.consumers=4", "rabta.bus.group-buckets=32"})
@DirtiesContext
class PostgresqlDeliveryGuaranteesTests extends DeliveryGuaranteesContract {

    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisAndCfms(registry);
    }

    @Override
    String expectedTarget() {
        return "PostgreSQL";
    }

    @Override
    public String expectedDatabase() {
        return "MariaDB";
    }
}
