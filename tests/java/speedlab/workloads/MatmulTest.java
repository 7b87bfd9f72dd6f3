package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import speedlab.SplitMix64;

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
        assertEquals(1 * 1 + 2 * 2 + 3 * 3 + 4 * 4, sums.get("checksum_weighted"));
        // A transposed result has the same sum but another weighted sum.
        Map<String, Double> transposed = Matmul.checksums(new double[][] {{1, 3}, {2, 4}});
        assertEquals(sums.get("checksum"), transposed.get("checksum"));
        assertNotEquals(sums.get("checksum_weighted"), transposed.get("checksum_weighted"));
    }
}
