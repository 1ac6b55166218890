package pk.gov.punjab.rabta.register;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.delivery.DeliveryBatch;
import pk.gov.punjab.rabta.delivery.RowUpserter;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;

/**
 * The {@code register:NAME} step: keeps the canonical record in hand in the bus's register of synchronised records
 * (version-aware, so a replay or an old copy never overwrites a newer one) and passes it on unchanged. NAME only
 * labels the step in logs and routes; the record's own type and key decide where it is kept. With {@code target=true}
 * the register is the flow's destination, and a record kept counts as delivered.
 */
@Component("register")
public class RegisterComponent extends DefaultComponent {
    private final SynchronisedRecords records;
    private final FlowStats stats;

    public RegisterComponent(SynchronisedRecords records, FlowStats stats) {
        this.records = records;
        this.stats = stats;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RegisterEndpoint endpoint = new RegisterEndpoint(uri, this);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public final class RegisterEndpoint extends DefaultEndpoint {
        private boolean target;

        RegisterEndpoint(String uri, RegisterComponent component) {
            super(uri, component);
        }

        public boolean isTarget() {
            return target;
        }

        public void setTarget(boolean target) {
            this.target = target;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) throws Exception {
                    var in = exchange.getIn();
                    String type = in.getHeader(RabtaHeaders.RECORD_TYPE, String.class);
                    String key = in.getHeader(RabtaHeaders.ENTITY_KEY, String.class);
                    if (type == null || key == null) {
                        throw new IllegalStateException("register: needs a canonical record straight off the bus or a mapping: step");
                    }
                    boolean deleted = "DELETE".equals(in.getHeader(RabtaHeaders.OPERATION, String.class));
                    Long version = in.getHeader(RabtaHeaders.SOURCE_VERSION, Long.class);
                    String hash = in.getHeader(RabtaHeaders.CONTENT_HASH, String.class);
                    String flow = FlowNames.of(exchange);
                    DeliveryBatch batch = DeliveryBatch.of(exchange);
                    if (batch == null) {
                        counted(flow, records.keep(type, key, version, hash, deleted, in.getBody(String.class)));
                    } else {
                        records.keep(batch, type, key, version, hash, deleted, in.getBody(String.class), outcome -> counted(flow, outcome));
                    }
                }

                private void counted(String flow, RowUpserter.Outcome outcome) {
                    if (target) {
                        if (outcome == RowUpserter.Outcome.ALREADY_CURRENT) {
                            stats.skippedDuplicate(flow);
                        } else {
                            stats.delivered(flow);
                        }
                    }
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("register: is a step (to:), not a source (from:)");
        }
    }
}
