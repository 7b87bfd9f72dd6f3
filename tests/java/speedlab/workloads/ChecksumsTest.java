package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import speedlab.SplitMix64;

class ChecksumsTest {
    @Test
    void positionWeightsAreTheSharedTestVectors() {
        // python_baselines/checksums.py and benchmarks/cpp/checksum.hpp assert the same numbers.
        long[] expected = {289, 881, 898, 223, 77, 339};
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p], Checksums.positionWeight(p));
        }
        assertEquals(341, Checksums.positionWeight(1_000_000));
        for (long p = 0; p < 100_000; p++) {
            long w = Checksums.positionWeight(p);
            assertTrue(w >= 1 && w <= 1024, "w(" + p + ") = " + w);
        }
    }

    /** The weighted sum sees what the plain sum cannot: a swap, a shifted chunk, a transpose. */
    @Test
    void aSwapOrAShiftMovesTheWeightedSumButNotThePlainOne() {
        double[] x = SplitMix64.vector(10_000, 42);
        double plain = Checksums.sum(x);
        double weighted = Checksums.weightedSum(x);
        double[] swapped = x.clone();
        swapped[100] = x[101];
        swapped[101] = x[100];
        assertEquals(plain, Checksums.sum(swapped), 1e-15 * plain);
        assertTrue(Math.abs(Checksums.weightedSum(swapped) - weighted) > 1e-11 * weighted);
        double[] shifted = x.clone();
        System.arraycopy(x, 2001, shifted, 2000, 511);
        shifted[2511] = x[2000]; // a chunk of 512 rotated by one place
        assertEquals(plain, Checksums.sum(shifted), 1e-15 * plain);
        assertTrue(Math.abs(Checksums.weightedSum(shifted) - weighted) > 1e-11 * weighted);
        double[][] m = {{1, 2}, {3, 4}};
        double[][] t = {{1, 3}, {2, 4}};
        assertNotEquals(Checksums.weightedSum2d(m), Checksums.weightedSum2d(t));
    }
}
