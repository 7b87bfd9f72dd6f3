package speedlab.workloads;

import java.util.Map;
import java.util.function.DoubleSupplier;
import speedlab.Sink;
import speedlab.Workload;

/**
 * A run whose result is one number, reported as the counter "checksum" (fib, mandelbrot). Not a
 * ResultRun&lt;Double&gt;: a primitive double keeps boxing (an allocation) out of the timed iterate().
 */
final class ChecksumRun implements Workload.Run {
    private final DoubleSupplier kernel;
    private double result;

    ChecksumRun(DoubleSupplier kernel) {
        this.kernel = kernel;
    }

    @Override
    public void iterate() {
        result = kernel.getAsDouble();
        Sink.consume(result);
    }

    @Override
    public Map<String, Double> checksums() {
        return Map.of("checksum", result);
    }
}
