package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import speedlab.Measurement;
import speedlab.SplitMix64;
import speedlab.Workload;

class MatmulTest {
    @Test
    void twoByTwoByHand() {
        double[][] c = new double[2][2];
        Matmul.loops(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5, 6}, {7, 8}}, c);
        assertArrayEquals(new double[] {19, 22}, c[0]);
        assertArrayEquals(new double[] {43, 50}, c[1]);
    }

    @Test
    void inputsComeFromTheSharedGenerator() {
        double[][] a = Matrices.uniform(3, 42, 0);
        double[][] b = Matrices.uniform(3, 42, 9);
        assertEquals(SplitMix64.uniform01(42, 5), a[1][2]);
        assertEquals(SplitMix64.uniform01(42, 9), b[0][0]);
        assertEquals(SplitMix64.uniform01(42, 17), b[2][2]);
    }

    @Test
    void checksumsAreTheSumAndThePositionWeightedSum() {
        Map<String, Double> sums = Matmul.checksums(new double[][] {{1, 2}, {3, 4}});
        assertEquals(10.0, sums.get("checksum"));
        // Rows weighted w(0), w(1) = 289, 881; columns w(2), w(3) = 898, 223.
        assertEquals(289.0 * (1 * 898 + 2 * 223) + 881.0 * (3 * 898 + 4 * 223), sums.get("checksum_weighted"));
        // A transposed result has the same sum but another weighted sum.
        Map<String, Double> transposed = Matmul.checksums(new double[][] {{1, 3}, {2, 4}});
        assertEquals(sums.get("checksum"), transposed.get("checksum"));
        assertNotEquals(sums.get("checksum_weighted"), transposed.get("checksum_weighted"));
    }

    /** The real float64 run, measured as the harness measures it, with a product computed once only. */
    @Test
    void aProductComputedOnTheFirstCallOnlyLeavesNaNChecksums() {
        double[][] a = Matrices.uniform(9, 42, 0);
        double[][] b = Matrices.uniform(9, 42, 81);
        int[] calls = {0};
        Workload.Run lazy = Matmul.float64Run(a, b, (x, y, c) -> {
            if (calls[0]++ == 0) {
                Matmul.loops(x, y, c);
            }
        });
        lazy.iterate();
        assertTrue(Double.isFinite(lazy.checksums().get("checksum_weighted")));
        Measurement.measure(lazy, 3, 0.0, 0.0);
        assertTrue(Double.isNaN(lazy.checksums().get("checksum")));
        assertTrue(Double.isNaN(lazy.checksums().get("checksum_weighted")));
    }
}
