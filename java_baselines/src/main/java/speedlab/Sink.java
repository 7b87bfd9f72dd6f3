package speedlab;

/**
 * Consumes results so the JIT cannot prove them dead and delete the work
 * (the Java counterpart of benchmark::DoNotOptimize).
 */
public final class Sink {
    private static volatile double doubleSink;
    private static volatile long longSink;
    private static volatile Object objectSink;

    private Sink() {}

    public static void consume(double value) {
        doubleSink = value;
    }

    public static void consume(long value) {
        longSink = value;
    }

    public static void consume(Object value) {
        objectSink = value;
    }
}
