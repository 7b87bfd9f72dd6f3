package speedlab;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Google Benchmark's timing procedure, in Java: warm up (the JIT compiles the
 * hot loop here), grow the iteration count until one batch lasts min_time,
 * then time `repetitions` batches of that many iterations. The last
 * calibration batch counts as repetition 0, as in Google Benchmark, so a slow
 * impl is not run once more than needed.
 */
public final class Measurement {
    /** One repetition: iterations run and total wall/CPU nanoseconds they took. */
    public record Repetition(long iterations, long wallNanos, long cpuNanos) {}

    private static final long MAX_ITERATIONS = 1_000_000_000L;
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
            run.iterate();
        } while (System.nanoTime() < deadline);
    }

    private static Repetition timeBatch(Workload.Run run, long iterations) {
        run.beforeRepetition(); // untimed: poisons an output that outlives the iterations
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (long i = 0; i < iterations; i++) {
            run.iterate();
        }
        long wallEnd = System.nanoTime();
        long cpuEnd = THREADS.getCurrentThreadCpuTime();
        return new Repetition(iterations, wallEnd - wallStart, cpuEnd - cpuStart);
    }
}
