package pk.gov.punjab.rabta.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import pk.gov.punjab.rabta.capture.CaptureGuaranteesContract;

/**
 * PMIS at work, as a steady load: every tick it admits a few prisoners and releases a few admitted earlier (an update of
 * their row), on one connection of its own, until stopped; a lost connection is opened again, as a real PMIS would.
 */
public final class PmisWriter {
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final DataSource pmis;
    private final long first;
    private final int admissionsPerTick;
    private final int releasesPerTick;
    private final long tickMillis;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long next;
    private Thread thread;

    /** Admissions from first on, admissionsPerTick and releasesPerTick every tickMillis. */
    public PmisWriter(DataSource pmis, long first, int admissionsPerTick, int releasesPerTick, long tickMillis, Random random) {
        this.pmis = pmis;
        this.first = first;
        this.next = first;
        this.admissionsPerTick = admissionsPerTick;
        this.releasesPerTick = releasesPerTick;
        this.tickMillis = tickMillis;
        this.random = random;
    }

    /** Five admissions and two releases every 250 ms. */
    public static PmisWriter steady(DataSource pmis, long first, Random random) {
        return new PmisWriter(pmis, first, 5, 2, 250, random);
    }

    public PmisWriter start() {
        thread = new Thread(() -> {
            try (Connection connection = pmis.getConnection();
                 PreparedStatement release = connection.prepareStatement("UPDATE ADMSN SET PRSNR_STS = 'REL', REL_DT = ?,"
                         + " REL_RSN = 'BAIL GRANTED', UPD_TS = ? WHERE ADM_ID = ? AND PRSNR_STS <> 'REL'")) {
                while (running.get()) {
                    CaptureGuaranteesContract.insertAdmissions(connection, next, admissionsPerTick, Timestamp.from(Instant.now()));
                    for (int i = 0; i < releasesPerTick && next > first; i++) {
                        release.setString(1, PMIS_DATE.format(LocalDate.now()));
                        release.setTimestamp(2, Timestamp.from(Instant.now()));
                        release.setLong(3, first + random.nextLong(next - first));
                        release.executeUpdate();
                    }
                    next += admissionsPerTick;
                    TimeUnit.MILLISECONDS.sleep(tickMillis);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, "pmis-writer");
        thread.start();
        return this;
    }

    /** Admissions written so far. */
    public long admitted() {
        return next - first;
    }

    public void stop() throws Exception {
        running.set(false);
        if (thread != null) {
            thread.join();
        }
        assertThat(failure.get()).as("the PMIS writer ran without error").isNull();
    }
}
