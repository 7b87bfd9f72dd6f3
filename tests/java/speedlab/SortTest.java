package speedlab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import speedlab.workloads.Sort;

class SortTest {
    private static double[] quicksorted(double[] values) {
        double[] out = values.clone();
        Sort.quicksort(out, 0, out.length - 1);
        return out;
    }

    private static double[] builtinSorted(double[] values) {
        double[] out = values.clone();
        Arrays.sort(out);
        return out;
    }

    @Test
    void handQuicksortSortsAwkwardInputs() {
        double[][] cases = {
            {1.0}, {2.0, 1.0}, {1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}, {3, 3, 3, 3}, {0.5, 0.25, 0.5, 0.25, 0.5, 0.0, 0.5},
        };
        for (double[] values : cases) {
            assertArrayEquals(builtinSorted(values), quicksorted(values));
        }
        for (int n = 1; n <= 64; n++) {
            double[] values = SplitMix64.vector(n, n);
            assertArrayEquals(builtinSorted(values), quicksorted(values), "n = " + n);
        }
        double[] large = SplitMix64.vector(100_003, 42);
        assertArrayEquals(builtinSorted(large), quicksorted(large));
    }

    @Test
    void checksumIsExactAndSharedWithPythonAndCpp() {
        double[] sorted = builtinSorted(SplitMix64.vector(1000, 42));
        assertEquals(1879611925400325.0, Sort.checksum(sorted));
        double[] swapped = sorted.clone();
        swapped[500] = sorted[501];
        swapped[501] = sorted[500];
        assertNotEquals(Sort.checksum(sorted), Sort.checksum(swapped));
        assertEquals(13.0, Sort.checksum(new double[] {3 * 0x1.0p-53, 5 * 0x1.0p-53}));
    }
}
