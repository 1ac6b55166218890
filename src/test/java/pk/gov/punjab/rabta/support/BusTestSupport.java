package pk.gov.punjab.rabta.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;

/** A whole bus on embedded Artemis with the demo PMIS and CFMS in private in-memory H2 databases. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Test property sources outrank ./config/application.yaml, which a profile file on the classpath would not.
@org.springframework.test.context.TestPropertySource(locations = "classpath:bus-test.properties")
public abstract class BusTestSupport {
    @Autowired
    protected ConnectorRegistry connectors;

    @DynamicPropertySource
    static void privateDatabases(DynamicPropertyRegistry registry) {
        PrivateH2.register(registry);
    }

    protected JdbcTemplate pmis() {
        return new JdbcTemplate(connectors.dataSource("pmis-db"));
    }

    protected JdbcTemplate cfms() {
        return new JdbcTemplate(connectors.dataSource("cfms-db"));
    }
}
