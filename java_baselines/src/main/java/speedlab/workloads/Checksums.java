package speedlab.workloads;

import speedlab.SplitMix64;

/**
 * The position weight behind every weighted checksum, as in python_baselines/checksums.py (the
 * definition, and why a hash of the position) and benchmarks/cpp/checksum.hpp:
 * w(p) = 1 + (splitmix64(2^63 + p) >>> 54), an integer in [1, 1024]. A 1-D output x has the weighted
 * sum sum_p x[p] w(p); a 2-D output m of rows x cols has sum_ij m[i][j] w(i) w(rows + j). Sums are
 * left to right, in double.
 */
public final class Checksums {
    public static final long WEIGHT_STREAM = Long.MIN_VALUE; // 2^63 as an unsigned 64-bit value
    private static final int WEIGHT_BITS = 10;

    private Checksums() {}

    /** Element (i, j) of an output read as a table (any layout). */
    @FunctionalInterface
    public interface Table {
        double get(int i, int j);
    }

    public static long positionWeight(long p) {
        return 1 + (SplitMix64.splitmix64(WEIGHT_STREAM + p) >>> (64 - WEIGHT_BITS));
    }

    public static double sum(double[] x) {
        double total = 0.0;
        for (double value : x) {
            total += value;
        }
        return total;
    }

    public static double sum(float[] x) {
        double total = 0.0;
        for (float value : x) {
            total += value;
        }
        return total;
    }

    /** sum_p x[p] * w(p). */
    public static double weightedSum(double[] x) {
        double total = 0.0;
        for (int p = 0; p < x.length; p++) {
            total += x[p] * (double) positionWeight(p);
        }
        return total;
    }

    public static double weightedSum(float[] x) {
        double total = 0.0;
        for (int p = 0; p < x.length; p++) {
            total += (double) x[p] * (double) positionWeight(p);
        }
        return total;
    }

    /** sum_ij t(i, j) * w(i) * w(rows + j): each row against the column weights, then the rows. */
    public static double weightedSum2d(int rows, int cols, Table table) {
        double[] columnWeights = new double[cols];
        for (int j = 0; j < cols; j++) {
            columnWeights[j] = positionWeight((long) rows + j);
        }
        double total = 0.0;
        for (int i = 0; i < rows; i++) {
            double row = 0.0;
            for (int j = 0; j < cols; j++) {
                row += table.get(i, j) * columnWeights[j];
            }
            total += row * (double) positionWeight(i);
        }
        return total;
    }

    public static double weightedSum2d(double[][] m) {
        return weightedSum2d(m.length, m.length == 0 ? 0 : m[0].length, (i, j) -> m[i][j]);
    }
}
