package speedlab.workloads;

import speedlab.SplitMix64;

/**
 * Square matrices and grids shared by the dense workloads (matmul, stencil2d):
 * inputs from the shared generator and the plain sum, computed as in C++
 * (benchmarks/cpp/matrix.hpp) and Python (the weighted sum: Checksums).
 */
final class Matrices {
    private Matrices() {}

    /** An n×n matrix whose element (i, j) is the generator's value at offset + i*n + j. */
    static double[][] uniform(int n, long seed, long offset) {
        double[][] matrix = new double[n][n];
        for (int i = 0; i < n; i++) {
            SplitMix64.fill(matrix[i], seed, offset + (long) i * n);
        }
        return matrix;
    }

    /** NaN into every element (an output that outlives an iteration, before each repetition). */
    static void poison(double[][] matrix) {
        for (double[] row : matrix) {
            java.util.Arrays.fill(row, Double.NaN);
        }
    }

    static void poison(float[][] matrix) {
        for (float[] row : matrix) {
            java.util.Arrays.fill(row, Float.NaN);
        }
    }

    static double[][] copy(double[][] matrix) {
        double[][] out = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = matrix[i].clone();
        }
        return out;
    }

    /** The matrix rounded to float (dtype = float32 inputs). */
    static float[][] narrowed(double[][] matrix) {
        float[][] out = new float[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = new float[matrix[i].length];
            for (int j = 0; j < matrix[i].length; j++) {
                out[i][j] = (float) matrix[i][j];
            }
        }
        return out;
    }

    /** A float result as doubles (its checksums are float64 sums of its values). */
    static double[][] widened(float[][] matrix) {
        double[][] out = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = new double[matrix[i].length];
            for (int j = 0; j < matrix[i].length; j++) {
                out[i][j] = matrix[i][j];
            }
        }
        return out;
    }

    /** Sum of all elements: each row left to right, then the row sums in order. */
    static double sum(double[][] matrix) {
        double total = 0.0;
        for (double[] row : matrix) {
            double rowSum = 0.0;
            for (double value : row) {
                rowSum += value;
            }
            total += rowSum;
        }
        return total;
    }
}
