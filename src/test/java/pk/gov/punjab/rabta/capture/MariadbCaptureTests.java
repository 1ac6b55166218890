package pk.gov.punjab.rabta.capture;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.RealDatabases;

/** The capture guarantees with the PMIS schema on MariaDB (and the CFMS inbox on PostgreSQL). */
@Tag("real-db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = {"rabta.demo.enabled=false", "rabta.capture.overlap=10s",
        "rabta.capture.batch-size=50"})
@DirtiesContext
class MariadbCaptureTests extends CaptureGuaranteesContract {

    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisAndCfms(registry);
    }

    @Override
    int backfillRows() {
        return 20_000;
    }

    @Override
    public String expectedDatabase() {
        return "MariaDB";
    }
}
