package pk.gov.punjab.rabta.mapping;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.record.RecordJson;

/** The {@code mapping:NAME} step: applies mappings/NAME.yaml, as last loaded, to the message body. */
@Component("mapping")
public class MappingComponent extends DefaultComponent {
    private final MappingRegistry registry;

    public MappingComponent(MappingRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        // Fails now on a name that does not exist; the mapping itself is fetched per message, so a reload takes effect.
        registry.mapping(remaining);
        return new MappingEndpoint(uri, this, remaining);
    }

    static final class MappingEndpoint extends DefaultEndpoint {
        private final String mappingName;

        MappingEndpoint(String uri, MappingComponent component, String mappingName) {
            super(uri, component);
            this.mappingName = mappingName;
        }

        @Override
        public Producer createProducer() {
            return new MappingProducer(this, ((MappingComponent) getComponent()).registry, mappingName);
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("mapping: is a step (to:), not a source (from:)");
        }
    }

    static final class MappingProducer extends DefaultProducer {
        private final MappingRegistry registry;
        private final String mappingName;

        MappingProducer(Endpoint endpoint, MappingRegistry registry, String mappingName) {
            super(endpoint);
            this.registry = registry;
            this.mappingName = mappingName;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void process(Exchange exchange) {
            CompiledMapping mapping = registry.mapping(mappingName);
            Message in = exchange.getIn();
            Object body = in.getBody();
            Map<String, Object> input = body instanceof Map<?, ?> map ? (Map<String, Object>) map
                    : RecordJson.readMap(in.getBody(String.class));
            MappingResult result = mapping.apply(input, envelope(in));
            in.setBody(result.body());
            if (!mapping.producesRow()) {
                in.setHeader(RabtaHeaders.RECORD_TYPE, result.recordType());
                in.setHeader(RabtaHeaders.ENTITY_KEY, result.key());
                in.setHeader(RabtaHeaders.CONTENT_HASH, result.contentHash());
                in.setHeader(RabtaHeaders.MAPPING, mapping.name());
                in.setHeader(RabtaHeaders.MAPPING_VERSION, mapping.version());
            }
        }

        private static CompiledMapping.Envelope envelope(Message in) {
            return new CompiledMapping.Envelope(
                    in.getHeader(RabtaHeaders.SOURCE_SYSTEM, String.class),
                    in.getHeader(RabtaHeaders.SOURCE_KEY, String.class),
                    in.getHeader(RabtaHeaders.SOURCE_VERSION, Long.class),
                    in.getHeader(RabtaHeaders.CAPTURED_AT, String.class),
                    in.getHeader(RabtaHeaders.CORRELATION_ID, String.class),
                    in.getHeader(RabtaHeaders.OPERATION, "UPSERT", String.class));
        }
    }
}
