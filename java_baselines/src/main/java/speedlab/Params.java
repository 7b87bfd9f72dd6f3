package speedlab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runner's parameters for one run: workload sizes (integers), choice parameters by name
 * (dtype=float32; the runner leaves a choice at its default out), threads and seed.
 */
public final class Params {
    private final Map<String, Object> values; // Long, or String for a choice
    private final Set<String> read = new HashSet<>(); // the choices an impl asked for
    private final int threads;
    private final long seed;

    public Params(Map<String, ?> values, int threads, long seed) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.threads = threads;
        this.seed = seed;
    }

    /** A required parameter, checked against [min, max]. */
    public long get(String name, long min, long max) {
        Object raw = values.get(name);
        if (raw == null) {
            throw new IllegalArgumentException("missing parameter '" + name + "': pass --param " + name + "=VALUE");
        }
        if (!(raw instanceof Long value)) {
            throw new IllegalArgumentException("parameter " + name + "=" + raw + " must be an integer");
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

    /**
     * A choice parameter: {@code fallback} when not given; an error naming what this impl implements
     * when it is not one of {@code allowed}.
     */
    public String choice(String name, String fallback, List<String> allowed) {
        read.add(name);
        Object raw = values.getOrDefault(name, fallback);
        String value = String.valueOf(raw);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("parameter " + name + "=" + value + " is not implemented here (this impl has "
                    + name + " " + String.join(", ", allowed) + ")");
        }
        return value;
    }

    /**
     * Choice parameters given but never asked for: the impl does not implement them (it has the default
     * only), so the harness reports an error instead of labelling a float64 result float32.
     */
    public List<String> unreadChoices() {
        List<String> out = new ArrayList<>();
        values.forEach((key, value) -> {
            if (value instanceof String && !read.contains(key)) {
                out.add(key + "=" + value);
            }
        });
        return out;
    }

    public Map<String, Object> values() {
        return values;
    }

    public int threads() {
        return threads;
    }

    public long seed() {
        return seed;
    }
}
