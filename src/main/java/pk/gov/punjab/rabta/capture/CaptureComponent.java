package pk.gov.punjab.rabta.capture;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.deadletter.DeadLetters;
import pk.gov.punjab.rabta.flows.FlowStats;

/** The {@code capture:CONNECTOR} source: polls a table of a connector's database by watermark. */
@Component("capture")
public class CaptureComponent extends DefaultComponent {
    final ConnectorRegistry connectors;
    final CheckpointStore checkpoints;
    final FlowStats stats;
    final BusSender sender;
    final DeadLetters deadLetters;
    private final CaptureSettings settings;

    public CaptureComponent(ConnectorRegistry connectors, CheckpointStore checkpoints, FlowStats stats, BusSender sender,
                            DeadLetters deadLetters, CaptureSettings settings) {
        this.connectors = connectors;
        this.checkpoints = checkpoints;
        this.stats = stats;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    private final java.util.Map<String, CaptureConsumer> running = new java.util.concurrent.ConcurrentHashMap<>();

    void register(String routeId, CaptureConsumer consumer) {
        running.put(routeId, consumer);
    }

    void unregister(String routeId) {
        running.remove(routeId);
    }

    /** Runs a reconciliation pass of a capturing route now, in its poll thread, and returns what it found. */
    public Reconciliation.Report reconcile(String routeId) throws Exception {
        CaptureConsumer consumer = running.get(routeId);
        if (consumer == null) {
            throw new IllegalArgumentException("no running capture route '" + routeId + "' (running: " + running.keySet() + ")");
        }
        return consumer.reconcileNow();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CaptureEndpoint endpoint = new CaptureEndpoint(uri, this, connectors.connector(remaining));
        endpoint.setOverlap(settings.getOverlap().toMillis());
        endpoint.setBatchSize(settings.getBatchSize());
        endpoint.setReconcileInterval(settings.getReconcileInterval().toMillis());
        // A backfill polls again at once while batches come back full.
        endpoint.setGreedy(true);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
