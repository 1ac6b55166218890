package pk.gov.punjab.rabta.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import pk.gov.punjab.rabta.support.DeliveryTally;
import pk.gov.punjab.rabta.support.DrillBed;
import pk.gov.punjab.rabta.support.OnDrillBed;
import pk.gov.punjab.rabta.support.PmisWriter;

/**
 * Soak: the admission flow under a steady load for drill.soak.minutes (30 by default) at drill.soak.rate admissions a
 * second (100, about half of what the bus delivered to MariaDB here with a writer running), with heap after GC,
 * threads, open file handles and the broker journal sampled each minute: later samples must stay near the early
 * ones, and the run ends with the drill line like the others. Its own switch: mvn -B -Psoak test.
 */
@Tag("soak")
class SoakDrill extends OnDrillBed {
    private static final long MB = 1024 * 1024;

    @Test
    void heapThreadsFileHandlesAndJournalStayFlatUnderASteadyLoad() throws Exception {
        int minutes = Integer.getInteger("drill.soak.minutes", 30);
        int rate = Integer.getInteger("drill.soak.rate", 100);
        List<Sample> samples = new ArrayList<>();
        PmisWriter writer = null;
        try (ConfigurableApplicationContext bus = DrillBed.startBus(bed.busArguments())) {
            // A quarter of the rate every 250 ms, and a release for every tenth admission.
            writer = new PmisWriter(bed.pmis().getDataSource(), 5_000_001, Math.max(1, rate / 4), Math.max(1, rate / 40), 250, new Random())
                    .start();
            Instant began = Instant.now();
            for (int minute = 1; minute <= minutes; minute++) {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), began.plus(Duration.ofMinutes(minute))).toMillis()));
                Sample sample = Sample.take(minute, data.resolve("artemis"), writer.admitted(), bed.upToDate());
                samples.add(sample);
                System.out.println("soak " + sample);
            }
            writer.stop();
            DeliveryTally tally = bed.settleAndCheck(bus, getClass(), 0, Duration.ofMinutes(3));
            write(samples, tally);
        } finally {
            if (writer != null) {
                writer.stop();
            }
        }
        // Flat means the second half stays near the first: the first minute warms up (classes, pools, caches), thread
        // pools grow and shrink with the work, and the journal grows by whole files until compaction holds it steady.
        int middle = Math.max(1, samples.size() / 2);
        List<Sample> early = samples.subList(middle > 1 ? 1 : 0, middle);
        Sample peak = new Sample(0, 0, 0, early.stream().mapToLong(Sample::heapMb).max().orElseThrow(),
                early.stream().mapToInt(Sample::threads).max().orElseThrow(), early.stream().mapToLong(Sample::fileHandles).max().orElseThrow(),
                early.stream().mapToLong(Sample::journalMb).max().orElseThrow());
        for (Sample later : samples.subList(middle, samples.size())) {
            assertThat(later.heapMb()).as("heap after GC, minute %d", later.minute()).isLessThanOrEqualTo(peak.heapMb() * 5 / 4 + 16);
            assertThat(later.threads()).as("threads, minute %d", later.minute()).isLessThanOrEqualTo(peak.threads() * 6 / 5);
            assertThat(later.fileHandles()).as("file handles, minute %d", later.minute()).isLessThanOrEqualTo(peak.fileHandles() + 20);
            assertThat(later.journalMb()).as("journal, minute %d", later.minute()).isLessThanOrEqualTo(peak.journalMb() * 3 / 2 + 32);
        }
    }

    private static void write(List<Sample> samples, DeliveryTally tally) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("minute, admissions written, up to date in CFMS, heap after GC MB, threads, file handles, journal MB");
        for (Sample s : samples) {
            lines.add(s.toString());
        }
        lines.add(tally.line());
        Path drills = Files.createDirectories(Path.of("target", "drills"));
        Files.write(drills.resolve("Soak.txt"), lines, StandardCharsets.UTF_8);
    }

    /** One minute's reading of the process running the bus. */
    private record Sample(int minute, long written, long upToDate, long heapMb, int threads, long fileHandles, long journalMb) {
        static Sample take(int minute, Path journal, long written, long upToDate) throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long handles;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                handles = fds.count();
            }
            long journalBytes;
            try (Stream<Path> files = Files.walk(journal)) {
                journalBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            return new Sample(minute, written, upToDate, heap / MB, ManagementFactory.getThreadMXBean().getThreadCount(), handles,
                    journalBytes / MB);
        }

        @Override
        public String toString() {
            return minute + ", " + written + ", " + upToDate + ", " + heapMb + ", " + threads + ", " + fileHandles + ", " + journalMb;
        }
    }
}
