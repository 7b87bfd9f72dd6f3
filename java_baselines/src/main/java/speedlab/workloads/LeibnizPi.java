package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Sink;
import speedlab.Workload;

/** Leibniz series for pi: pi ~= 4 * sum_{k<n} (-1)^k / (2k+1). */
public final class LeibnizPi implements Workload {
    private static final long MAX_TERMS = 1L << 50; // 2k+1 stays exact in a double

    /** The textbook loop, written as in python.loops and cpp.naive. */
    public static double loops(long n) {
        double sum = 0.0;
        double sign = 1.0;
        for (long k = 0; k < n; k++) {
            sum += sign / (2.0 * k + 1.0);
            sign = -sign;
        }
        return 4.0 * sum;
    }

    @Override
    public String name() {
        return "leibniz_pi";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            long n = params.get("n", 1, MAX_TERMS);
            return new Run() {
                private double pi;

                @Override
                public void iterate() {
                    pi = loops(n);
                    Sink.consume(pi);
                }

                @Override
                public Map<String, Double> checksums() {
                    return Map.of("checksum", pi);
                }
            };
        });
    }
}
