package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Workload;

/** pi_sum, the Julia micro-benchmark: repeat times, the sum of 1/(k*k) for k = 1..n. */
public final class PiSum implements Workload {
    /** Julia's pisum as written; the last repetition's sum is the result. */
    public static double piSum(long n, long repeat) {
        double total = 0.0;
        for (long j = 0; j < repeat; j++) {
            total = 0.0;
            for (long k = 1; k <= n; k++) {
                total += 1.0 / (k * k);
            }
        }
        return total;
    }

    @Override
    public String name() {
        return "pi_sum";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            long n = params.get("n", 1, 10_000_000);
            long repeat = params.get("repeat", 1, 1_000_000);
            return new ChecksumRun(() -> piSum(n, repeat));
        });
    }
}
