package pk.gov.punjab.rabta.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

import pk.gov.punjab.rabta.bus.BrokerHealthIndicator;
import pk.gov.punjab.rabta.bus.BusSettings;
import pk.gov.punjab.rabta.support.DrillBed;
import pk.gov.punjab.rabta.support.OnDrillBed;
import pk.gov.punjab.rabta.support.ExternalBroker;
import pk.gov.punjab.rabta.support.PmisWriter;

/**
 * Drill: the bus runs on an external Artemis 2.40.0 broker, a process of its own, which is killed with SIGKILL twice
 * under load and started again on its journal; the bus's sender, consumers and health come back by themselves, and the
 * CFMS inbox ends equal to PMIS, nothing written twice.
 */
@Tag("drill")
class BrokerRestartDrill extends OnDrillBed {
    private static final int RESTARTS = 2;
    private static final Duration DOWN = Duration.ofSeconds(10);

    private ExternalBroker broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBrokerKilledAndRestartedUnderLoadLosesNothingAndTheBusRecoversByItself() throws Exception {
        broker = ExternalBroker.create(data, "custody-episodes", DrillBed.FLOW, new BusSettings().getRollbackLimit()).start();
        List<String> args = new ArrayList<>(bed.busArguments());
        args.addAll(broker.busArguments());
        PmisWriter writer = null;
        try (ConfigurableApplicationContext bus = DrillBed.startBus(args)) {
            BrokerHealthIndicator health = bus.getBean(BrokerHealthIndicator.class);
            writer = PmisWriter.steady(bed.pmis().getDataSource(), 6_000_001, new Random()).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> bed.upToDate() >= 100);
            for (int restart = 1; restart <= RESTARTS; restart++) {
                broker.kill();
                Instant killedAt = Instant.now();
                await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus().equals(Status.DOWN));
                System.out.printf("broker restart %d: killed, health DOWN after %d ms%n", restart, Duration.between(killedAt, Instant.now()).toMillis());
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), killedAt.plus(DOWN)).toMillis()));
                long upToDate = bed.upToDate();
                broker.start();
                Instant startedAt = Instant.now();
                await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.UP));
                System.out.printf("broker restart %d: health UP %d ms after the broker started%n", restart, Duration.between(startedAt, Instant.now()).toMillis());
                // New admissions keep arriving: capture sends again and the consumers take them.
                await().atMost(Duration.ofSeconds(90)).until(() -> bed.upToDate() > upToDate + 100);
                System.out.printf("broker restart %d: killed, down %d s, delivering again %d ms after it started%n", restart,
                        DOWN.toSeconds(), Duration.between(startedAt, Instant.now()).toMillis());
            }
            writer.stop();
            bed.settleAndCheck(bus, getClass(), 0, Duration.ofMinutes(3));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            if (writer != null) {
                writer.stop();
            }
        }
    }
}
