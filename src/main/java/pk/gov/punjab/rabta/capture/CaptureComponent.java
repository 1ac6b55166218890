package pk.gov.punjab.rabta.capture;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.flows.FlowStats;

/** The {@code capture:CONNECTOR} source: polls a table of a connector's database by watermark. */
@Component("capture")
public class CaptureComponent extends DefaultComponent {
    final ConnectorRegistry connectors;
    final CheckpointStore checkpoints;
    final FlowStats stats;

    public CaptureComponent(ConnectorRegistry connectors, CheckpointStore checkpoints, FlowStats stats) {
        this.connectors = connectors;
        this.checkpoints = checkpoints;
        this.stats = stats;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CaptureEndpoint endpoint = new CaptureEndpoint(uri, this, connectors.connector(remaining));
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
