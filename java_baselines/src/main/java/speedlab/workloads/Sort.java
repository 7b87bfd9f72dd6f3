package speedlab.workloads;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Sink;
import speedlab.SplitMix64;
import speedlab.Workload;

/**
 * Sort n doubles from the shared generator. Every iteration sorts a fresh
 * copy of the unsorted input (the copy is timed, in every tier). The checksum
 * is the exact position-weighted sum of python_baselines/workloads/sort.py.
 */
public final class Sort implements Workload {
    private static final long MAX_N = 1L << 28;
    private static final double TWO_53 = 0x1.0p53;
    private static final long CHECKSUM_MASK = (1L << 52) - 1;

    /**
     * The hand-written quicksort of python.loops and cpp.naive, in place on a[lo..hi]: middle-element
     * pivot, Hoare-style partition, recursion on the smaller part and a loop on the larger.
     */
    public static void quicksort(double[] a, int lo, int hi) {
        while (lo < hi) {
            double pivot = a[lo + (hi - lo) / 2];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                quicksort(a, lo, j);
                lo = i;
            } else {
                quicksort(a, i, hi);
                hi = j;
            }
        }
    }

    /** sum of (i + 1) * k_i modulo 2^52, with a_i = k_i * 2^-53 (long arithmetic wraps like uint64). */
    public static double checksum(double[] sorted) {
        long total = 0;
        for (int i = 0; i < sorted.length; i++) {
            total += (i + 1L) * (long) (sorted[i] * TWO_53);
        }
        return (double) (total & CHECKSUM_MASK);
    }

    private static Run run(Params params, boolean builtin) {
        int n = (int) params.get("n", 1, MAX_N);
        double[] input = SplitMix64.vector(n, params.seed());
        double[] work = new double[n];
        return new Run() {
            @Override
            public void iterate() {
                System.arraycopy(input, 0, work, 0, n);
                if (builtin) {
                    Arrays.sort(work);
                } else {
                    quicksort(work, 0, n - 1);
                }
                Sink.consume(work);
            }

            @Override
            public Map<String, Double> checksums() {
                return Map.of("checksum", checksum(work));
            }
        };
    }

    @Override
    public String name() {
        return "sort";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> run(params, false), "java.builtin", params -> run(params, true));
    }
}
