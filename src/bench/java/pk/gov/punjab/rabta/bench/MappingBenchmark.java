package pk.gov.punjab.rabta.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingCompiler;
import pk.gov.punjab.rabta.mapping.SchemaRegistry;

/**
 * Records mapped per second by one thread: a 15-field PMIS admission row into a canonical custody episode
 * (schema-checked, written as JSON, hashed) and, with the same rules, into a flat target row.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=bench-logback.xml"})
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class MappingBenchmark {
    /** A power of two, so the next row is picked with a mask; enough distinct rows that nothing folds to a constant. */
    private static final int ROWS = 1024;
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final String[] NAMES = {"Muhammad Aslam", "Ghulam Rasool", "Nasreen Bibi", "Allah Ditta", "Shahid Iqbal",
            "Rukhsana Kausar", "Zafar Abbas", "Imran Khalid", "Sajida Parveen", "Tariq Mehmood", "Bilal Ahmed", "Kashif Ali"};
    private static final String[] SECTIONS = {"PPC 302, PPC 34", "PPC 379", "PPC 392, PPC 411", "CNSA 9-C", "PPC 324, PPC 337-F",
            "PPC 489-F", "PPC 406, PPC 420"};
    private static final String[] STATUSES = {"under_trial", "judicial_remand", "convict", " Under_Trial "};
    private static final String[] SEXES = {"M", "M", "M", "F", "m", "T"};

    private CompiledMapping toCustodyEpisode;
    private CompiledMapping toRow;
    private Map<String, Object>[] rows;
    private CompiledMapping.Envelope[] envelopes;
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void compileMappingsAndBuildRows() throws URISyntaxException {
        RabtaPaths paths = new RabtaPaths(Path.of(System.getProperty("rabta.home", ".")));
        CodeTables codes = new CodeTables(paths.codes());
        MappingCompiler compiler = new MappingCompiler(codes, new SchemaRegistry(paths.schemas()));
        toCustodyEpisode = compiler.compile(benchMapping("bench-admission-to-custody-episode.yaml"));
        toRow = compiler.compile(benchMapping("bench-admission-to-row.yaml"));

        List<String> jailCodes = codes.table("jails").rows().stream().map(r -> r.get("pmis_code")).toList();
        List<String> stations = codes.table("police-stations").rows().stream().map(r -> r.get("code")).toList();
        // Fixed seed: every run maps the same rows.
        Random random = new Random(20250601L);
        rows = new Map[ROWS];
        envelopes = new CompiledMapping.Envelope[ROWS];
        for (int i = 0; i < ROWS; i++) {
            long admissionId = 100_000L + random.nextInt(900_000);
            int age = 16 + random.nextInt(60);
            LocalDate admitted = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(2400));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ADM_ID", admissionId);
            row.put("JAIL_CD", jailCodes.get(random.nextInt(jailCodes.size())));
            row.put("PRSNR_NO", " " + (10_000 + random.nextInt(90_000)) + "/" + admitted.getYear() + " ");
            row.put("PRSNR_NM", NAMES[random.nextInt(NAMES.length)] + " ");
            row.put("FTHR_HSBND_NM", random.nextInt(10) == 0 ? "" : NAMES[random.nextInt(NAMES.length)]);
            row.put("SEX", SEXES[random.nextInt(SEXES.length)]);
            row.put("CNIC_NO", String.format("3%04d-%07d-%d", random.nextInt(10_000), random.nextInt(10_000_000), random.nextInt(10)));
            row.put("AGE_YRS", age);
            row.put("JUV_FLG", age < 18 ? "Y" : random.nextBoolean() ? "N" : null);
            row.put("HOME_DIST", stations.get(random.nextInt(stations.size())).substring(0, 3).toLowerCase());
            row.put("FIR_REF", stations.get(random.nextInt(stations.size())).toLowerCase() + "-" + (1 + random.nextInt(2000))
                    + "-" + (admitted.getYear() - random.nextInt(2)));
            row.put("SECTIONS", SECTIONS[random.nextInt(SECTIONS.length)]);
            row.put("ADM_DT", PMIS_DATE.format(admitted));
            row.put("PRSNR_STS", STATUSES[random.nextInt(STATUSES.length)]);
            row.put("REL_RSN", random.nextInt(8) == 0 ? "Bail granted " : null);
            rows[i] = row;
            envelopes[i] = new CompiledMapping.Envelope("PMIS", "ADMSN:" + admissionId, (long) random.nextInt(50),
                    OffsetDateTime.of(admitted.atTime(9, random.nextInt(60), random.nextInt(60)), ZoneOffset.ofHours(5))
                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                    new UUID(random.nextLong(), random.nextLong()).toString(), "UPSERT");
            // A row the mappings refuse would measure the failure path instead; fail the run here rather than mid-benchmark.
            toCustodyEpisode.apply(row, envelopes[i]);
            toRow.apply(row, envelopes[i]);
        }
    }

    private static Path benchMapping(String fileName) throws URISyntaxException {
        return Path.of(MappingBenchmark.class.getResource("/bench-mappings/" + fileName).toURI());
    }

    @Benchmark
    public void canonicalRecord(Blackhole blackhole) {
        int i = next++ & (ROWS - 1);
        blackhole.consume(toCustodyEpisode.apply(rows[i], envelopes[i]));
    }

    @Benchmark
    public void targetRow(Blackhole blackhole) {
        int i = next++ & (ROWS - 1);
        blackhole.consume(toRow.apply(rows[i], envelopes[i]));
    }
}
