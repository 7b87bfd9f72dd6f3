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

    // The same vectors as tests/python/test_sort.py and tests/cpp/test_sort.cpp:
    // {n, seed, k, a_k, b_k, first integers k_i = value * 2^53 ...}.
    private static final long[][] INPUT_VECTORS = {
        {1000, 42, 0, 243, 651, 6310616612936949L, 3550701631322632L, 239015528543416L},
        {1000, 42, 1, 277, 468, 2128074245000271L, 5154609221871018L, 7550132826373329L},
        {1000, 42, 2, 57, 648, 8149164043037059L, 724503487269626L, 4531445256473849L},
        {1000, 7, 0, 507, 956, 41847437913378L, 4184379666043132L, 3314130544677021L},
        {10, 42, 0, 7, 2, 8840782731883338L, 3302224384610536L, 142129307238655L},
        {3, 42, 0, 2, 0, 6679422623415661L, 8840782731883338L, 6558851304090109L},
        {2, 42, 1, 1, 1, 6558851304090109L, 6679422623415661L},
        {1, 42, 3, 1, 0, 6679422623415661L},
    };

    @Test
    void inputKIsThePinnedPermutationSharedWithPythonAndCpp() {
        for (long[] vector : INPUT_VECTORS) {
            int n = (int) vector[0];
            long seed = vector[1];
            long k = vector[2];
            String where = "n = " + n + ", seed = " + seed + ", k = " + k;
            assertArrayEquals(new long[] {vector[3], vector[4]}, Sort.inputPermutation(n, seed, k), where);
            double[] values = SplitMix64.vector(n, seed);
            double[] input = new double[n];
            Sort.fillInput(input, values, seed, k);
            for (int i = 5; i < vector.length; i++) {
                assertEquals(vector[i], (long) (input[i - 5] * 0x1.0p53), where);
            }
            for (int i = 0; i < n; i++) { // the definition, element by element
                assertEquals(values[(int) ((vector[3] * i + vector[4]) % n)], input[i], where);
            }
            assertArrayEquals(builtinSorted(values), builtinSorted(input), where); // a permutation
        }
    }

    @Test
    void everyRepetitionReportsTheChecksumsOfItsOwnOutputs() {
        String out = Harness.execute(new String[] {"--run", "sort/java.loops", "--param", "n=1000",
            "--repetitions", "2", "--min-time", "0", "--warmup", "0"});
        // python_baselines.workloads.sort.reference({"n": 1000}): every output of every iteration.
        assertEquals(4, out.split("\"checksum\": 1.879611925400325E15", -1).length - 1, out); // 2 reps + mean, median
        assertEquals(4, out.split("\"checksum_max\": 1.879611925400325E15", -1).length - 1, out);
    }
}

