package pk.gov.punjab.rabta.capture;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.support.PrivateH2;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.demo.DemoSystems;
import pk.gov.punjab.rabta.support.SqlScripts;

/** Changelog mode on H2, with connectors/changelog/h2.sql. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = ChangelogCaptureContract.ROUTES)
@DirtiesContext
class H2ChangelogCaptureTests extends ChangelogCaptureContract {

    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }

    /** The department's DBA runs the changelog DDL once the PMIS tables exist, before capture starts. */
    @TestConfiguration
    static class ChangelogInstalled {
        @Bean
        Object changelogDdl(DemoSystems demo, ConnectorRegistry connectors) {
            SqlScripts.run(connectors.dataSource("pmis-db"), Path.of("connectors/changelog/h2.sql"));
            return "installed";
        }
    }

    @Override
    public String expectedDatabase() {
        return "H2";
    }
}
