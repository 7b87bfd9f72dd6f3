package speedlab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The runner's parameters for one run: workload sizes, threads and seed. */
public final class Params {
    private final Map<String, Long> values;
    private final int threads;
    private final long seed;

    public Params(Map<String, Long> values, int threads, long seed) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.threads = threads;
        this.seed = seed;
    }

    /** A required parameter, checked against [min, max]. */
    public long get(String name, long min, long max) {
        Long value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing parameter '" + name + "': pass --param " + name + "=VALUE");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "parameter " + name + "=" + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    public long get(String name) {
        return get(name, 1, Long.MAX_VALUE);
    }

    public Map<String, Long> values() {
        return values;
    }

    public int threads() {
        return threads;
    }

    public long seed() {
        return seed;
    }
}
