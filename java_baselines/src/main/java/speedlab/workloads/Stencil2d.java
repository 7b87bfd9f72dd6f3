package speedlab.workloads;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Workload;

/**
 * 2-D Jacobi heat diffusion: 5-point stencil over an n×n grid, k sweeps, fixed
 * boundary, the same order of additions as every language (see
 * benchmarks/cpp/stencil2d.hpp). The initial grid is never modified: sweep 1
 * writes work grid A, then A -> B -> A ...
 */
public final class Stencil2d implements Workload {
    static final long MIN_N = 3;
    static final long MAX_N = 65536;
    static final long MAX_SWEEPS = 1_000_000;

    /** Plain loops over double[][] rows, as python.loops and cpp.naive; returns the final grid. */
    public static double[][] loops(double[][] initial, double[][] workA, double[][] workB, long sweeps) {
        int n = initial.length;
        double[][] source = initial;
        for (long sweep = 0; sweep < sweeps; sweep++) {
            double[][] target = sweep % 2 == 0 ? workA : workB;
            for (int i = 1; i < n - 1; i++) {
                double[] up = source[i - 1];
                double[] row = source[i];
                double[] down = source[i + 1];
                double[] out = target[i];
                for (int j = 1; j < n - 1; j++) {
                    out[j] = 0.25 * (up[j] + down[j] + row[j - 1] + row[j + 1]);
                }
            }
            source = target;
        }
        return source;
    }

    /** The initial grid: element (i, j) is the generator's value at offset i*n + j. */
    public static double[][] initialGrid(int n, long seed) {
        return Matrices.uniform(n, seed, 0);
    }

    /** The checksums: the sum of the grid, row by row, and its position-weighted sum (Checksums). */
    public static Map<String, Double> checksums(double[][] grid) {
        return Map.of("checksum", Matrices.sum(grid), "checksum_weighted", Checksums.weightedSum2d(grid));
    }

    /** NaN into every interior point of the work grids (the boundary is copied once and never written). */
    static void poisonInteriors(double[][]... grids) {
        for (double[][] grid : grids) {
            for (int i = 1; i < grid.length - 1; i++) {
                Arrays.fill(grid[i], 1, grid[i].length - 1, Double.NaN);
            }
        }
    }

    /** k sweeps from initial through the work grids; returns the grid that holds the result. */
    @FunctionalInterface
    interface Kernel {
        double[][] sweep(double[][] initial, double[][] workA, double[][] workB, long sweeps);
    }

    /** The run: the work grids' interiors (reused by every iteration) are poisoned before each repetition. */
    static Run run(double[][] initial, long sweeps, Kernel kernel) {
        double[][] workA = Matrices.copy(initial); // the boundary, copied once
        double[][] workB = Matrices.copy(initial);
        return new ResultRun<>(() -> kernel.sweep(initial, workA, workB, sweeps), Stencil2d::checksums,
                () -> poisonInteriors(workA, workB));
    }

    @Override
    public String name() {
        return "stencil2d";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", MIN_N, MAX_N);
            long sweeps = params.get("k", 1, MAX_SWEEPS);
            return run(initialGrid(n, params.seed()), sweeps, Stencil2d::loops);
        });
    }
}
