package pk.gov.punjab.rabta.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link MappingBenchmark} with CPU-time figures and writes the results as JSON; further JMH arguments may follow,
 * e.g. {@code -prof gc}, {@code -f 1}, or {@code MappingBenchmark.targetRow} to run one benchmark.
 */
public final class MappingBenchmarkRunner {
    private MappingBenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(System.getProperty("bench.results", "target/bench/mapping.json"));
        Files.createDirectories(results.toAbsolutePath().getParent());
        CommandLineOptions given = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .parent(given)
                .addProfiler(CpuTimeProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(results.toString());
        boolean all = given.getIncludes().isEmpty();
        if (all) {
            options.include(MappingBenchmark.class.getName());
        }
        int measured = new Runner(options.build()).run().size();
        // JMH skips a benchmark whose setup throws; a figure missing must fail the command, not pass unnoticed.
        if (measured == 0 || (all && measured < 2)) {
            System.err.println("Only " + measured + " benchmark(s) produced a result; see the errors above");
            System.exit(1);
        }
    }
}
