package speedlab;

import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds Google Benchmark's JSON document (context + benchmarks) for one run:
 * one entry per repetition, then mean/median/stddev/cv aggregates as Google
 * Benchmark computes them (sample standard deviation; cv as a fraction with
 * aggregate_unit "percentage"); no aggregates for a single repetition.
 */
public final class BenchmarkJson {
    private BenchmarkJson() {}

    public static String name(String workload, String impl, Params params) {
        StringBuilder name = new StringBuilder(workload).append('/').append(impl);
        params.values().forEach((key, value) -> name.append('/').append(key).append(':').append(value));
        return name.append("/threads:").append(params.threads()).toString();
    }

    public static Map<String, Object> paramsField(Params params) {
        Map<String, Object> fields = new LinkedHashMap<>(params.values());
        fields.put("threads", params.threads());
        return fields;
    }

    /** The document of a run: each repetition's entry carries the checksums of its own outputs. */
    public static Map<String, Object> document(String workload, String impl, Params params,
                                               List<Measurement.Repetition> repetitions) {
        String name = name(workload, impl, params);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < repetitions.size(); i++) {
            Measurement.Repetition rep = repetitions.get(i);
            Map<String, Object> entry = entry(name, name, workload, impl, params, repetitions.size());
            entry.put("run_type", "iteration");
            entry.put("repetition_index", i);
            entry.put("iterations", rep.iterations());
            entry.put("real_time", (double) rep.wallNanos() / rep.iterations());
            entry.put("cpu_time", (double) rep.cpuNanos() / rep.iterations());
            entry.put("time_unit", "ns");
            entry.putAll(new TreeMap<>(rep.checksums()));
            entries.add(entry);
        }
        if (repetitions.size() > 1) {
            double[] real = repetitions.stream().mapToDouble(r -> (double) r.wallNanos() / r.iterations()).toArray();
            double[] cpu = repetitions.stream().mapToDouble(r -> (double) r.cpuNanos() / r.iterations()).toArray();
            for (String aggregate : List.of("mean", "median", "stddev", "cv")) {
                Map<String, Object> entry = entry(name + "_" + aggregate, name, workload, impl, params,
                        repetitions.size());
                entry.put("run_type", "aggregate");
                entry.put("aggregate_name", aggregate);
                entry.put("aggregate_unit", aggregate.equals("cv") ? "percentage" : "time");
                entry.put("iterations", (long) repetitions.size());
                entry.put("real_time", aggregate(aggregate, real));
                entry.put("cpu_time", aggregate(aggregate, cpu));
                entry.put("time_unit", "ns");
                // Each repetition's checksums, aggregated as Google Benchmark aggregates its counters.
                for (String key : new TreeMap<>(repetitions.get(0).checksums()).keySet()) {
                    double[] values = repetitions.stream().mapToDouble(r -> r.checksums().get(key)).toArray();
                    entry.put(key, aggregate(aggregate, values));
                }
                entries.add(entry);
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("context", context(params));
        document.put("benchmarks", entries);
        return document;
    }

    /** Google Benchmark's newer form for a benchmark that did not run, with the reason. */
    public static Map<String, Object> skipped(String workload, String impl, Params params, String reason) {
        String name = name(workload, impl, params);
        Map<String, Object> entry = entry(name, name, workload, impl, params, 0);
        entry.put("run_type", "iteration");
        entry.put("skipped", true);
        entry.put("skip_message", reason);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("context", context(params));
        document.put("benchmarks", List.of(entry));
        return document;
    }

    private static Map<String, Object> entry(String name, String runName, String workload, String impl,
                                             Params params, int repetitions) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("family_index", 0);
        entry.put("per_family_instance_index", 0);
        entry.put("run_name", runName);
        entry.put("repetitions", repetitions);
        entry.put("threads", 1);
        entry.put("workload", workload);
        entry.put("impl", impl);
        entry.put("params", paramsField(params));
        return entry;
    }

    static double aggregate(String name, double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        switch (name) {
            case "mean":
                return mean;
            case "median": {
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                int mid = sorted.length / 2;
                return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
            }
            case "stddev": {
                if (values.length < 2) {
                    return 0.0;
                }
                double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
                return Math.sqrt(squares / (values.length - 1));
            }
            case "cv":
                return mean == 0.0 ? 0.0 : aggregate("stddev", values) / mean;
            default:
                throw new IllegalArgumentException("unknown aggregate " + name);
        }
    }

    public static Map<String, Object> context(Params params) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("date", OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        context.put("host_name", hostName());
        context.put("executable", "java speedlab.Harness");
        context.put("num_cpus", Runtime.getRuntime().availableProcessors());
        context.put("library_build_type", "release");
        Map<String, Object> speedlab = new LinkedHashMap<>();
        speedlab.put("harness", "java");
        speedlab.put("java_version", System.getProperty("java.version"));
        speedlab.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        speedlab.put("java_vendor", System.getProperty("java.vendor"));
        speedlab.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        speedlab.put("seed", params.seed());
        speedlab.put("threads", params.threads());
        context.put("speedlab", speedlab);
        return context;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
