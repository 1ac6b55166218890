package pk.gov.punjab.rabta.capture;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.RealDatabases;

/** The capture guarantees with the PMIS schema on PostgreSQL (and the CFMS inbox on MariaDB), 100,000-row backfill. */
@Tag("real-db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = {"rabta.demo.enabled=false", "rabta.capture.overlap=10s"})
@DirtiesContext
class PostgresqlCaptureTests extends CaptureGuaranteesContract {

    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisOnPostgresqlCfmsOnMariadb(registry);
    }

    @Override
    int backfillRows() {
        return 100_000;
    }

    @Override
    public String expectedDatabase() {
        return "PostgreSQL";
    }
}
