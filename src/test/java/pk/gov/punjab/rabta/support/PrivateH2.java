package pk.gov.punjab.rabta.support;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Fresh in-memory H2 databases for one Spring context: the bus's state, the demo PMIS and the demo CFMS. */
public final class PrivateH2 {
    private PrivateH2() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:state-" + run + ";DB_CLOSE_DELAY=-1");
        registry.add("rabta.connectors.pmis-db.url", () -> "jdbc:h2:mem:pmis-" + run + ";DB_CLOSE_DELAY=-1");
        registry.add("rabta.connectors.cfms-db.url", () -> "jdbc:h2:mem:cfms-" + run + ";DB_CLOSE_DELAY=-1");
        registry.add("rabta.data-dir", () -> "./target/test-data/" + run);
    }
}
