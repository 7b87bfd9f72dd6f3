package speedlab.workloads;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Sink;
import speedlab.SplitMix64;
import speedlab.Workload;

/**
 * Sort n doubles from the shared generator, in place. The k-th sort of the process sorts input k, a
 * permutation of the generator's first n values written into the work array before the iteration,
 * untimed (benchmarks/workloads/sort.toml defines it for every language). The checksum is the exact
 * position-weighted sum of python_baselines/workloads/sort.py, computed for every output (untimed);
 * a repetition reports the smallest and the largest.
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

    /** (a_k, b_k) of input k: input_k[i] = x[(a_k * i + b_k) mod n] (sort.toml; Long arithmetic wraps like uint64). */
    public static long[] inputPermutation(long n, long seed, long k) {
        long offset = seed + n + 2 * k;
        long b = Long.remainderUnsigned(SplitMix64.splitmix64(offset + 1), n);
        if (n <= 2) {
            return new long[] {1, b};
        }
        long a = 2 + Long.remainderUnsigned(SplitMix64.splitmix64(offset), n - 2);
        while (gcd(a, n) != 1) { // n - 1 is coprime with n: a stays below n
            a++;
        }
        return new long[] {a, b};
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Writes input k (of the values x, the generator's first n) into out. */
    public static void fillInput(double[] out, double[] values, long seed, long k) {
        int n = values.length;
        long[] ab = inputPermutation(n, seed, k);
        long position = ab[1];
        for (int i = 0; i < n; i++) { // (a * i + b) mod n, stepped: a < n, so one subtraction suffices
            out[i] = values[(int) position];
            position += ab[0];
            if (position >= n) {
                position -= n;
            }
        }
    }

    /** The sort runs: a fresh input before every iteration, the checksum of every output after it. */
    private static final class FreshRun implements Run {
        private final double[] values;
        private final double[] work;
        private final long seed;
        private final boolean builtin;
        private long next; // the next input's k
        private double low = Double.POSITIVE_INFINITY;
        private double high = Double.NEGATIVE_INFINITY;

        FreshRun(int n, long seed, boolean builtin) {
            this.values = SplitMix64.vector(n, seed);
            this.work = new double[n];
            this.seed = seed;
            this.builtin = builtin;
        }

        @Override
        public boolean hasUntimedWork() {
            return true;
        }

        @Override
        public void beforeEach() {
            fillInput(work, values, seed, next++);
        }

        @Override
        public void iterate() {
            if (builtin) {
                Arrays.sort(work);
            } else {
                quicksort(work, 0, work.length - 1);
            }
            Sink.consume(work);
        }

        @Override
        public void afterEach() {
            double value = checksum(work);
            low = Math.min(low, value);
            high = Math.max(high, value);
        }

        @Override
        public Map<String, Double> checksums() {
            if (low > high) { // nothing recorded (a direct call): the work array as it is
                afterEach();
            }
            Map<String, Double> out = Map.of("checksum", low, "checksum_max", high);
            low = Double.POSITIVE_INFINITY;
            high = Double.NEGATIVE_INFINITY;
            return out;
        }
    }

    private static Run run(Params params, boolean builtin) {
        return new FreshRun((int) params.get("n", 1, MAX_N), params.seed(), builtin);
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
