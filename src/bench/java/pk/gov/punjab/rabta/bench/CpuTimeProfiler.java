package pk.gov.punjab.rabta.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per CPU-second: on a shared machine wall-clock throughput falls whenever other processes take the cores,
 * while CPU time spent per operation does not, so this figure stays comparable from run to run.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, Long> workerCpuSeen = new HashMap<>();
    private long processCpuAtStart;

    @Override
    public String getDescription() {
        return "Operations per CPU-second of the benchmark threads, and of the whole JVM (GC and JIT included)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        processCpuAtStart = os.getProcessCpuTime();
        workerCpuSinceLastLook();
    }

    @Override
    public List<Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                       IterationResult result) {
        double processCpuSeconds = (os.getProcessCpuTime() - processCpuAtStart) / 1e9;
        double workerCpuSeconds = workerCpuSinceLastLook() / 1e9;
        long ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.worker", ops / workerCpuSeconds, "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("cpu.process", ops / processCpuSeconds, "ops/cpu-s", AggregationPolicy.AVG));
    }

    /** CPU nanoseconds the JMH worker threads used since the previous call; a thread not seen before counts from zero. */
    private long workerCpuSinceLastLook() {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !info.getThreadName().contains("jmh-worker")) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            Long seen = workerCpuSeen.put(info.getThreadId(), cpu);
            total += cpu - (seen == null ? 0 : seen);
        }
        return total;
    }
}
