package speedlab;

import java.util.Map;
import java.util.function.Function;

/**
 * The real Java harness with test-only impls, started as a program by the runner's test
 * (tests/python/test_harness_check.py, tests/fixtures/harness_check):
 *
 * <pre>
 *   harness_check/java.first_repetition_wrong   output 2 at its first iteration (the whole first
 *                                               repetition without warm-up, min_time 0), 1 (the
 *                                               reference) after: caught only if every repetition
 *                                               reports the checksum of its own output
 *   harness_check/java.steady                   always 1 (the control)
 * </pre>
 */
public final class HarnessCheck implements Workload {
    private HarnessCheck() {}

    public static void main(String[] args) {
        try {
            System.out.println(Harness.execute(args, Map.of("harness_check", new HarnessCheck())));
        } catch (IllegalArgumentException e) {
            System.err.println("speedlab java harness check: " + e.getMessage());
            System.exit(Harness.USAGE_ERROR);
        }
    }

    /**
     * A run whose output is `first` at its first iteration and `later` after it. With no warm-up and
     * min_time 0 the first repetition is that one iteration: a harness that reports one final checksum
     * for every repetition reports `later` throughout and hides the wrong first repetition.
     */
    static Run firstIterationThen(double first, double later) {
        return new Run() {
            private long calls;
            private double output;

            @Override
            public void iterate() {
                output = calls++ == 0 ? first : later;
                Sink.consume(output);
            }

            @Override
            public Map<String, Double> checksums() {
                return Map.of("checksum", output);
            }
        };
    }

    @Override
    public String name() {
        return "harness_check";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of(
                "java.first_repetition_wrong", params -> firstIterationThen(2.0, 1.0),
                "java.steady", params -> firstIterationThen(1.0, 1.0));
    }
}
