package pk.gov.punjab.rabta.connector;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports each connector's database under /actuator/health as connectors.&lt;id&gt;. */
@Component("connectors")
public class ConnectorHealthIndicator implements CompositeHealthContributor {
    private final Map<String, HealthContributor> perConnector = new LinkedHashMap<>();

    public ConnectorHealthIndicator(ConnectorRegistry registry) {
        for (ConnectorDefinition connector : registry.all()) {
            perConnector.put(connector.id(), (HealthIndicator) () -> check(registry, connector));
        }
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

    @Override
    public HealthContributor getContributor(String name) {
        return perConnector.get(name);
    }

    @Override
    public java.util.Iterator<org.springframework.boot.actuate.health.NamedContributor<HealthContributor>> iterator() {
        return perConnector.entrySet().stream()
                .map(e -> org.springframework.boot.actuate.health.NamedContributor.of(e.getKey(), e.getValue()))
                .iterator();
    }
}
