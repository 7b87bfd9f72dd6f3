package speedlab.workloads;

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

    /** The checksum: the sum of a, left to right. */
    public static double checksum(double[] a) {
        double sum = 0.0;
        for (double value : a) {
            sum += value;
        }
        return sum;
    }

    /**
     * The float32 run: b and c rounded to float once; the checksum is the float64 sum of a's values; after
     * timing, output_rel_error against the float64 triad (written into a).
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
            double sum = 0.0;
            double difference = 0.0;
            double norm = 0.0;
            for (int i = 0; i < n; i++) {
                sum += result[i];
                double d = result[i] - a[i];
                difference += d * d;
                norm += a[i] * a[i];
            }
            return Map.of("checksum", sum, "output_rel_error", Math.sqrt(difference / norm));
        });
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
            return new ResultRun<>(() -> {
                loops(a, b, c, SCALAR);
                return a;
            }, result -> Map.of("checksum", checksum(result)));
        });
    }
}
