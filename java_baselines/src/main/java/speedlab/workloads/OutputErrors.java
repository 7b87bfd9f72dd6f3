package speedlab.workloads;

import java.util.Map;

/**
 * The two error counters of a reduced-precision (dtype = float32) result against the float64
 * computation, as python_baselines/precision.py and benchmarks/cpp/precision.hpp compute them:
 * output_rel_error = ||y - y64||_2 / ||y64||_2 (the whole output) and output_max_rel_error =
 * max |y - y64| / max |y64| (the worst element). The manifest bounds both per dtype.
 */
final class OutputErrors {
    private OutputErrors() {}

    /** Both counters over elements 0 .. count-1 of result and reference, read through the accessors. */
    static Map<String, Double> counters(int count, java.util.function.IntToDoubleFunction result,
                                        java.util.function.IntToDoubleFunction reference) {
        double difference = 0.0;
        double norm = 0.0;
        double worst = 0.0;
        double scale = 0.0;
        for (int i = 0; i < count; i++) {
            double d = result.applyAsDouble(i) - reference.applyAsDouble(i);
            double r = reference.applyAsDouble(i);
            difference += d * d;
            norm += r * r;
            worst = Double.isNaN(d) || Double.isNaN(worst) ? Double.NaN : Math.max(worst, Math.abs(d));
            scale = Math.max(scale, Math.abs(r));
        }
        double rel = norm > 0 ? Math.sqrt(difference / norm) : Math.sqrt(difference);
        double max = scale > 0 ? worst / scale : worst;
        return Map.of("output_rel_error", rel, "output_max_rel_error", max);
    }

    static Map<String, Double> counters(float[] result, double[] reference) {
        return counters(reference.length, i -> result[i], i -> reference[i]);
    }

    static Map<String, Double> counters(double[][] result, double[][] reference) {
        int cols = reference.length == 0 ? 0 : reference[0].length;
        return counters(reference.length * cols, i -> result[i / cols][i % cols], i -> reference[i / cols][i % cols]);
    }
}
