package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import speedlab.Measurement;
import speedlab.Workload;

class Stencil2dTest {
    private static final double[][] GRID = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

    @Test
    void oneSweepOfAThreeByThreeGridByHand() {
        double[][] a = Matrices.copy(GRID);
        double[][] b = Matrices.copy(GRID);
        double[][] result = Stencil2d.loops(GRID, a, b, 1);
        assertSame(a, result); // an odd number of sweeps ends in work grid A
        assertEquals(0.25 * (2 + 8 + 4 + 6), result[1][1]);
        assertArrayEquals(GRID[0], result[0]); // the boundary stays
        assertArrayEquals(new double[] {4, 5, 6}, GRID[1]); // the initial grid is never written
        assertSame(b, Stencil2d.loops(GRID, a, b, 2));
    }

    @Test
    void theInitialGridComesFromTheGeneratorAndTheChecksumsSumIt() {
        double[][] grid = Stencil2d.initialGrid(4, 42);
        assertEquals(speedlab.SplitMix64.uniform01(42, 6), grid[1][2]);
        assertEquals(45.0, Stencil2d.checksums(GRID).get("checksum"));
        // Rows weighted w(0..2) = 289, 881, 898; columns w(3..5) = 223, 77, 339.
        double weighted = 289.0 * (1 * 223 + 2 * 77 + 3 * 339) + 881.0 * (4 * 223 + 5 * 77 + 6 * 339)
                + 898.0 * (7 * 223 + 8 * 77 + 9 * 339);
        assertEquals(weighted, Stencil2d.checksums(GRID).get("checksum_weighted"));
    }

    @Test
    void poisoningKeepsTheBoundary() {
        double[][] grid = Matrices.copy(GRID);
        Stencil2d.poisonInteriors(grid);
        assertTrue(Double.isNaN(grid[1][1]));
        assertArrayEquals(GRID[0], grid[0]);
        assertEquals(4.0, grid[1][0]);
        assertEquals(6.0, grid[1][2]);
    }

    /** The real run, measured as the harness measures it, with sweeps that happen on the first call only. */
    @Test
    void sweepsThatHappenOnceOnlyLeaveNaNChecksums() {
        double[][] initial = Stencil2d.initialGrid(12, 42);
        int[] calls = {0};
        Workload.Run lazy = Stencil2d.run(initial, 3, (start, a, b, sweeps) -> {
            if (calls[0]++ == 0) {
                return Stencil2d.loops(start, a, b, sweeps);
            }
            return a; // where the result of an odd number of sweeps would be
        });
        lazy.iterate();
        double right = lazy.checksums().get("checksum");
        assertTrue(Double.isFinite(right));
        Measurement.measure(lazy, 3, 0.0, 0.0);
        assertTrue(Double.isNaN(lazy.checksums().get("checksum")));
        Workload.Run honest = Stencil2d.run(initial, 3, Stencil2d::loops);
        Measurement.measure(honest, 3, 0.0, 0.0);
        assertEquals(right, honest.checksums().get("checksum"));
    }
}
