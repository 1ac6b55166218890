package pk.gov.punjab.rabta.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.connector.ConnectorDefinition;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.flows.FlowStats;

/**
 * The {@code deliver:CONNECTOR?table=T&key=C1,C2} step: writes the mapped row into a department's inbox table with a
 * version-aware upsert, stamping the source version, content hash and arrival time; or, when the connector says
 * {@code delivery.via: soap}, calls the department's web service instead ({@link SoapDelivery}).
 */
@Component("deliver")
public class DeliverComponent extends DefaultComponent {
    private final ConnectorRegistry connectors;
    private final FlowStats stats;
    private final TargetCircuits circuits;
    private final AuditLog audit;
    private final SoapDelivery soap;

    public DeliverComponent(ConnectorRegistry connectors, FlowStats stats, TargetCircuits circuits, AuditLog audit, SoapDelivery soap) {
        this.connectors = connectors;
        this.stats = stats;
        this.circuits = circuits;
        this.audit = audit;
        this.soap = soap;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        connectors.connector(remaining);
        DeliverEndpoint endpoint = new DeliverEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.table == null || endpoint.key == null) {
            throw new DefinitionException(uri + ": 'table' and 'key' are required");
        }
        return endpoint;
    }

    /** deliver:CONNECTOR endpoint; bookkeeping column names are options so an existing inbox table can be used as it is. */
    public final class DeliverEndpoint extends DefaultEndpoint {
        private final String connector;
        private String table;
        private String key;
        private String versionColumn = "rabta_version";
        private String hashColumn = "rabta_hash";
        private String receivedColumn = "rabta_received_at";

        DeliverEndpoint(String uri, DeliverComponent component, String connector) {
            super(uri, component);
            this.connector = connector;
        }

        @Override
        public Producer createProducer() {
            ConnectorDefinition target = connectors.connector(connector);
            // The connector alone decides whether its inbox tables are written or its web service called instead;
            // a table the web service has no operation for is still written over JDBC.
            if ("soap".equals(target.setting("delivery.via"))) {
                ConnectorDefinition service = connectors.connector(target.setting("delivery.soap-connector"));
                if (service.setting("operations." + table) != null) {
                    return soap.producer(this, service, table, versionColumn, hashColumn);
                }
            }
            List<String> keys = Arrays.stream(key.split(",")).map(String::trim).toList();
            return new DeliverProducer(this, new RowUpserter(connectors.dataSource(connector), table, keys, versionColumn, hashColumn));
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("deliver: is a step (to:), not a source (from:)");
        }

        public String getTable() {
            return table;
        }

        public void setTable(String table) {
            this.table = table;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public String getVersionColumn() {
            return versionColumn;
        }

        public void setVersionColumn(String versionColumn) {
            this.versionColumn = versionColumn;
        }

        public String getHashColumn() {
            return hashColumn;
        }

        public void setHashColumn(String hashColumn) {
            this.hashColumn = hashColumn;
        }

        public String getReceivedColumn() {
            return receivedColumn;
        }

        public void setReceivedColumn(String receivedColumn) {
            this.receivedColumn = receivedColumn;
        }
    }

    final class DeliverProducer extends DefaultProducer {
        private final DeliverEndpoint endpoint;
        private final RowUpserter upserter;

        DeliverProducer(DeliverEndpoint endpoint, RowUpserter upserter) {
            super(endpoint);
            this.endpoint = endpoint;
            this.upserter = upserter;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Object body = exchange.getIn().getBody();
            if (!(body instanceof Map<?, ?> mapped)) {
                throw new IllegalStateException("deliver: needs a row; put a mapping that produces 'row' before it");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            mapped.forEach((k, v) -> row.put(k.toString(), v));
            row.putIfAbsent(endpoint.versionColumn, exchange.getIn().getHeader(RabtaHeaders.SOURCE_VERSION, Long.class));
            if (!endpoint.hashColumn.isEmpty()) {
                row.putIfAbsent(endpoint.hashColumn, exchange.getIn().getHeader(RabtaHeaders.CONTENT_HASH, String.class));
            }
            if (!endpoint.receivedColumn.isEmpty()) {
                row.put(endpoint.receivedColumn, Timestamp.from(Instant.now()));
            }
            boolean delete = "DELETE".equals(exchange.getIn().getHeader(RabtaHeaders.OPERATION, String.class));
            TargetCircuits.Circuit circuit = circuits.forTarget(endpoint.connector);
            DeliveryBatch batch = DeliveryBatch.of(exchange);
            try {
                // A batch asks the circuit once per target: an open circuit lets one probe through, and a batch is one call.
                if (batch == null || batch.firstCallTo(endpoint.connector)) {
                    circuit.beforeCall();
                }
            } catch (TargetUnavailableException open) {
                throw batch == null ? open : batch.interruptWhileOpen(open);
            }
            String flow = FlowNames.of(exchange);
            if (batch != null && batch.defersUpserts() && !delete) {
                batch.deferUpsert(endpoint.connector, circuit, upserter, row,
                        outcome -> batch.afterCommit(() -> counted(exchange, flow, outcome)));
                return;
            }
            RowUpserter.Outcome outcome;
            try {
                outcome = batch == null ? (delete ? upserter.delete(row) : upserter.upsert(row))
                        : batch.write(endpoint.connector, upserter.dataSource(),
                                (connection, undo) -> delete ? upserter.delete(connection, row) : upserter.upsert(connection, row, undo));
            } catch (DeliveryBatch.Interrupted e) {
                if (TargetUnavailableException.isUnavailable(e)) {
                    circuit.unavailable(e.getCause());
                }
                throw e;
            } catch (Exception e) {
                if (TargetUnavailableException.isUnavailable(e)) {
                    circuit.unavailable(e);
                    // In a batch the rows written before this one went with the connection: the whole batch is written again.
                    throw batch != null ? batch.interrupt(e)
                            : new TargetUnavailableException(endpoint.connector, String.valueOf(e.getMessage()), e);
                }
                throw e;
            }
            circuit.succeeded();
            if (batch == null) {
                counted(exchange, flow, outcome);
            } else {
                RowUpserter.Outcome written = outcome;
                batch.afterCommit(() -> counted(exchange, flow, written));
            }
        }

        /** Counts the record as delivered, with an audit entry, or as a duplicate skipped. */
        private void counted(Exchange exchange, String flow, RowUpserter.Outcome outcome) {
            if (outcome == RowUpserter.Outcome.ALREADY_CURRENT) {
                stats.skippedDuplicate(flow);
            } else {
                stats.delivered(flow);
                audit.record("bus", "message.delivered", flow + "/" + exchange.getIn().getHeader(RabtaHeaders.ENTITY_KEY), null,
                        messageIdentity(exchange, endpoint.connector + "/" + endpoint.table));
            }
        }
    }

    /** What the audit log keeps of a message: ids, versions and hashes, never the record itself. */
    static Map<String, Object> messageIdentity(Exchange exchange, String target) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("target", target);
        identity.put("sourceSystem", exchange.getIn().getHeader(RabtaHeaders.SOURCE_SYSTEM));
        identity.put("sourceKey", exchange.getIn().getHeader(RabtaHeaders.SOURCE_KEY));
        identity.put("sourceVersion", exchange.getIn().getHeader(RabtaHeaders.SOURCE_VERSION));
        identity.put("contentHash", exchange.getIn().getHeader(RabtaHeaders.CONTENT_HASH));
        identity.put("correlationId", exchange.getIn().getHeader(RabtaHeaders.CORRELATION_ID));
        identity.put("replayed", Boolean.TRUE.equals(exchange.getIn().getHeader(RabtaHeaders.RELEASE, Boolean.class)) ? true : null);
        identity.values().removeIf(Objects::isNull);
        return identity;
    }
}
