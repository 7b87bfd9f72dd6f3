package speedlab.workloads;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Workload;

/** Dense matrix multiply C = A·B, square n×n, float64; A from offset 0, B from offset n*n. */
public final class Matmul implements Workload {
    static final long MAX_N = 16384;

    /** The textbook i-j-k loop over double[][] with a scalar accumulator, as python.loops and cpp.naive. */
    public static void loops(double[][] a, double[][] b, double[][] c) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            double[] aRow = a[i];
            double[] cRow = c[i];
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int k = 0; k < n; k++) {
                    sum += aRow[k] * b[k][j];
                }
                cRow[j] = sum;
            }
        }
    }

    /** dtype = float32: the same loop over float[][], float accumulator. */
    public static void loops(float[][] a, float[][] b, float[][] c) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            float[] aRow = a[i];
            float[] cRow = c[i];
            for (int j = 0; j < n; j++) {
                float sum = 0.0f;
                for (int k = 0; k < n; k++) {
                    sum += aRow[k] * b[k][j];
                }
                cRow[j] = sum;
            }
        }
    }

    /** The checksums every language reports: the sum of C and its position-weighted sum (Checksums). */
    public static Map<String, Double> checksums(double[][] c) {
        return Map.of("checksum", Matrices.sum(c), "checksum_weighted", Checksums.weightedSum2d(c));
    }

    /** The float64 run: C (reused by every iteration) is filled with NaN before each repetition. */
    static Run float64Run(double[][] a, double[][] b, Kernel kernel) {
        double[][] c = new double[a.length][a.length];
        return new ResultRun<>(() -> {
            kernel.multiply(a, b, c);
            return c;
        }, Matmul::checksums, () -> Matrices.poison(c));
    }

    /** C = A·B into c. */
    @FunctionalInterface
    interface Kernel {
        void multiply(double[][] a, double[][] b, double[][] c);
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", 1, MAX_N);
            String dtype = params.choice("dtype", "float64", List.of("float64", "float32"));
            double[][] a = Matrices.uniform(n, params.seed(), 0);
            double[][] b = Matrices.uniform(n, params.seed(), (long) n * n);
            if (dtype.equals("float32")) {
                // The float64 inputs rounded to float once; after timing, the errors against the float64 product.
                float[][] a32 = Matrices.narrowed(a);
                float[][] b32 = Matrices.narrowed(b);
                float[][] c32 = new float[n][n];
                // The float64 product into c: at the first checksums (after timing), then kept, since the
                // harness takes every repetition's checksums.
                double[][] c = new double[n][n];
                boolean[] exact = {false};
                return new ResultRun<>(() -> {
                    loops(a32, b32, c32);
                    return c32;
                }, result -> {
                    if (!exact[0]) {
                        loops(a, b, c);
                        exact[0] = true;
                    }
                    double[][] wide = Matrices.widened(result);
                    Map<String, Double> out = new java.util.HashMap<>(checksums(wide));
                    out.putAll(OutputErrors.counters(wide, c));
                    return out;
                }, () -> Matrices.poison(c32));
            }
            return float64Run(a, b, Matmul::loops);
        });
    }
}
