package speedlab.workloads;

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

    /** The checksums every language reports: the sum of C and its position-weighted sum. */
    public static Map<String, Double> checksums(double[][] c) {
        return Map.of("checksum", Matrices.sum(c), "checksum_weighted", Matrices.positionWeightedSum(c));
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", 1, MAX_N);
            double[][] a = Matrices.uniform(n, params.seed(), 0);
            double[][] b = Matrices.uniform(n, params.seed(), (long) n * n);
            double[][] c = new double[n][n];
            return new ResultRun<>(() -> {
                loops(a, b, c);
                return c;
            }, Matmul::checksums);
        });
    }
}
