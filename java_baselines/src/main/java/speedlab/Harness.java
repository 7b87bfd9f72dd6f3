package speedlab;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Java harness (the contract: docs/harness-protocol.md).
 *
 * <pre>
 *   java -jar speedlab.jar --list
 *   java -jar speedlab.jar --run WORKLOAD/IMPL --param n=1000000 [--threads T] [--seed S]
 *                          [--repetitions R] [--min-time SECONDS] [--warmup SECONDS]
 * </pre>
 *
 * Prints Google Benchmark's JSON on stdout; errors go to stderr with exit 2.
 */
public final class Harness {
    static final int USAGE_ERROR = 2;

    /** A bad command line: the message says what was wrong. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    record Options(boolean list, String selection, Map<String, Object> params, int threads, long seed,
                   int repetitions, double minTime, double warmup) {}

    private Harness() {}

    public static void main(String[] args) {
        try {
            System.out.println(execute(args));
        } catch (UsageException | IllegalArgumentException e) {
            System.err.println("speedlab java harness: " + e.getMessage());
            System.err.println("usage: --list | --run WORKLOAD/IMPL --param NAME=VALUE... [--threads T] [--seed S]"
                    + " [--repetitions R] [--min-time SECONDS] [--warmup SECONDS]");
            System.exit(USAGE_ERROR);
        }
    }

    /** Runs the command line and returns what goes to stdout. */
    static String execute(String[] args) {
        return execute(args, discoverWorkloads());
    }

    /** The same, with the workloads given (tests run the harness with impls of their own). */
    public static String execute(String[] args, Map<String, Workload> workloads) {
        Options options = parse(args);
        if (options.list()) {
            return Json.write(listing(workloads));
        }
        String[] parts = options.selection().split("/", 2);
        Workload workload = parts.length == 2 ? workloads.get(parts[0]) : null;
        Function<Params, Workload.Run> factory = workload == null ? null : workload.impls().get(parts[1]);
        if (factory == null) {
            throw new UsageException("unknown implementation '" + options.selection() + "'; this harness has: "
                    + String.join(", ", implNames(workloads)));
        }
        Params params = new Params(options.params(), options.threads(), options.seed());
        Workload.Run run;
        try {
            run = factory.apply(params);
            if (!params.unreadChoices().isEmpty()) {
                throw new IllegalArgumentException(parts[1] + " does not implement "
                        + String.join(", ", params.unreadChoices()) + " (it has the default only)");
            }
        } catch (Workload.Skip skip) {
            return Json.write(BenchmarkJson.skipped(parts[0], parts[1], params, skip.getMessage()));
        }
        List<Measurement.Repetition> reps = Measurement.measure(run, options.repetitions(), options.minTime(),
                options.warmup());
        return Json.write(BenchmarkJson.document(parts[0], parts[1], params, reps));
    }

    static Options parse(String[] args) {
        boolean list = false;
        String selection = null;
        Map<String, Object> params = new LinkedHashMap<>();
        int threads = 1;
        long seed = 42;
        int repetitions = 5;
        double minTime = 0.1;
        double warmup = 0.1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--list", "--benchmark_list_tests" -> list = true;
                case "--run" -> selection = value(args, ++i, arg);
                case "--param" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--param expects NAME=VALUE, got '" + kv + "'");
                    }
                    params.put(kv.substring(0, eq), paramValue(kv.substring(0, eq), kv.substring(eq + 1)));
                }
                case "--threads" -> threads = (int) parseLong(arg, value(args, ++i, arg));
                case "--seed" -> seed = Long.parseUnsignedLong(value(args, ++i, arg));
                case "--repetitions" -> repetitions = (int) parseLong(arg, value(args, ++i, arg));
                case "--min-time" -> minTime = parseSeconds(arg, value(args, ++i, arg));
                case "--warmup" -> warmup = parseSeconds(arg, value(args, ++i, arg));
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (!list && selection == null) {
            throw new UsageException("nothing to do");
        }
        if (threads < 1 || repetitions < 1) {
            throw new UsageException("--threads and --repetitions must be >= 1");
        }
        return new Options(list, selection, params, threads, seed, repetitions, minTime, warmup);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    /** An integer, or a choice name (dtype=float32): letters, digits, '_', '.', '-', not starting with a digit. */
    static Object paramValue(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            if (text.matches("[A-Za-z_.][A-Za-z0-9_.-]*")) {
                return text;
            }
            throw new UsageException("--param " + name + " expects an integer or a choice name, got '" + text + "'");
        }
    }

    private static long parseLong(String flag, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects an integer, got '" + text + "'");
        }
    }

    /** Seconds for --min-time and --warmup: NaN would make calibration run forever, a negative time means nothing. */
    static double parseSeconds(String flag, String text) {
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new UsageException(flag + " must be a finite number of seconds >= 0, got '" + text + "'");
        }
        return seconds;
    }

    private static Map<String, Object> listing(Map<String, Workload> workloads) {
        List<Object> impls = new ArrayList<>();
        for (Workload workload : workloads.values()) {
            for (String impl : new TreeMap<>(workload.impls()).keySet()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("workload", workload.name());
                entry.put("impl", impl);
                impls.add(entry);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("harness", "java");
        out.put("available", true);
        out.put("unavailable_reason", "");
        out.put("implementations", impls);
        out.put("context", BenchmarkJson.context(new Params(Map.of(), 1, 42)).get("speedlab"));
        return out;
    }

    private static List<String> implNames(Map<String, Workload> workloads) {
        List<String> names = new ArrayList<>();
        workloads.values().forEach(w -> new TreeMap<>(w.impls()).keySet().forEach(i -> names.add(w.name() + "/" + i)));
        return names;
    }

    /** Every class in package speedlab.workloads that implements Workload, by workload name. */
    static Map<String, Workload> discoverWorkloads() {
        Map<String, Workload> found = new TreeMap<>();
        for (String className : workloadClassNames()) {
            try {
                Class<?> cls = Class.forName(className);
                if (Workload.class.isAssignableFrom(cls) && !cls.isInterface()) {
                    Workload workload = (Workload) cls.getDeclaredConstructor().newInstance();
                    found.put(workload.name(), workload);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load workload class " + className + ": " + e, e);
            }
        }
        return found;
    }

    private static List<String> workloadClassNames() {
        List<String> names = new ArrayList<>();
        String prefix = "speedlab/workloads/";
        try {
            File location = new File(Harness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.isFile()) {
                try (JarFile jar = new JarFile(location)) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(prefix) && entry.endsWith(".class") && !entry.contains("$")) {
                            names.add(entry.substring(0, entry.length() - 6).replace('/', '.'));
                        }
                    }
                }
            } else {
                Path root = location.toPath();
                try (Stream<Path> files = Files.walk(root.resolve(prefix))) {
                    files.map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                            .filter(p -> p.endsWith(".class") && !p.contains("$"))
                            .forEach(p -> names.add(p.substring(0, p.length() - 6).replace('/', '.')));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list workload classes: " + e, e);
        }
        return names;
    }
}
