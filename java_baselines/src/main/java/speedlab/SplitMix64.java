package speedlab;

/**
 * The shared input generator: counter-based SplitMix64, identical to
 * benchmarks/harness/prng.hpp and python_baselines/prng.py.
 * u_i = splitmix64(seed + i); x_i = (u_i >>> 11) * 2^-53, a double in [0, 1).
 */
public final class SplitMix64 {
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {}

    /** One SplitMix64 step from state x (Java longs wrap like uint64). */
    public static long splitmix64(long x) {
        long z = x + GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The generator's value at index: top 53 bits scaled into [0, 1). */
    public static double uniform01(long seed, long index) {
        return (splitmix64(seed + index) >>> 11) * 0x1.0p-53;
    }

    /** Fills out[i] = uniform01(seed, offset + i). */
    public static void fill(double[] out, long seed, long offset) {
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform01(seed, offset + i);
        }
    }

    public static double[] vector(int count, long seed) {
        double[] out = new double[count];
        fill(out, seed, 0);
        return out;
    }
}
