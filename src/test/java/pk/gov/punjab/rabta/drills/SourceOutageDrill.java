package pk.gov.punjab.rabta.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.support.DrillBed;
import pk.gov.punjab.rabta.support.OnDrillBed;
import pk.gov.punjab.rabta.support.PmisWriter;

/**
 * Drill: PMIS on PostgreSQL unreachable by the bus for 60 seconds while PMIS itself keeps admitting and releasing
 * prisoners; capture reports the problem, and once PMIS is back every change of the outage reaches the CFMS inbox
 * on MariaDB, once.
 */
@Tag("drill")
class SourceOutageDrill extends OnDrillBed {
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aSourceDownForSixtySecondsUnderLoadLosesNothingAndWritesNothingTwice() throws Exception {
        PmisWriter writer = null;
        try (ConfigurableApplicationContext bus = DrillBed.startBus(bed.busArguments())) {
            FlowStats stats = bus.getBean(FlowStats.class);
            writer = PmisWriter.steady(bed.pmis().getDataSource(), 9_000_001, new Random()).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> bed.upToDate() >= 100);

            bed.pmisProxy().cut();
            Instant cutAt = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> stats.of(DrillBed.FLOW).captureProblem() != null);
            System.out.printf("source cut; capture reported it after %d ms: %s%n", Duration.between(cutAt, Instant.now()).toMillis(),
                    stats.of(DrillBed.FLOW).captureProblem());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), cutAt.plus(OUTAGE)).toMillis()));
            assertThat(stats.of(DrillBed.FLOW).captureProblem()).as("still cut off").isNotNull();
            long writtenDuringOutage = writer.admitted();
            bed.pmisProxy().restore();
            Instant restoredAt = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> stats.of(DrillBed.FLOW).captureProblem() == null);
            System.out.printf("source back; capture resumed after %d ms, %d admissions written by then%n",
                    Duration.between(restoredAt, Instant.now()).toMillis(), writtenDuringOutage);
            Thread.sleep(5_000);
            writer.stop();
            bed.settleAndCheck(bus, getClass(), 0, Duration.ofMinutes(2));
        } finally {
            if (writer != null) {
                writer.stop();
            }
        }
    }
}
