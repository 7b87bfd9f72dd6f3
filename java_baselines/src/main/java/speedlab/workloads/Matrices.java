package speedlab.workloads;

import speedlab.SplitMix64;

/**
 * Square matrices and grids shared by the dense workloads (matmul, stencil2d):
 * inputs from the shared generator and the checksums, computed as in C++
 * (benchmarks/cpp/matrix.hpp) and Python.
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

    static double[][] copy(double[][] matrix) {
        double[][] out = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = matrix[i].clone();
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

    /** Sum of m[i][j] * (i*cols + j + 1): the 1-based row-major position as weight. */
    static double positionWeightedSum(double[][] matrix) {
        double total = 0.0;
        for (int i = 0; i < matrix.length; i++) {
            double[] row = matrix[i];
            long base = (long) i * row.length + 1;
            double rowSum = 0.0;
            for (int j = 0; j < row.length; j++) {
                rowSum += row[j] * (double) (base + j);
            }
            total += rowSum;
        }
        return total;
    }
}
