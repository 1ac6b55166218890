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

/**
 * The {@code register:NAME} step: keeps the canonical record in hand in the bus's register of synchronised records
 * (version-aware, so a replay or an old copy never overwrites a newer one) and passes it on unchanged. NAME only
 * labels the step in logs and routes; the record's own type and key decide where it is kept.
 */
@Component("register")
public class RegisterComponent extends DefaultComponent {
    private final SynchronisedRecords records;

    public RegisterComponent(SynchronisedRecords records) {
        this.records = records;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RegisterEndpoint endpoint = new RegisterEndpoint(uri, this);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    final class RegisterEndpoint extends DefaultEndpoint {
        RegisterEndpoint(String uri, RegisterComponent component) {
            super(uri, component);
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
                    records.keep(type, key, in.getHeader(RabtaHeaders.SOURCE_VERSION, Long.class),
                            in.getHeader(RabtaHeaders.CONTENT_HASH, String.class), deleted, in.getBody(String.class));
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("register: is a step (to:), not a source (from:)");
        }
    }
}
