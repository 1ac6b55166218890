package pk.gov.punjab.rabta.bus;

import java.util.Map;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

/**
 * The {@code bus:ADDRESS} endpoint: a persistent Artemis queue. As a step it sends with the entity key as message group
 * and source+key+version as duplicate id; as a source it consumes transactionally, in batches.
 */
@Component("bus")
public class BusComponent extends DefaultComponent {
    final BusSettings settings;
    final BrokerConfiguration.BrokerQueueSettings brokerQueueSettings;
    final BusSender sender;
    final ParkedEntities parked;
    final ConnectionFactory consumerConnections;

    public BusComponent(BusSettings settings, BrokerConfiguration.BrokerQueueSettings brokerQueueSettings, BusSender sender,
                        ParkedEntities parked, ConnectionFactory connectionFactory) {
        this.settings = settings;
        this.brokerQueueSettings = brokerQueueSettings;
        this.sender = sender;
        this.parked = parked;
        // A consumer holds its connection for good and must see the broker go away, which a pooled one hides.
        this.consumerConnections = BrokerHealthIndicator.unpooled(connectionFactory);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BusEndpoint endpoint = new BusEndpoint(uri, this, remaining);
        endpoint.setConcurrentConsumers(settings.getConsumers());
        endpoint.setBatchSize(settings.getDeliveryBatchSize());
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
