package pk.gov.punjab.rabta.delivery;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.PrivateH2;

/** The delivery guarantees with the demo PMIS and CFMS in private in-memory H2 databases. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = {"rabta.bus.consumers=4", "rabta.bus.group-buckets=32"})
class DeliveryGuaranteesTests extends DeliveryGuaranteesContract {

    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }

    @Override
    String expectedTarget() {
        return "H2";
    }

    @Override
    public String expectedDatabase() {
        return "H2";
    }
}
