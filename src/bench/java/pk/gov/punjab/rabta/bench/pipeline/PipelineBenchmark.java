package pk.gov.punjab.rabta.bench.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The pipeline benchmark: the disk's sync rate (A), bare Artemis (C), a hand-written JDBC copy (D), the same through
 * Artemis (E) and the bus itself (F), all on the same 100,000 PMIS admissions, batches of 500, durability on. Writes
 * target/bench/pipeline.json and prints a table. -Dbench.parts=A,C,D,E,F chooses parts; -Dbench.runs=N the runs each.
 */
public final class PipelineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FLOW = "pmis-admissions-to-cfms";
    private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
    // The bus's own capture batch (rabta.capture.batch-size), used by every part.
    private static final int BATCH = 500;
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int LETTERS = Integer.getInteger("bench.letters", 10_000);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latency-seconds", 30);
    // The bus's default poll interval (rabta.capture.poll-interval), which the latency target is measured against.
    private static final long POLL_INTERVAL_MS = 2_000;
    // The pipeline's share of the ten minutes `mvn -B -Pbench verify` may take (the mapping benchmark has the rest).
    private static final int BUDGET_SECONDS = Integer.getInteger("bench.budget-seconds", 420);
    // What the bus's share of the budget is planned on, before its first run has measured it.
    private static final double BUS_RATE_GUESS = 1_500;
    private static final int FSYNC_RECORDS = Integer.getInteger("bench.fsync-records", 2_000);

    private final Path out;
    private final BenchDatabases databases = new BenchDatabases();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Budget budget = new Budget(BUDGET_SECONDS);

    private PipelineBenchmark(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.results", "target/bench/pipeline.json")).toAbsolutePath();
        Files.createDirectories(out.getParent());
        Set<String> parts = Set.of(System.getProperty("bench.parts", "A,C,D,E,F").toUpperCase().split("\\s*,\\s*"));
        new PipelineBenchmark(out).run(parts);
        System.exit(0);
    }

    private void run(Set<String> parts) throws Exception {
        Path work = out.getParent().resolve("pipeline-work");
        FileSystemUtils.deleteRecursively(work);
        Files.createDirectories(work);
        databases.install();
        results.put("machine", machine());
        results.put("records", RECORDS);
        results.put("batch", BATCH);
        if (parts.contains("A")) {
            double rate = DiskSync.syncsPerSecond(work, 5);
            results.put("A_disk_fsyncs_per_s", Math.round(rate));
            log("A disk: %.0f fsyncs/s of 4 KiB (FileChannel.force) in %s", rate, work);
        }
        // C, D and E in rounds of one run each, while the time left after the bus's share allows another round.
        try (BareArtemis broker = new BareArtemis(work.resolve("artemis"))) {
            byte[] body = JSON.writeValueAsBytes(sampleAdmission());
            if (parts.contains("D") || parts.contains("E")) {
                loadSource(1);
            }
            HandWrittenCopy copy = new HandWrittenCopy(databases, BATCH);
            Map<String, List<Double>> runs = new LinkedHashMap<>();
            double busShare = parts.contains("F") ? RECORDS / BUS_RATE_GUESS + 150 : 0;
            for (int round = 0; round < RUNS; round++) {
                long roundBegan = System.nanoTime();
                if (parts.contains("C")) {
                    double rate = broker.sendAndReceive("bench.c." + round, RECORDS, BATCH, body);
                    runs.computeIfAbsent("C_bare_artemis", k -> new ArrayList<>()).add(rate);
                    log("C bare Artemis run %d: %.0f records/s (%d-byte messages)", round + 1, rate, body.length);
                }
                if (parts.contains("D")) {
                    databases.clearTarget();
                    double rate = copy.direct(RECORDS);
                    runs.computeIfAbsent("D_jdbc_copy", k -> new ArrayList<>()).add(rate);
                    log("D JDBC copy run %d: %.0f records/s", round + 1, rate);
                }
                if (parts.contains("E")) {
                    databases.clearTarget();
                    double rate = copy.throughBroker(broker, "bench.e." + round, RECORDS);
                    runs.computeIfAbsent("E_jdbc_artemis_jdbc", k -> new ArrayList<>()).add(rate);
                    log("E JDBC -> Artemis -> JDBC run %d: %.0f records/s", round + 1, rate);
                }
                double roundSeconds = (System.nanoTime() - roundBegan) / 1e9;
                if (round + 1 < RUNS && budget.left() - busShare < roundSeconds) {
                    log("C, D, E: %d run(s) each; another round (%.0f s) would not leave the bus its %.0f s of the %d s budget",
                            round + 1, roundSeconds, busShare, BUDGET_SECONDS);
                    break;
                }
            }
            runs.forEach((part, rates) -> results.put(part, figures(rates)));
        }
        if (parts.contains("F")) {
            new BusRuns(databases, work, results, budget).run();
        }
        Files.writeString(out, JSON.writeValueAsString(results));
        System.out.println(table(JSON.valueToTree(results)));
        log("written %s", out);
    }

    private void loadSource(long firstId) throws Exception {
        databases.clearSource();
        databases.clearTarget();
        long began = System.nanoTime();
        databases.insertAdmissions(firstId, RECORDS);
        log("source: %d admissions in PMIS ADMSN (PostgreSQL) in %.1f s", RECORDS, (System.nanoTime() - began) / 1e9);
    }

    private Map<String, Object> sampleAdmission() throws Exception {
        try (Connection pmis = databases.pmis.getConnection()) {
            pmis.setAutoCommit(false);
            BenchDatabases.insertAdmissions(pmis, 999_999_999L, 1, Instant.now());
            Map<String, Object> row = new BenchDatabases.SourcePager().next(pmis, 1).get(0);
            pmis.rollback();
            return row;
        }
    }

    /** The bus's runs: throughput, then latency at half of it, then a dead-letter replay, with heap and fsync counts. */
    private static final class BusRuns {
        private final BenchDatabases databases;
        private final Path work;
        private final Map<String, Object> results;
        private final Budget budget;

        BusRuns(BenchDatabases databases, Path work, Map<String, Object> results, Budget budget) {
            this.databases = databases;
            this.work = work;
            this.results = results;
            this.budget = budget;
        }

        void run() throws Exception {
            databases.clearSource();
            databases.clearTarget();
            boolean strace = Boolean.parseBoolean(System.getProperty("bench.strace", "true")) && straceWorks();
            Path jfr = Boolean.getBoolean("bench.jfr") ? out("bus.jfr") : null;
            Map<String, Object> f = new LinkedHashMap<>();
            int consumers = Integer.getInteger("bench.consumers", 4);
            f.put("consumers", consumers);
            try (RabtaProcess bus = new RabtaProcess(work.resolve("bus-data"), consumers, jfr)) {
                long started = System.nanoTime();
                bus.awaitUp(Duration.ofMinutes(3));
                log("F bus up in %.1f s (log %s)", (System.nanoTime() - started) / 1e9, bus.log);
                // Let the start settle: the first polls, the JIT of start-up code.
                Thread.sleep(5_000);
                f.put("live_heap_idle_mb", round1(bus.liveHeapMb()));
                log("F live heap at idle: %s MB", f.get("live_heap_idle_mb"));

                // The first run warms the bus up (JIT, pools, the broker's journal files) and has the full GC of the heap
                // figure inside it; it is reported on its own, and the throughput is the median of the runs after it.
                List<Double> firstRun = new ArrayList<>();
                AtomicReference<Double> heapUnderLoad = new AtomicReference<>();
                double lastRunSeconds = throughputRun(bus, 0, firstRun, heapUnderLoad);
                f.put("first_run_cold_per_s", Math.round(firstRun.get(0)));
                f.put("live_heap_under_load_mb", heapUnderLoad.get() == null ? null : round1(heapUnderLoad.get()));
                log("F live heap under load: %s MB", f.get("live_heap_under_load_mb"));
                // The latency and replay parts come after the throughput runs, so "half of F's rate" is half of their median.
                long reserved = (LATENCY_SECONDS > 0 ? LATENCY_SECONDS + 15 : 0) + (LETTERS > 0 ? 90 : 0);
                List<Double> runs = new ArrayList<>();
                for (int r = 1; r <= RUNS; r++) {
                    if (r > 1 && budget.left() < lastRunSeconds + 5 + reserved) {
                        log("F: %d measured run(s) of %d records; another (%.0f s) would overrun the %d s budget", r - 1, RECORDS,
                                lastRunSeconds, BUDGET_SECONDS);
                        break;
                    }
                    lastRunSeconds = throughputRun(bus, r, runs, null);
                }
                f.put("throughput", figures(runs));
                if (LATENCY_SECONDS > 0) {
                    f.put("latency", latency(fMax(f) / 2, 9_000_001L));
                    databases.clearSource();
                    databases.clearTarget();
                }
                if (LETTERS > 0) {
                    f.put("replay", replay(bus, 20_000_001L));
                    databases.clearSource();
                    databases.clearTarget();
                }
                if (strace && FSYNC_RECORDS > 0) {
                    f.put("fsyncs", fsyncs(bus));
                }
            }
            results.put("F_rabta", f);
            ratios(f, fMax(f));
        }

        private static double fMax(Map<String, Object> f) {
            @SuppressWarnings("unchecked")
            Map<String, Object> throughput = (Map<String, Object>) f.get("throughput");
            return ((Number) throughput.get("median")).doubleValue();
        }

        private void ratios(Map<String, Object> f, double fRate) {
            for (String base : List.of("D_jdbc_copy", "E_jdbc_artemis_jdbc")) {
                if (results.get(base) instanceof Map<?, ?> figures) {
                    f.put("ratio_to_" + base.substring(0, 1), Math.round(fRate / ((Number) figures.get("median")).doubleValue() * 1000) / 1000.0);
                }
            }
        }

        /** One run: the records committed in PMIS in one transaction, timed to the last inbox row written; returns its seconds. */
        private double throughputRun(RabtaProcess bus, int r, List<Double> runs, AtomicReference<Double> heapUnderLoad) throws Exception {
            long first = (r + 1) * 1_000_000L + 1;
            Instant committed = databases.insertAdmissions(first, RECORDS);
            Thread heap = null;
            if (heapUnderLoad != null) {
                heap = new Thread(() -> {
                    try {
                        awaitRows(first, RECORDS / 2, Duration.ofMinutes(10));
                        heapUnderLoad.set(bus.liveHeapMb());
                    } catch (Exception e) {
                        log("heap under load not measured: %s", e);
                    }
                });
                heap.start();
            }
            awaitRows(first, RECORDS, Duration.ofMinutes(15));
            Instant lastWritten = lastWritten(first, first + RECORDS - 1);
            if (heap != null) {
                heap.join();
            }
            double seconds = Duration.between(committed, lastWritten).toNanos() / 1e9;
            runs.add(RECORDS / seconds);
            log("F bus %s: %.0f records/s (source commit to last inbox write %.1f s)%s", r == 0 ? "warm-up run" : "run " + r, RECORDS / seconds, seconds,
                    heap != null ? ", a full GC for the heap figure inside it" : "");
            databases.clearSource();
            databases.clearTarget();
            return seconds;
        }

        /** Syncs per delivered record: a window of records delivered with strace attached to the bus. */
        private Map<String, Object> fsyncs(RabtaProcess bus) throws Exception {
            long first = 30_000_001L;
            Path trace = work.resolve("bus-syncs.strace");
            Process strace = bus.traceSyncs(trace);
            try {
                // strace takes a moment to attach to every thread.
                Thread.sleep(2_000);
                Counters before = Counters.read(databases);
                Instant committed = databases.insertAdmissions(first, FSYNC_RECORDS);
                awaitRows(first, FSYNC_RECORDS, Duration.ofMinutes(5));
                Counters after = Counters.read(databases);
                Map<String, Object> window = after.minus(before, committed, lastWritten(first, first + FSYNC_RECORDS - 1));
                strace.destroy();
                strace.waitFor();
                Map<String, Object> figures = Fsyncs.perRecord(trace, FSYNC_RECORDS, window);
                log("F syncs per delivered record: Artemis journal %s, bus state %s, MariaDB log writes %s, PostgreSQL WAL syncs %s",
                        figures.get("artemis_journal_per_record"), figures.get("bus_state_per_record"),
                        figures.get("mariadb_log_writes_per_record"), figures.get("postgresql_wal_sync_per_record"));
                return figures;
            } finally {
                strace.destroy();
                databases.clearSource();
                databases.clearTarget();
            }
        }

        /**
         * Admissions committed at a steady rate, each counted from its intended time (start + n / rate), so a stalled
         * writer or source is charged to the latency, to the moment the target database wrote its inbox row.
         */
        private Map<String, Object> latency(double rate, long first) throws Exception {
            int count = (int) (rate * LATENCY_SECONDS);
            long[] intendedMicros = new long[count];
            long startMicros = micros(Instant.now()) + 100_000;
            for (int i = 0; i < count; i++) {
                intendedMicros[i] = startMicros + (long) (i * 1e6 / rate);
            }
            try (Connection pmis = databases.pmis.getConnection()) {
                pmis.setAutoCommit(false);
                int next = 0;
                while (next < count) {
                    long now = micros(Instant.now());
                    int due = next;
                    while (due < count && intendedMicros[due] <= now) {
                        due++;
                    }
                    if (due > next) {
                        BenchDatabases.insertAdmissions(pmis, first + next, due - next, Instant.now());
                        pmis.commit();
                        next = due;
                    } else {
                        Thread.sleep(Math.max(1, (intendedMicros[next] - now) / 1000));
                    }
                }
            }
            awaitRows(first, count, Duration.ofMinutes(2));
            Histogram histogram = new Histogram(3_600_000_000L, 3);
            new JdbcTemplate(databases.cfms).query("SELECT admission_id, bench_written_at FROM pmis_custody_inbox WHERE admission_id >= ?",
                    rs -> {
                        int i = (int) (rs.getLong(1) - first);
                        histogram.recordValue(Math.max(0, micros(rs.getTimestamp(2).toInstant()) - intendedMicros[i]));
                    }, first);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rate_per_s", Math.round(rate));
            figures.put("records", count);
            figures.put("p50_ms", histogram.getValueAtPercentile(50) / 1000.0);
            figures.put("p99_ms", histogram.getValueAtPercentile(99) / 1000.0);
            figures.put("p99_9_ms", histogram.getValueAtPercentile(99.9) / 1000.0);
            figures.put("max_ms", histogram.getMaxValue() / 1000.0);
            figures.put("target_p99_ms", POLL_INTERVAL_MS + 100);
            figures.put("measured", "from each record's intended commit time on PMIS to the inbox row's bench_written_at "
                    + "(CURRENT_TIMESTAMP(6) of the statement that wrote it, inside the delivery's autocommit transaction)");
            log("F latency at %.0f records/s for %d s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms", rate, LATENCY_SECONDS,
                    figures.get("p50_ms"), figures.get("p99_ms"), figures.get("p99_9_ms"), figures.get("max_ms"));
            return figures;
        }

        /** Letters made by an inbox that refuses their rows, then all replayed at once through the bulk replay API. */
        private Map<String, Object> replay(RabtaProcess bus, long first) throws Exception {
            JdbcTemplate cfms = new JdbcTemplate(databases.cfms);
            // A check constraint, which the bus sees as a refused record (SQLSTATE 23000); a trigger's SIGNAL would not do:
            // MariaDB's driver reports an unknown SQLSTATE class as a transient connection failure, so the record waits.
            cfms.execute("ALTER TABLE pmis_custody_inbox ADD CONSTRAINT bench_refuse CHECK (admission_id < " + first + ")");
            long made = System.nanoTime();
            databases.insertAdmissions(first, LETTERS);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            int letters = 0;
            while ((letters = deadLetters(bus)) < LETTERS && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
            }
            double makeSeconds = (System.nanoTime() - made) / 1e9;
            log("F %d dead letters made in %.1f s", letters, makeSeconds);
            cfms.execute("ALTER TABLE pmis_custody_inbox DROP CONSTRAINT bench_refuse");
            long began = System.nanoTime();
            JsonNode job = JSON.readTree(bus.call("POST", "/api/ops/dead-letters/replay",
                    "{\"filter\": {\"flow\": \"" + FLOW + "\"}, \"ratePerSecond\": 0, \"reason\": \"benchmark replay\"}"));
            awaitRows(first, LETTERS, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - began) / 1e9;
            JsonNode finished = JSON.readTree(bus.call("GET", "/api/ops/replay-jobs/" + job.get("id").asText(), null));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("letters", letters);
            figures.put("made_in_s", round1(makeSeconds));
            figures.put("replayed_per_s", Math.round(LETTERS / seconds));
            figures.put("job_state", finished.path("state").asText());
            figures.put("measured", "POST /api/ops/dead-letters/replay (ratePerSecond 0: unlimited) to the last replayed row in the inbox");
            log("F replay of %d letters: %.0f records/s (%.1f s), job %s", LETTERS, LETTERS / seconds, seconds, figures.get("job_state"));
            return figures;
        }

        private int deadLetters(RabtaProcess bus) throws Exception {
            return JSON.readTree(bus.call("GET", "/api/ops/dead-letters/" + FLOW + "?limit=1", null)).get("total").asInt();
        }

        private void awaitRows(long first, int count, Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            while (databases.targetRows(first, first + count - 1) < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + databases.targetRows(first, first + count - 1) + " of " + count
                            + " rows reached the inbox within " + within);
                }
                Thread.sleep(200);
            }
        }

        private Instant lastWritten(long first, long last) {
            return new JdbcTemplate(databases.cfms).queryForObject("SELECT MAX(bench_written_at) FROM pmis_custody_inbox"
                    + " WHERE admission_id BETWEEN ? AND ?", Timestamp.class, first, last).toInstant();
        }

        private Path out(String name) {
            return work.getParent().resolve(name);
        }

        private static boolean straceWorks() {
            try {
                Process probe = new ProcessBuilder("strace", "-f", "-e", "trace=fsync", "-o", "/dev/null", "true")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                return probe.waitFor() == 0;
            } catch (Exception e) {
                return false;
            }
        }
    }

    /** Sync counters of the two database servers (server-wide: other users of the servers are counted too). */
    record Counters(long pgWalSync, long mariaLogWrites, long mariaDataFsyncs) {
        static Counters read(BenchDatabases databases) throws Exception {
            try (Connection pg = databases.pmis.getConnection(); Connection maria = databases.cfms.getConnection()) {
                return new Counters(BenchDatabases.statusValue(pg, "SELECT wal_sync FROM pg_stat_wal"),
                        // MariaDB 10.11 has no Innodb_os_log_fsyncs: its redo log is written with O_DIRECT, each commit's write made durable.
                        BenchDatabases.statusValue(maria, "SHOW GLOBAL STATUS LIKE 'Innodb_log_writes'"),
                        BenchDatabases.statusValue(maria, "SHOW GLOBAL STATUS LIKE 'Innodb_data_fsyncs'"));
            }
        }

        Map<String, Object> minus(Counters before, Instant from, Instant to) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("from_epoch_s", from.toEpochMilli() / 1000.0);
            window.put("to_epoch_s", to.toEpochMilli() / 1000.0);
            window.put("postgresql_wal_sync", pgWalSync - before.pgWalSync);
            window.put("mariadb_innodb_log_writes", mariaLogWrites - before.mariaLogWrites);
            window.put("mariadb_innodb_data_fsyncs", mariaDataFsyncs - before.mariaDataFsyncs);
            return window;
        }
    }

    /** Seconds left of the pipeline's time budget, counted from the start of the run. */
    record Budget(long seconds, long startedNanos) {
        Budget(long seconds) {
            this(seconds, System.nanoTime());
        }

        double left() {
            return seconds - (System.nanoTime() - startedNanos) / 1e9;
        }
    }

    static Map<String, Object> figures(List<Double> runs) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("median", Math.round(median(runs)));
        figures.put("runs", runs.stream().map(Math::round).toList());
        return figures;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private Map<String, Object> machine() throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gib", Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + osRelease());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Connection pg = databases.pmis.getConnection(); Connection maria = databases.cfms.getConnection()) {
            machine.put("postgresql", pg.getMetaData().getDatabaseProductVersion());
            machine.put("mariadb", maria.getMetaData().getDatabaseProductVersion());
        }
        return machine;
    }

    private static String osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("%tT %s%n", System.currentTimeMillis(), String.format(format, args));
        System.out.flush();
    }

    /** The figures as a Markdown table, for the console and README. */
    static String table(JsonNode r) {
        StringBuilder t = new StringBuilder("\n| part | what | figure |\n| --- | --- | --- |\n");
        row(t, "A", "disk: 4 KiB writes + FileChannel.force", r.path("A_disk_fsyncs_per_s"), " fsyncs/s");
        rate(t, "C", "bare Artemis, core client, send + receive", r.path("C_bare_artemis"));
        rate(t, "D", "hand-written JDBC copy, PostgreSQL -> MariaDB", r.path("D_jdbc_copy"));
        rate(t, "E", "hand-written JDBC -> Artemis -> JDBC", r.path("E_jdbc_artemis_jdbc"));
        JsonNode f = r.path("F_rabta");
        rate(t, "F", "Rabta: capture -> mapping -> Artemis -> delivery", f.path("throughput"));
        row(t, "F", "its warm-up run, the first after start, with a full GC inside", f.path("first_run_cold_per_s"), " records/s");
        row(t, "F/E", "ratio of medians", f.path("ratio_to_E"), "");
        row(t, "F/D", "ratio of medians", f.path("ratio_to_D"), "");
        JsonNode l = f.path("latency");
        if (!l.isMissingNode()) {
            t.append(String.format("| F | latency at %s records/s (source commit to inbox write) | p50 %s ms, p99 %s ms, p99.9 %s ms |%n",
                    l.path("rate_per_s").asText(), l.path("p50_ms").asText(), l.path("p99_ms").asText(), l.path("p99_9_ms").asText()));
        }
        row(t, "F", "dead-letter replay, " + f.path("replay").path("letters").asText() + " letters", f.path("replay").path("replayed_per_s"), " records/s");
        row(t, "F", "live heap after full GC, idle", f.path("live_heap_idle_mb"), " MB");
        row(t, "F", "live heap after full GC, under load", f.path("live_heap_under_load_mb"), " MB");
        JsonNode syncs = f.path("fsyncs");
        if (!syncs.isMissingNode()) {
            t.append(String.format("| F | syncs per delivered record (= batch): Artemis journal / bus state / MariaDB redo log writes / PostgreSQL WAL | %s / %s / %s / %s |%n",
                    syncs.path("artemis_journal_per_record").asText(), syncs.path("bus_state_per_record").asText(),
                    syncs.path("mariadb_log_writes_per_record").asText(), syncs.path("postgresql_wal_sync_per_record").asText()));
        }
        return t.toString();
    }

    private static void rate(StringBuilder t, String part, String what, JsonNode figures) {
        if (!figures.isMissingNode()) {
            t.append(String.format("| %s | %s | %,d records/s (runs %s) |%n", part, what, figures.path("median").asLong(),
                    figures.path("runs").toString()));
        }
    }

    private static void row(StringBuilder t, String part, String what, JsonNode value, String unit) {
        if (!value.isMissingNode() && !value.isNull()) {
            t.append(String.format("| %s | %s | %s%s |%n", part, what, value.asText(), unit));
        }
    }
}
