package pk.gov.punjab.rabta.capture;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

import pk.gov.punjab.rabta.connector.ConnectorDefinition;
import pk.gov.punjab.rabta.definition.DefinitionException;

/** capture:CONNECTOR?table=T&amp;watermark=COL&amp;key=COL (or query= instead of table=), polled every delay ms. */
public class CaptureEndpoint extends ScheduledPollEndpoint {
    private final ConnectorDefinition connector;
    private String table;
    private String query;
    private String watermark;
    private String key;
    private int batchSize = 200;
    private String mode = "watermark";
    private String changelog = "rabta_changelog";
    private long reconcileInterval;
    private long overlap;
    private int windowLimit = 10_000;

    CaptureEndpoint(String uri, CaptureComponent component, ConnectorDefinition connector) {
        super(uri, component);
        this.connector = connector;
    }

    void validate() {
        if ((table == null) == (query == null)) {
            throw new DefinitionException(getEndpointUri() + ": give exactly one of 'table' or 'query'");
        }
        if (!isChangelog() && !"watermark".equals(mode)) {
            throw new DefinitionException(getEndpointUri() + ": mode is 'watermark' or 'changelog', found '" + mode + "'");
        }
        if (key == null || (!isChangelog() && watermark == null)) {
            throw new DefinitionException(getEndpointUri() + ": the 'key' column is required, and 'watermark' unless mode is changelog");
        }
        if (isChangelog() && table == null) {
            throw new DefinitionException(getEndpointUri() + ": changelog mode reads a table, not a query");
        }
        if (overlap < 0) {
            throw new DefinitionException(getEndpointUri() + ": overlap must not be negative");
        }
        if (batchSize < 1) {
            throw new DefinitionException(getEndpointUri() + ": batchSize must be at least 1");
        }
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CaptureComponent component = (CaptureComponent) getComponent();
        var dataSource = component.connectors.dataSource(connector.id());
        SourceReader rows = new SourceReader(connector.id(), dataSource, table, query, watermark, key, batchSize);
        CaptureSource source = isChangelog()
                ? new ChangelogReader(connector.id(), dataSource, changelog, table, key, rows, batchSize)
                : rows;
        CaptureConsumer consumer = new CaptureConsumer(this, processor, source, component);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("capture: is a source (from:), not a step");
    }

    public ConnectorDefinition getConnector() {
        return connector;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public String getWatermark() {
        return watermark;
    }

    public void setWatermark(String watermark) {
        this.watermark = watermark;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Milliseconds of the recent past re-read once capture is caught up, for rows that committed late. */
    public long getOverlap() {
        return overlap;
    }

    public void setOverlap(long overlap) {
        this.overlap = overlap;
    }

    /** The most rows one overlap re-read takes; a busier window is read in part and logged. */
    public int getWindowLimit() {
        return windowLimit;
    }

    public void setWindowLimit(int windowLimit) {
        this.windowLimit = windowLimit;
    }

    boolean isChangelog() {
        return "changelog".equals(mode);
    }

    /** watermark (poll the table by a timestamp column) or changelog (read a trigger-fed change table). */
    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    /** The change table in changelog mode. */
    public String getChangelog() {
        return changelog;
    }

    public void setChangelog(String changelog) {
        this.changelog = changelog;
    }

    /** Milliseconds between reconciliation passes; 0 runs them only on request. */
    public long getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(long reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    String sourceName() {
        return table != null ? table : "query";
    }
}
