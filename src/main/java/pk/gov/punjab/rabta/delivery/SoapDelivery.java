package pk.gov.punjab.rabta.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.TrustManagerFactory;
import javax.xml.namespace.QName;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.connector.ConnectorDefinition;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.soap.SoapEndpoints;
import pk.gov.punjab.rabta.soap.SoapFaults;
import pk.gov.punjab.rabta.soap.SoapSecurity;
import pk.gov.punjab.rabta.soap.SoapXml;

/**
 * Delivery to a department's web service instead of its inbox table: the mapped row becomes the one entry of the
 * operation the soap connector names for that table. A soap:Client fault is the department saying the data is wrong
 * (dead-lettered at once as TARGET_REJECTED with the fault text); no connection, no answer within the receive timeout,
 * an HTTP 404 or 5xx (a SOAP fault or an error page), a soap:Server fault or refused credentials mean the service
 * cannot take it now (the record waits, the target's circuit opens, and the call is retried).
 */
@Component
public class SoapDelivery {
    private static final String WS_SECURITY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String WSS4J = "http://ws.apache.org/wss4j";

    private final SoapEndpoints endpoints;
    private final FlowStats stats;
    private final TargetCircuits circuits;
    private final AuditLog audit;

    public SoapDelivery(SoapEndpoints endpoints, FlowStats stats, TargetCircuits circuits, AuditLog audit) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.stats = stats;
        this.circuits = circuits;
    }

    Producer producer(Endpoint deliverEndpoint, ConnectorDefinition service, String table, String versionColumn, String hashColumn) {
        String operation = service.setting("operations." + table);
        if (operation == null) {
            throw new DefinitionException(service.file().getFileName() + ": no operation under operations: for table " + table);
        }
        return new SoapProducer(deliverEndpoint, service, table, operation, versionColumn, hashColumn);
    }

    private final class SoapProducer extends DefaultProducer {
        private final ConnectorDefinition service;
        private final String table;
        private final String operation;
        private final String versionColumn;
        private final String hashColumn;
        private final String namespace;
        private CxfEndpoint client;
        private ProducerTemplate template;

        SoapProducer(Endpoint endpoint, ConnectorDefinition service, String table, String operation, String versionColumn, String hashColumn) {
            super(endpoint);
            this.service = service;
            this.table = table;
            this.operation = operation;
            this.versionColumn = versionColumn;
            this.hashColumn = hashColumn;
            this.namespace = service.setting("namespace");
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            client = endpoints.client(service.id(), endpoints.wsdl(service.setting("wsdl")),
                    new QName(namespace, service.setting("service")), new QName(namespace, service.setting("port")));
            client.setAddress(endpoints.address(service.setting("endpoint")));
            if (service.setting("username") != null && !service.setting("username").isEmpty()) {
                client.getOutInterceptors().add(SoapSecurity.usernameToken(service.setting("username"), service.setting("password")));
            }
            client.getInInterceptors().add(new ErrorPage());
            client.setCxfConfigurer(new Transport(service));
            ServiceHelper.startService(client);
            template = getEndpoint().getCamelContext().createProducerTemplate();
        }

        @Override
        protected void doStop() throws Exception {
            ServiceHelper.stopService(template, client);
            super.doStop();
        }

        @Override
        public void process(Exchange exchange) {
            Object body = exchange.getIn().getBody();
            if (!(body instanceof Map<?, ?> mapped)) {
                throw new IllegalStateException("deliver: needs a row; put a mapping that produces 'row' before it");
            }
            if ("DELETE".equals(exchange.getIn().getHeader(RabtaHeaders.OPERATION, String.class))) {
                throw new MappingException(FailureReason.TARGET_REJECTED, null, null,
                        service.id() + " has no operation to withdraw a record of " + table);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            mapped.forEach((k, v) -> row.put(k.toString(), v));
            row.putIfAbsent(versionColumn, exchange.getIn().getHeader(RabtaHeaders.SOURCE_VERSION, Long.class));
            if (!hashColumn.isEmpty()) {
                row.putIfAbsent(hashColumn, exchange.getIn().getHeader(RabtaHeaders.CONTENT_HASH, String.class));
            }
            Element request = SoapXml.element(namespace, operation);
            Element entry = SoapXml.add(request, "entry");
            row.forEach((name, value) -> SoapXml.add(entry, name, value));

            TargetCircuits.Circuit circuit = circuits.forTarget(service.id());
            circuit.beforeCall();
            Exchange reply = template.request(client, call -> {
                call.getIn().setBody(SoapXml.payload(request));
                call.getIn().setHeader(CxfConstants.OPERATION_NAME, operation);
                call.getIn().setHeader(CxfConstants.OPERATION_NAMESPACE, namespace);
            });
            if (reply.getException() != null) {
                Exception failure = reply.getException();
                SoapFault fault = find(failure, SoapFault.class);
                if (fault != null && SoapFaults.isClientFault(fault)) {
                    circuit.succeeded();
                    throw new MappingException(FailureReason.TARGET_REJECTED, null, null,
                            service.id() + " " + operation + " refused the record: " + fault.getFaultCode().getLocalPart() + ": " + fault.getMessage());
                }
                if (isUnavailable(failure, fault)) {
                    TargetUnavailableException unavailable = new TargetUnavailableException(service.id(), reason(failure, fault), failure);
                    circuit.unavailable(unavailable);
                    throw unavailable;
                }
                circuit.succeeded();
                throw new IllegalStateException(service.id() + " " + operation + " failed: " + failure.getMessage(), failure);
            }
            circuit.succeeded();
            String flow = FlowNames.of(exchange);
            stats.delivered(flow);
            audit.record("bus", "message.delivered", flow + "/" + exchange.getIn().getHeader(RabtaHeaders.ENTITY_KEY),
                    null, DeliverComponent.messageIdentity(exchange, service.id() + "/" + operation));
        }
    }

    /**
     * Not an answer about the record: no connection, a timeout, an HTTP 404/408/429/5xx, a soap:Server fault (the
     * service could not do its part now), or our credentials refused.
     */
    static boolean isUnavailable(Throwable failure, SoapFault fault) {
        HTTPException http = find(failure, HTTPException.class);
        if (http != null) {
            int status = http.getResponseCode();
            return status == 404 || status == 408 || status == 429 || status >= 500;
        }
        if (fault != null) {
            String codeNamespace = fault.getFaultCode() == null ? "" : fault.getFaultCode().getNamespaceURI();
            return SoapFaults.isServerFault(fault) || WS_SECURITY.equals(codeNamespace) || WSS4J.equals(codeNamespace);
        }
        return find(failure, IOException.class) != null || TargetUnavailableException.isUnavailable(failure);
    }

    /**
     * What went wrong, for the circuit and the log: the fault's code and text, or the transport's own error
     * ("HTTPException: HTTP response '503...'", "HttpTimeoutException: request timed out", "ConnectException"), not
     * CXF's "Could not send Message".
     */
    private static String reason(Throwable failure, SoapFault fault) {
        if (fault != null && fault.getFaultCode() != null) {
            return fault.getFaultCode().getLocalPart() + ": " + fault.getMessage();
        }
        IOException transport = find(failure, IOException.class);
        if (transport != null) {
            return transport.getClass().getSimpleName() + (transport.getMessage() == null ? "" : ": " + transport.getMessage());
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return String.valueOf(innermost.getMessage() != null ? innermost.getMessage() : failure.getMessage());
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * A status of 500 or more whose body is not XML (a proxy's or server's error page) is the service unavailable,
     * reported as the HTTP error it is; CXF itself raises one only for codes other than 500 and would otherwise try to
     * read the page as a SOAP message. A SOAP fault, which comes with status 500, is left to the SOAP binding.
     */
    static final class ErrorPage extends AbstractPhaseInterceptor<Message> {
        ErrorPage() {
            super(Phase.RECEIVE);
        }

        @Override
        public void handleMessage(Message message) {
            Object status = message.get(Message.RESPONSE_CODE);
            String contentType = String.valueOf(message.get(Message.CONTENT_TYPE));
            if (status instanceof Integer code && code >= 500 && !contentType.toLowerCase(Locale.ROOT).contains("xml")) {
                Object address = message.getExchange() == null || message.getExchange().getOutMessage() == null ? null
                        : message.getExchange().getOutMessage().get(Message.ENDPOINT_ADDRESS);
                throw new Fault(new HTTPException(code, "an error page (" + contentType + "), not a SOAP message", url(address)));
            }
        }

        private static URL url(Object address) {
            try {
                return address == null ? null : URI.create(address.toString()).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                return null;
            }
        }
    }

    /** Timeouts and, for https, the trust store, from the connector. */
    private static final class Transport implements CxfConfigurer {
        private final ConnectorDefinition service;

        Transport(ConnectorDefinition service) {
            this.service = service;
        }

        @Override
        public void configure(AbstractWSDLBasedEndpointFactory factory) {
        }

        @Override
        public void configureClient(Client client) {
            HTTPConduit conduit = (HTTPConduit) client.getConduit();
            HTTPClientPolicy policy = new HTTPClientPolicy();
            policy.setConnectionTimeout(Long.parseLong(service.settings().getOrDefault("connect-timeout", "5000")));
            policy.setReceiveTimeout(Long.parseLong(service.settings().getOrDefault("receive-timeout", "30000")));
            conduit.setClient(policy);
            String trustStore = service.setting("trust-store");
            if (trustStore != null && !trustStore.isEmpty()) {
                conduit.setTlsClientParameters(tls(Path.of(trustStore), service.settings().getOrDefault("trust-store-password", "")));
            }
        }

        @Override
        public void configureServer(Server server) {
        }

        private static TLSClientParameters tls(Path trustStore, String password) {
            try (InputStream in = Files.newInputStream(trustStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                TLSClientParameters parameters = new TLSClientParameters();
                parameters.setTrustManagers(trust.getTrustManagers());
                return parameters;
            } catch (Exception e) {
                throw new DefinitionException("trust store " + trustStore + " cannot be read: " + e.getMessage(), e);
            }
        }
    }
}
