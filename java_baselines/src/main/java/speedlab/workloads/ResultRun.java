package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import speedlab.Sink;
import speedlab.Workload;

/**
 * A run whose result is an array (matmul, stream_triad, stencil2d): the kernel
 * is timed, the result goes to the sink, and the checksums are computed from
 * the last result after timing.
 */
final class ResultRun<T> implements Workload.Run {
    private final Supplier<T> kernel;
    private final Function<T, Map<String, Double>> checksums;
    private T result;

    ResultRun(Supplier<T> kernel, Function<T, Map<String, Double>> checksums) {
        this.kernel = kernel;
        this.checksums = checksums;
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
