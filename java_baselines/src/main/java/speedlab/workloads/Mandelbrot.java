package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Workload;

/**
 * Mandelbrot escape-time counts over an n x n grid of [-2, 0.5] x [-1.25, 1.25],
 * at most 100 iterations, pixel centres cr = -0.75 + (2j + 1 - n) * h,
 * ci = (2i + 1 - n) * h with h = 1.25 / n: the definition in
 * python_baselines/workloads/mandelbrot.py, operation for operation.
 */
public final class Mandelbrot implements Workload {
    public static final int MAX_ITERATIONS = 100;
    private static final long MAX_N = 65_536;

    /** Iterations before z escapes |z|^2 > 4 (MAX_ITERATIONS if it never does). */
    public static int escapeIterations(double cr, double ci) {
        double zr = 0.0;
        double zi = 0.0;
        int count = 0;
        while (count < MAX_ITERATIONS) {
            double zr2 = zr * zr;
            double zi2 = zi * zi;
            if (zr2 + zi2 > 4.0) {
                break;
            }
            zi = 2.0 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
            count++;
        }
        return count;
    }

    /** The total iteration count over the grid: the pixel loop of python.loops and cpp.naive. */
    public static long loops(int n) {
        double h = 1.25 / n;
        long total = 0;
        for (int i = 0; i < n; i++) {
            double ci = (2L * i + 1 - n) * h;
            for (int j = 0; j < n; j++) {
                double cr = -0.75 + (2L * j + 1 - n) * h;
                total += escapeIterations(cr, ci);
            }
        }
        return total;
    }

    @Override
    public String name() {
        return "mandelbrot";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", 1, MAX_N);
            return new ChecksumRun(() -> loops(n));
        });
    }
}
