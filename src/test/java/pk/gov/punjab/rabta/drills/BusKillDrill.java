package pk.gov.punjab.rabta.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import pk.gov.punjab.rabta.support.BusProcess;
import pk.gov.punjab.rabta.support.DrillBed;
import pk.gov.punjab.rabta.support.OnDrillBed;
import pk.gov.punjab.rabta.support.InboxHistory;
import pk.gov.punjab.rabta.support.PmisWriter;

/**
 * Drill: the bus, a process of its own, is killed with SIGKILL at a random moment ten times while PMIS on PostgreSQL
 * keeps admitting and releasing prisoners; started again each time on the same data/, it ends with the CFMS inbox on
 * MariaDB equal to PMIS by key, version and content hash, nothing written twice.
 */
@Tag("drill")
class BusKillDrill extends OnDrillBed {
    private static final int KILLS = 10;

    @Test
    void aBusKilledTenTimesUnderLoadLosesNothingAndWritesNothingTwice() throws Exception {
        // Pass -Ddrill.seed=N to replay the kill moments of an earlier run.
        long seed = Long.getLong("drill.seed", System.nanoTime());
        System.out.println("drill seed " + seed);
        Random random = new Random(seed);
        List<String> args = bed.busArguments();
        Instant began = Instant.now();
        PmisWriter writer = PmisWriter.steady(bed.pmis().getDataSource(), 8_000_001, new Random(seed)).start();
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long writesBefore = InboxHistory.writes(bed.cfms());
                Process bus = BusProcess.start(args, data.resolve("bus-console.log"));
                try {
                    await().atMost(Duration.ofMinutes(2)).until(() -> !bus.isAlive() || InboxHistory.writes(bed.cfms()) > writesBefore);
                    assertThat(bus.isAlive()).as("the bus process is running (log: %s)", data.resolve("bus-console.log")).isTrue();
                    long runFor = 1_000 + random.nextInt(5_001);
                    Thread.sleep(runFor);
                    System.out.printf("kill %d at %d s: SIGKILL after %d ms of delivery, %d inbox writes so far%n", kill,
                            Duration.between(began, Instant.now()).toSeconds(), runFor, InboxHistory.writes(bed.cfms()));
                } finally {
                    bus.destroyForcibly().waitFor();
                }
            }
        } finally {
            writer.stop();
        }
        try (ConfigurableApplicationContext bus = DrillBed.startBus(args)) {
            bed.settleAndCheck(bus, getClass(), 0, Duration.ofMinutes(3));
        }
        System.out.printf("drill done in %d s%n", Duration.between(began, Instant.now()).toSeconds());
    }
}
