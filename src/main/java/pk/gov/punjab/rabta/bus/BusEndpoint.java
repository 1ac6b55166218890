package pk.gov.punjab.rabta.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RouteAware;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.flows.FlowNames;

/** bus:ADDRESS[?concurrentConsumers=N]; the JMS details live here so routes never repeat them. */
public class BusEndpoint extends DefaultEndpoint {
    /** Artemis's duplicate-detection property. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Exchange properties a delivery route's error handling reads: the queue and the record as they came off the bus. */
    public static final String RECEIVED_FROM = "RabtaReceivedFrom";
    public static final String RECEIVED_RECORD = "RabtaReceivedRecord";
    static final String GROUP_ID = "JMSXGroupID";

    private final String address;
    private int concurrentConsumers = 1;

    BusEndpoint(String uri, BusComponent component, String address) {
        super(uri, component);
        this.address = address;
    }

    public String getAddress() {
        return address;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    private Endpoint jmsConsumerEndpoint() {
        // Transacted with a cached consumer: a failed delivery rolls back and the broker redelivers with backoff. The route
        // runs inside the broker transaction, so the target's write commits before the broker's commit, never after.
        return getCamelContext().getEndpoint("jms:queue:" + address + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers=" + concurrentConsumers);
    }

    @Override
    public Producer createProducer() {
        return new BusProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        return new BusConsumer(this, processor);
    }

    /** Sends through {@link BusSender}, so a capture batch's records share one broker transaction. */
    final class BusProducer extends DefaultProducer {
        BusProducer(Endpoint endpoint) {
            super(endpoint);
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Message in = exchange.getIn();
            String key = in.getHeader(RabtaHeaders.ENTITY_KEY, String.class);
            if (key == null) {
                throw new IllegalStateException("bus: needs a canonical record; put a mapping: step before it");
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            in.getHeaders().forEach((name, value) -> {
                if (name.startsWith("Rabta")) {
                    properties.put(name, value);
                }
            });
            properties.put(GROUP_ID, key);
            // The row's content hash, not only its timestamp: a row changed without a new timestamp is a new version.
            properties.put(DUPLICATE_ID, in.getHeader(RabtaHeaders.RECORD_TYPE) + "|" + in.getHeader(RabtaHeaders.SOURCE_SYSTEM)
                    + "|" + in.getHeader(RabtaHeaders.SOURCE_KEY) + "|" + in.getHeader(RabtaHeaders.SOURCE_VERSION)
                    + "|" + in.getHeader(RabtaHeaders.SOURCE_HASH));
            ((BusComponent) getComponent()).sender.send(address, in.getBody(String.class), properties);
        }
    }

    final class BusConsumer extends DefaultConsumer {
        private Consumer jms;

        BusConsumer(Endpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            BusComponent component = (BusComponent) getComponent();
            component.brokerQueueSettings.apply(address, FlowNames.of(getRoute()));
            Endpoint endpoint = jmsConsumerEndpoint();
            // The JMS endpoint is in no route of its own, so nobody else starts it; its listener only runs once it is started.
            ServiceHelper.startService(endpoint);
            jms = endpoint.createConsumer(new ParkingGate(getProcessor(), component.parked, address, FlowNames.of(getRoute())));
            // The JMS consumer creates the exchanges, so it must know the route they belong to.
            if (jms instanceof RouteAware aware) {
                aware.setRoute(getRoute());
            }
            if (jms instanceof RouteIdAware aware) {
                aware.setRouteId(getRouteId());
            }
            ServiceHelper.startService(jms);
        }

        @Override
        protected void doStop() throws Exception {
            ServiceHelper.stopService(jms);
        }
    }
}
