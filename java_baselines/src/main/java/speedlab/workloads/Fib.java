package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Workload;

/** Recursive Fibonacci: 2 fib(n+1) - 1 calls, so what it measures is the cost of a call. */
public final class Fib implements Workload {
    private static final long MAX_N = 78; // fib(78) < 2^53: exact in a double counter

    /** The textbook doubly recursive definition, as in python.loops and cpp.naive. */
    public static long fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }

    @Override
    public String name() {
        return "fib";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", 1, MAX_N);
            return new ChecksumRun(() -> fib(n)); // fib(n) <= fib(78) < 2^53: exact as a double
        });
    }
}
