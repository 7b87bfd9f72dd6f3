package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

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
    void theInitialGridComesFromTheGeneratorAndTheChecksumSumsIt() {
        double[][] grid = Stencil2d.initialGrid(4, 42);
        assertEquals(speedlab.SplitMix64.uniform01(42, 6), grid[1][2]);
        assertEquals(45.0, Stencil2d.checksum(GRID));
    }
}
