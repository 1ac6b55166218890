package pk.gov.punjab.rabta.soap;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.namespace.QName;

import jakarta.jms.JMSException;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RouteAware;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.cxf.binding.soap.SoapFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.connector.ConnectorDefinition;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * {@code from: soap:CONNECTOR?path=/p&service=S&port=P&operation=O&record=R&source=T&key=K&version=V}: a department
 * pushes records to the bus over SOAP. Each pushed record (element R of operation O) enters the route as a polled row
 * of source T would, keyed by its field K and versioned by its timestamp field V; the whole route runs inside one broker
 * transaction, and the caller is answered only once the broker has committed it. Bad data or a broker that refuses the
 * record is answered with a fault and nothing is enqueued.
 */
@Component("soap")
public class SoapComponent extends DefaultComponent {
    private static final Logger log = LoggerFactory.getLogger(SoapComponent.class);

    private final ConnectorRegistry connectors;
    private final SoapEndpoints endpoints;
    private final BusSender sender;
    private final FlowStats stats;

    public SoapComponent(ConnectorRegistry connectors, SoapEndpoints endpoints, BusSender sender, FlowStats stats) {
        this.connectors = connectors;
        this.endpoints = endpoints;
        this.sender = sender;
        this.stats = stats;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ConnectorDefinition connector = connectors.connector(remaining);
        if (!"soap".equals(connector.type())) {
            throw new DefinitionException(uri + ": connector " + remaining + " is not of type soap");
        }
        SoapEndpoint endpoint = new SoapEndpoint(uri, this, connector);
        setProperties(endpoint, parameters);
        for (String required : new String[] {endpoint.path, endpoint.service, endpoint.port, endpoint.operation, endpoint.record,
                endpoint.source, endpoint.key, endpoint.version}) {
            if (required == null || required.isBlank()) {
                throw new DefinitionException(uri + ": path, service, port, operation, record, source, key and version are all required");
            }
        }
        return endpoint;
    }

    /** One receiving endpoint: served at /soap{path} with the connector's WSDL. */
    public final class SoapEndpoint extends DefaultEndpoint {
        private final ConnectorDefinition connector;
        private String path;
        private String service;
        private String port;
        private String operation;
        private String record;
        private String source;
        private String key;
        private String version;

        SoapEndpoint(String uri, SoapComponent component, ConnectorDefinition connector) {
            super(uri, component);
            this.connector = connector;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("soap: receives (from:); deliveries to a web service go through deliver:");
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new SoapReceiver(this, processor);
        }

