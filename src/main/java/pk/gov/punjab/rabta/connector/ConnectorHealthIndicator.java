package pk.gov.punjab.rabta.connector;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reports each connector's database under /actuator/health as connectors.&lt;id&gt;. */
@Configuration
public class ConnectorHealthIndicator {

    @Bean("connectors")
    CompositeHealthContributor connectorsHealth(ConnectorRegistry registry) {
        Map<String, HealthIndicator> perConnector = new LinkedHashMap<>();
        for (ConnectorDefinition connector : registry.all()) {
            // A web service's reachability shows under the "targets" health component once it is called.
            if (!"jdbc".equals(connector.type())) {
                continue;
            }
            perConnector.put(connector.id(), () -> check(registry, connector));
        }
        return CompositeHealthContributor.fromMap(perConnector);
    }

    private static Health check(ConnectorRegistry registry, ConnectorDefinition connector) {
        try (Connection connection = registry.dataSource(connector.id()).getConnection()) {
            return Health.up()
                    .withDetail("system", connector.system())
                    .withDetail("database", connection.getMetaData().getDatabaseProductName())
                    .build();
        } catch (Exception e) {
            return Health.down().withDetail("system", connector.system()).withDetail("error", e.getMessage()).build();
        }
    }
}
