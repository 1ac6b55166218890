package pk.gov.punjab.rabta.capture;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** rabta.capture.*: defaults for every capture endpoint; a route may set its own per endpoint. */
@ConfigurationProperties("rabta.capture")
public class CaptureSettings {
    private Duration overlap = Duration.ofSeconds(30);
    private int batchSize = 500;
    private Duration reconcileInterval = Duration.ZERO;

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public Duration getOverlap() {
        return overlap;
    }

    public void setOverlap(Duration overlap) {
        this.overlap = overlap;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Registers these settings. */
    @Configuration
    @EnableConfigurationProperties(CaptureSettings.class)
    static class Registration {
    }
}
