package speedlab.workloads;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

    /** dtype = float32: the same loop over float[] (s = 3 is exact in float). */
    public static void loops(float[] a, float[] b, float[] c, float s) {
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
    }

    /** The checksums: the sum of a and its position-weighted sum (Checksums), left to right. */
    public static Map<String, Double> checksums(double[] a) {
        return Map.of("checksum", Checksums.sum(a), "checksum_weighted", Checksums.weightedSum(a));
    }

    /** a = b + s*c into a. */
    @FunctionalInterface
    interface Kernel {
        void triad(double[] a, double[] b, double[] c, double s);
    }

    /** The float64 run: a (reused by every iteration) is filled with NaN before each repetition. */
    static Run float64Run(double[] a, double[] b, double[] c, Kernel kernel) {
        return new ResultRun<>(() -> {
            kernel.triad(a, b, c, SCALAR);
            return a;
        }, StreamTriad::checksums, () -> Arrays.fill(a, Double.NaN));
    }

    /**
     * The float32 run: b and c rounded to float once; the checksums are float64 sums of a's values; after
     * timing, the error counters against the float64 triad (written into a).
     */
    private static Run float32Run(double[] a, double[] b, double[] c) {
        int n = a.length;
        float[] a32 = new float[n];
        float[] b32 = new float[n];
        float[] c32 = new float[n];
        for (int i = 0; i < n; i++) {
            b32[i] = (float) b[i];
            c32[i] = (float) c[i];
        }
        return new ResultRun<>(() -> {
            loops(a32, b32, c32, (float) SCALAR);
            return a32;
        }, result -> {
            loops(a, b, c, SCALAR);
            Map<String, Double> out = new HashMap<>(OutputErrors.counters(result, a));
            out.put("checksum", Checksums.sum(result));
            out.put("checksum_weighted", Checksums.weightedSum(result));
            return out;
        }, () -> Arrays.fill(a32, Float.NaN));
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
            if (params.choice("dtype", "float64", List.of("float64", "float32")).equals("float32")) {
                return float32Run(a, b, c);
            }
            return float64Run(a, b, c, StreamTriad::loops);
        });
    }
}
