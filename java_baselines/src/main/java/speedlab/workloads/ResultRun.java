package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import speedlab.Sink;
import speedlab.Workload;

/**
 * A run whose result is an array (matmul, stream_triad, stencil2d): the kernel
 * is timed, the result goes to the sink, and the checksums are computed from
 * the last result after timing. `poison` (untimed, before every repetition)
 * fills the output arrays that outlive an iteration with NaN.
 */
final class ResultRun<T> implements Workload.Run {
    private final Supplier<T> kernel;
    private final Function<T, Map<String, Double>> checksums;
    private final Runnable poison;
    private T result;

    /** A run whose result is a fresh array every iteration: nothing outlives it, nothing to poison. */
    ResultRun(Supplier<T> kernel, Function<T, Map<String, Double>> checksums) {
        this(kernel, checksums, () -> {});
    }

    ResultRun(Supplier<T> kernel, Function<T, Map<String, Double>> checksums, Runnable poison) {
        this.kernel = kernel;
        this.checksums = checksums;
        this.poison = poison;
    }

    @Override
    public void beforeRepetition() {
        poison.run();
    }

    @Override
    public void iterate() {
        result = kernel.get();
        Sink.consume(result);
    }

    @Override
    public Map<String, Double> checksums() {
        return checksums.apply(result);
    }
}