        private String namespace() {
            return connector.setting("namespace");
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getPort() {
            return port;
        }

        public void setPort(String port) {
            this.port = port;
        }

        public String getOperation() {
            return operation;
        }

        public void setOperation(String operation) {
            this.operation = operation;
        }

        public String getRecord() {
            return record;
        }

        public void setRecord(String record) {
            this.record = record;
        }

        public String getSource() {
            return source;
        }

        public void setSource(String source) {
            this.source = source;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public String getVersion() {
            return version;
        }

        public void setVersion(String version) {
            this.version = version;
        }
    }

    final class SoapReceiver extends DefaultConsumer {
        private final SoapEndpoint endpoint;
        private CxfEndpoint served;
        private Consumer cxf;

        SoapReceiver(SoapEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
            this.endpoint = endpoint;
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            if (!endpoints.canServe()) {
                log.warn("No HTTP server: {} is not served at /soap{}", getRouteId(), endpoint.path);
                return;
            }
            String namespace = endpoint.namespace();
            served = endpoints.served(endpoint.path, endpoints.wsdl(endpoint.connector.setting("wsdl")),
                    new QName(namespace, endpoint.service), new QName(namespace, endpoint.port));
            served.setCamelContext(getEndpoint().getCamelContext());
            ServiceHelper.startService(served);
            cxf = served.createConsumer(this::receive);
            // The CXF consumer creates the exchanges, so it must know the route they belong to.
            if (cxf instanceof RouteAware aware) {
                aware.setRoute(getRoute());
            }
            if (cxf instanceof RouteIdAware aware) {
                aware.setRouteId(getRouteId());
            }
            ServiceHelper.startService(cxf);
        }

        @Override
        protected void doStop() throws Exception {
            ServiceHelper.stopService(cxf, served);
            super.doStop();
        }

        private void receive(Exchange exchange) {
            try {
                Element request = SoapXml.request(exchange, endpoint.namespace(), endpoint.operation);
                List<Element> records = SoapXml.children(request, endpoint.record);
                if (records.size() != 1) {
                    throw SoapFaults.client("BadRequest", endpoint.operation + " takes exactly one " + endpoint.record);
                }
                Map<String, Object> row = SoapXml.fields(records.get(0));
                String correlationId = UUID.randomUUID().toString();
                fill(exchange.getIn(), row, correlationId);
                routeAndCommit(exchange);
                stats.captured(FlowNames.of(getRoute()), 1);
                Element response = SoapXml.element(endpoint.namespace(), endpoint.operation + "Response");
                SoapXml.add(response, "accepted", true);
                SoapXml.add(response, "correlationId", correlationId);
                exchange.getMessage().setBody(SoapXml.payload(response));
            } catch (SoapFault fault) {
                exchange.setException(fault);
            }
        }

        /** Runs the route in one broker transaction and commits it; any failure rolls all of it back. */
        private void routeAndCommit(Exchange exchange) {
            try (BusSender.Batch transaction = sender.beginBatch()) {
                getProcessor().process(exchange);
                Exception failure = exchange.getException() != null ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                if (failure != null) {
                    exchange.setException(null);
                    throw refusal(failure);
                }
                transaction.commit();
            } catch (JMSException e) {
                throw brokerRefused(e);
            } catch (SoapFault fault) {
                throw fault;
            } catch (Exception e) {
                throw refusal(e);
            }
        }

        private SoapFault refusal(Exception failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof MappingException bad) {
                    // Bad data is the caller's to mend; its dead letter was rolled back with the rest.
                    return SoapFaults.client(bad.reason().name(), "field " + bad.field() + ": " + bad.detail());
                }
                if (t instanceof SoapFault fault) {
                    return fault;
                }
                if (t instanceof JMSException refused) {
                    return brokerRefused(refused);
                }
            }
            log.warn("A record pushed to {} could not be routed: {}", endpoint.path, failure.toString());
            return SoapFaults.server("NotAccepted", "the record could not be routed, so it was not accepted: " + failure.getMessage());
        }

        private SoapFault brokerRefused(JMSException e) {
            log.warn("The broker did not take a record pushed to {}: {}", endpoint.path, e.getMessage());
            return SoapFaults.server("BusUnavailable", "the bus could not store the record, so it was not accepted; send it again later");
        }

        /** The same headers capture sets on a polled row, so the route cannot tell a pushed record from a polled one. */
        private void fill(Message message, Map<String, Object> row, String correlationId) {
            Object key = row.get(endpoint.key);
            if (key == null) {
                throw SoapFaults.client("BadRequest", endpoint.record + "." + endpoint.key + " is required");
            }
            String rowJson = RecordJson.write(row);
            message.setBody(row);
            message.setHeader(RabtaHeaders.SOURCE_SYSTEM, endpoint.connector.system());
            message.setHeader(RabtaHeaders.SOURCE_TABLE, endpoint.source);
            message.setHeader(RabtaHeaders.SOURCE_KEY, endpoint.source + ":" + key);
            message.setHeader(RabtaHeaders.SOURCE_VERSION, version(row.get(endpoint.version)));
            message.setHeader(RabtaHeaders.SOURCE_HASH, RecordJson.sha256(rowJson));
            message.setHeader(RabtaHeaders.OPERATION, "UPSERT");
            message.setHeader(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
            message.setHeader(RabtaHeaders.CORRELATION_ID, correlationId);
            message.setHeader(RabtaHeaders.SOURCE_RECORD, rowJson);
        }

        /** The record's change time as epoch milliseconds, as capture versions a row by its timestamp column. */
        private long version(Object value) {
            if (value == null) {
                throw SoapFaults.client("BadRequest", endpoint.record + "." + endpoint.version + " is required");
            }
            String text = value.toString();
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw SoapFaults.client("BadRequest", endpoint.record + "." + endpoint.version + " '" + text + "' is not an xs:dateTime");
                }
            }
        }
    }
}
