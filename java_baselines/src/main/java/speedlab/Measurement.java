package speedlab;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Google Benchmark's timing procedure, in Java: warm up (the JIT compiles the
 * hot loop here), grow the iteration count until one batch lasts min_time,
 * then time `repetitions` batches of that many iterations. The last
 * calibration batch counts as repetition 0, as in Google Benchmark, so a slow
 * impl is not run once more than needed. Every batch ends with Run.checksums(), untimed, so
 * each repetition carries the checksums of its own outputs.
 */
public final class Measurement {
    /**
     * One repetition: iterations run, total wall/CPU nanoseconds they took, and the checksums of this
     * batch's own outputs (Run.checksums() after the batch, untimed).
     */
    public record Repetition(long iterations, long wallNanos, long cpuNanos, Map<String, Double> checksums) {}

    private static final long MAX_ITERATIONS = 1_000_000_000L;
    // The process's CPU time (every thread: worker pools, and the JIT and GC threads too, which are cores the
    // run used): cpu / wall over a batch is its cores used; the thread's own clock where it is not offered.
    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Measurement() {}

    public static List<Repetition> measure(Workload.Run run, int repetitions, double minTimeSeconds,
                                           double warmupSeconds) {
        warmUp(run, warmupSeconds);
        List<Repetition> results = new ArrayList<>();
        long iterations = 1;
        while (true) {
            Repetition batch = timeBatch(run, iterations);
            double seconds = batch.wallNanos() * 1e-9;
            if (seconds >= minTimeSeconds || iterations >= MAX_ITERATIONS) {
                results.add(batch);
                break;
            }
            iterations = nextIterations(iterations, seconds, minTimeSeconds);
        }
        while (results.size() < repetitions) {
            results.add(timeBatch(run, iterations));
        }
        return results;
    }

    /** Google Benchmark's PredictNumberOfIterations. */
    static long nextIterations(long iterations, double seconds, double minTimeSeconds) {
        double multiplier = minTimeSeconds * 1.4 / Math.max(seconds, 1e-9);
        if (seconds / minTimeSeconds <= 0.1) {
            multiplier = 10.0;
        }
        long next = Math.round(Math.max(multiplier * iterations, iterations + 1.0)); // std::lround, as in GB
        return Math.min(next, MAX_ITERATIONS);
    }

    private static void warmUp(Workload.Run run, double warmupSeconds) {
        if (warmupSeconds <= 0) {
            return;
        }
        long deadline = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            run.beforeEach();
            run.iterate();
            run.afterEach();
        } while (System.nanoTime() < deadline);
        run.checksums(); // closes the warm-up's outputs: the first batch reports only its own
    }

    static long processCpuNanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean process) {
            long nanos = process.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos;
            }
        }
        return THREADS.getCurrentThreadCpuTime();
    }

    static Repetition timeBatch(Workload.Run run, long iterations) {
        run.beforeRepetition(); // untimed: poisons an output that outlives the iterations
        long wallNanos = 0;
        long cpuNanos = 0;
        if (!run.hasUntimedWork()) {
            long cpuStart = processCpuNanos();
            long wallStart = System.nanoTime();
            for (long i = 0; i < iterations; i++) {
                run.iterate();
            }
            wallNanos = System.nanoTime() - wallStart;
            cpuNanos = processCpuNanos() - cpuStart;
        } else { // untimed work around each iteration: each iteration timed on its own
            for (long i = 0; i < iterations; i++) {
                run.beforeEach();
                long cpuStart = processCpuNanos();
                long wallStart = System.nanoTime();
                run.iterate();
                wallNanos += System.nanoTime() - wallStart;
                cpuNanos += processCpuNanos() - cpuStart;
                run.afterEach();
            }
        }
        return new Repetition(iterations, wallNanos, cpuNanos, Map.copyOf(run.checksums()));
    }
}
