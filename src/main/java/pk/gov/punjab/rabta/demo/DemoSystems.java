package pk.gov.punjab.rabta.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.soap.SoapEndpoints;

/**
 * The demo CFMS and PMIS inside the bus's process: installed into the connectors' databases before any route polls,
 * seeded once when new, then kept busy by the activity generator; with rabta.demo.push-releases the demo PMIS also
 * pushes each release to the bus over SOAP.
 */
@Component
@EnableConfigurationProperties(DemoSettings.class)
@ConditionalOnProperty(name = "rabta.demo.enabled", havingValue = "true", matchIfMissing = true)
public class DemoSystems implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(DemoSystems.class);

    private final DemoSettings settings;
    private final DemoActivity activity;
    private final DemoReleasePush releasePush;
    private ScheduledExecutorService scheduler;

    public DemoSystems(DemoSettings settings, ConnectorRegistry connectors, CodeTables codes, SoapEndpoints endpoints) {
        this.settings = settings;
        var pmis = connectors.dataSource("pmis-db");
        var cfms = connectors.dataSource("cfms-db");
        boolean freshPmis = DemoSchemas.installIfAbsent(pmis, DemoSchemas.PMIS, codes);
        boolean freshCfms = DemoSchemas.installIfAbsent(cfms, DemoSchemas.CFMS, codes);
        this.releasePush = releasePush(settings, endpoints);
        this.activity = new DemoActivity(pmis, cfms, codes, System.nanoTime(), settings.getBadRecordPercent(),
                releasePush == null ? released -> { } : releasePush::push);
        if (freshPmis && freshCfms && (settings.getSeedCases() > 0 || settings.isAlertCases())) {
            activity.seed(settings.getSeedCases());
            if (settings.isAlertCases()) {
                new DemoAlertCases(pmis, cfms, LocalDate.now(ZoneId.of("Asia/Karachi"))).install();
            }
            log.info("Demo CFMS and PMIS created and seeded with {} cases{}", settings.getSeedCases(),
                    settings.isAlertCases() ? " and the under-trial cases that show each alert" : "");
        } else {
            log.info("Demo CFMS and PMIS found in place; keeping their data");
        }
    }

    public DemoActivity activity() {
        return activity;
    }

    /** The pushing side of the demo PMIS, when rabta.demo.push-releases is on and the bus has an HTTP server. */
    DemoReleasePush releasePush() {
        return releasePush;
    }

    private static DemoReleasePush releasePush(DemoSettings settings, SoapEndpoints endpoints) {
        if (!settings.isPushReleases()) {
            return null;
        }
        if (!endpoints.canServe()) {
            log.warn("rabta.demo.push-releases is on but the bus has no HTTP server to push to; releases are captured by the poll only");
            return null;
        }
        log.info("The demo PMIS pushes each release to {} as user {}", DemoReleasePush.PATH, settings.getReleasePush().getUsername());
        return new DemoReleasePush(endpoints, settings.getReleasePush().getUsername(), settings.getReleasePush().getPassword());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startActivity() {
        if (settings.getActivityPerMinute() <= 0) {
            return;
        }
        long periodMillis = Math.max(1, 60_000L / settings.getActivityPerMinute());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "demo-activity"));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                activity.tick();
            } catch (RuntimeException e) {
                log.warn("Demo activity failed: {}", e.getMessage());
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        log.info("Demo activity running: about {} events per minute", settings.getActivityPerMinute());
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
