package pk.gov.punjab.rabta.bus;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The broker under /actuator/health as "broker": up when a JMS connection can be opened and started. The check opens
 * a connection of its own, past the pool: a pooled connection to an external broker that went away stays open while
 * it reconnects, and starting it again asks the broker nothing, so it would show a dead broker as up.
 */
@Component("broker")
public class BrokerHealthIndicator extends AbstractHealthIndicator {
    private final ConnectionFactory connectionFactory;

    public BrokerHealthIndicator(ConnectionFactory connectionFactory) {
        super("Broker health check failed");
        this.connectionFactory = unpooled(connectionFactory);
    }

    /** The broker's own connection factory behind the pool, for a connection that must fail when the broker does. */
    static ConnectionFactory unpooled(ConnectionFactory connectionFactory) {
        return connectionFactory instanceof JmsPoolConnectionFactory pool && pool.getConnectionFactory() instanceof ConnectionFactory own
                ? own : connectionFactory;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            builder.up().withDetail("provider", connection.getMetaData().getJMSProviderName());
        }
    }
}
