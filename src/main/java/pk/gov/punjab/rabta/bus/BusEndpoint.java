package pk.gov.punjab.rabta.bus;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

import pk.gov.punjab.rabta.RabtaHeaders;

/** bus:ADDRESS[?concurrentConsumers=N&batchSize=M]; the JMS details live here so routes never repeat them. */
public class BusEndpoint extends DefaultEndpoint {
    /** Artemis's duplicate-detection property. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Exchange properties a delivery route's error handling reads: the queue and the record as they came off the bus. */
    public static final String RECEIVED_FROM = "RabtaReceivedFrom";
    public static final String RECEIVED_RECORD = "RabtaReceivedRecord";
    static final String GROUP_ID = "JMSXGroupID";

    private final String address;
    private int concurrentConsumers = 1;
    private int batchSize = 100;

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

    public int getBatchSize() {
        return batchSize;
    }

    /** The most records one consumer takes in one broker transaction and one target transaction. */
    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("bus:" + address + ": batchSize must be at least 1, not " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Override
    public Producer createProducer() {
        return new BusProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        return new BatchingBusConsumer(this, processor, ((BusComponent) getComponent()).consumerConnections);
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
}
