package speedlab;

import java.util.Map;
import java.util.function.Function;

/**
 * One workload's Java impls. Classes in package speedlab.workloads that
 * implement this interface are found by the harness without registration.
 */
public interface Workload {
    /** The workload's manifest name, e.g. "leibniz_pi". */
    String name();

    /** Impl name (e.g. "java.loops") to a factory that prepares a run from the parameters. */
    Map<String, Function<Params, Run>> impls();

    /**
     * Thrown by an impl factory when this machine cannot or should not run it (the input would
     * not fit in memory, ...): the harness reports the benchmark as skipped with the message.
     */
    final class Skip extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Skip(String reason) {
            super(reason);
        }
    }

    /**
     * One prepared run: inputs already generated (untimed); iterate() is the
     * timed work and must hand its result to {@link Sink}; checksums() reads the
     * result after every timed batch, untimed.
     */
    interface Run {
        void iterate();

        /**
         * The checksums of the outputs since the previous call. The harness calls it after every
         * batch (and once after the warm-up, dropped), so each repetition reports its own outputs'
         * checksums; for most runs: of the last result.
         */
        Map<String, Double> checksums();

        /** Untimed work before every iteration (Google Benchmark's PauseTiming): e.g. a fresh input. */
        default void beforeEach() {}

        /** Untimed work after every iteration: e.g. checking its output. */
        default void afterEach() {}

        /** True when beforeEach/afterEach do work: the harness then times each iteration on its own. */
        default boolean hasUntimedWork() {
            return false;
        }

        /**
         * Untimed, before every timed batch of iterations (a repetition): a run whose output array lives
         * from one iteration to the next fills it with NaN here, so a kernel that skipped the work leaves
         * NaN checksums instead of the last batch's correct result.
         */
        default void beforeRepetition() {}
    }
}
