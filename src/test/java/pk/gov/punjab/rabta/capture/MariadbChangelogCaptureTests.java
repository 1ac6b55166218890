package pk.gov.punjab.rabta.capture;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.RealDatabases;
import pk.gov.punjab.rabta.support.SqlScripts;

/** Changelog mode with the PMIS schema on MariaDB and connectors/changelog/mariadb.sql. */
@Tag("real-db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = {"rabta.demo.enabled=false", ChangelogCaptureContract.ROUTES})
@DirtiesContext
class MariadbChangelogCaptureTests extends ChangelogCaptureContract {

    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisAndCfms(registry);
        SqlScripts.run(RealDatabases.MARIADB.dataSource(), Path.of("connectors/changelog/mariadb.sql"));
    }

    @Override
    public String expectedDatabase() {
        return "MariaDB";
    }
}
