package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.SplitMix64;
import speedlab.Workload;

/** STREAM triad a[i] = b[i] + s*c[i]; b from the generator at offset 0, c at offset n. */
public final class StreamTriad implements Workload {
    public static final double SCALAR = 3.0;
    static final long MAX_N = Integer.MAX_VALUE - 8; // the largest Java array

    /** The plain loop, as python.loops and cpp.naive (C2 vectorizes it). */
    public static void loops(double[] a, double[] b, double[] c, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
    }

    /** The checksum: the sum of a, left to right. */
    public static double checksum(double[] a) {
        double sum = 0.0;
        for (double value : a) {
            sum += value;
        }
        return sum;
    }

    @Override
    public String name() {
        return "stream_triad";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", 1, MAX_N);
            double[] a = new double[n];
            double[] b = new double[n];
            double[] c = new double[n];
            SplitMix64.fill(b, params.seed(), 0);
            SplitMix64.fill(c, params.seed(), n);
            return new ResultRun<>(() -> {
                loops(a, b, c, SCALAR);
                return a;
            }, result -> Map.of("checksum", checksum(result)));
        });
    }
}
