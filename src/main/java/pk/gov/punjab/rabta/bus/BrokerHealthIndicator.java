package pk.gov.punjab.rabta.bus;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** The broker under /actuator/health as "broker": up when a JMS connection can be opened and started. */
@Component("broker")
public class BrokerHealthIndicator extends AbstractHealthIndicator {
    private final ConnectionFactory connectionFactory;

    public BrokerHealthIndicator(ConnectionFactory connectionFactory) {
        super("Broker health check failed");
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            builder.up().withDetail("provider", connection.getMetaData().getJMSProviderName());
        }
    }
}
