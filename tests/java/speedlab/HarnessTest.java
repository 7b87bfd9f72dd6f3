package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessTest {
    @Test
    void listsTheLeibnizImpl() {
        String listing = Harness.execute(new String[] {"--list"});
        assertTrue(listing.contains("\"impl\": \"java.loops\""), listing);
        assertTrue(listing.contains("\"workload\": \"leibniz_pi\""), listing);
    }

    @Test
    void runPrintsGoogleBenchmarkJsonWithStructuredFields() {
        String out = Harness.execute(new String[] {"--run", "leibniz_pi/java.loops", "--param", "n=1000",
            "--repetitions", "3", "--min-time", "0.001", "--warmup", "0"});
        assertTrue(out.contains("\"name\": \"leibniz_pi/java.loops/n:1000/threads:1\""), out);
        assertTrue(out.contains("\"run_type\": \"aggregate\""), out);
        assertTrue(out.contains("\"aggregate_name\": \"median\""), out);
        assertTrue(out.contains("\"checksum\": 3.14059265383979"), out); // 4 * sum of 1000 terms, to rounding
        assertTrue(out.contains("\"n\": 1000"), out);
    }

    @Test
    void unknownImplNamesTheKnownOnes() {
        Harness.UsageException e = assertThrows(Harness.UsageException.class,
                () -> Harness.execute(new String[] {"--run", "leibniz_pi/java.nope", "--param", "n=10"}));
        assertTrue(e.getMessage().contains("leibniz_pi/java.loops"), e.getMessage());
    }

    @Test
    void aTimeThatIsNotAFiniteNumberOfSecondsIsAUsageError() {
        // NaN would make the calibration loop run forever (no time compares >= NaN).
        String[][] bad = {{"--min-time", "NaN"}, {"--min-time", "-1"}, {"--warmup", "Infinity"}, {"--warmup", "-0.5"}};
        for (String[] option : bad) {
            Harness.UsageException e = assertThrows(Harness.UsageException.class,
                    () -> Harness.parse(new String[] {"--run", "leibniz_pi/java.loops", option[0], option[1]}));
            assertTrue(e.getMessage().contains(option[0] + " must be a finite number of seconds >= 0, got '"
                    + option[1] + "'"), e.getMessage());
        }
        assertEquals(0.0, Harness.parseSeconds("--warmup", "0"));
    }

    @Test
    void badSizeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Harness.execute(new String[] {"--run", "leibniz_pi/java.loops", "--param", "n=0"}));
        assertTrue(e.getMessage().contains("n=0 is out of range"), e.getMessage());
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> Harness.execute(new String[] {"--run", "leibniz_pi/java.loops", "--param", "n=ten"}));
        assertTrue(notANumber.getMessage().contains("parameter n=ten must be an integer"), notANumber.getMessage());
        assertThrows(Harness.UsageException.class,
                () -> Harness.execute(new String[] {"--run", "leibniz_pi/java.loops", "--param", "n=1e6"}));
    }

    @Test
    void choiceParametersAreNamesAndAnUnsupportedValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Harness.execute(new String[] {"--run", "stream_triad/java.loops", "--param", "n=10",
                    "--param", "dtype=bf16"}));
        assertTrue(e.getMessage().contains("dtype=bf16 is not implemented here (this impl has dtype float64, float32)"),
                e.getMessage());
        String out = Harness.execute(new String[] {"--run", "stream_triad/java.loops", "--param", "n=10",
            "--param", "dtype=float32", "--repetitions", "1", "--min-time", "0", "--warmup", "0"});
        assertTrue(out.contains("\"dtype\": \"float32\""), out);
        assertTrue(out.contains("stream_triad/java.loops/n:10/dtype:float32/threads:1"), out);
        IllegalArgumentException unread = assertThrows(IllegalArgumentException.class,
                () -> Harness.execute(new String[] {"--run", "nbody/java.loops", "--param", "n=10", "--param", "k=1",
                    "--param", "dtype=float32"}));
        assertTrue(unread.getMessage().contains("java.loops does not implement dtype=float32 (it has the default only)"),
                unread.getMessage());
    }

    @Test
    void aggregatesFollowGoogleBenchmark() {
        double[] values = {1.0, 2.0, 4.0};
        assertEquals(7.0 / 3.0, BenchmarkJson.aggregate("mean", values), 1e-15);
        assertEquals(2.0, BenchmarkJson.aggregate("median", values));
        assertEquals(Math.sqrt(((1 - 7.0 / 3) * (1 - 7.0 / 3) + (2 - 7.0 / 3) * (2 - 7.0 / 3)
                + (4 - 7.0 / 3) * (4 - 7.0 / 3)) / 2), BenchmarkJson.aggregate("stddev", values), 1e-15);
        assertEquals(1.5, BenchmarkJson.aggregate("median", new double[] {1.0, 2.0}));
    }

    @Test
    void calibrationGrowsLikeGoogleBenchmark() {
        assertEquals(10, Measurement.nextIterations(1, 1e-6, 0.1)); // insignificant: x10
        assertEquals(28, Measurement.nextIterations(10, 0.05, 0.1)); // 1.4 * 0.1 / 0.05 * 10, rounded
        List<Measurement.Repetition> reps = Measurement.measure(new Workload.Run() {
            @Override
            public void iterate() {}

            @Override
            public java.util.Map<String, Double> checksums() {
                return java.util.Map.of();
            }
        }, 3, 0.0, 0.0);
        assertEquals(3, reps.size());
    }

    @Test
    void everyRepetitionReportsTheChecksumOfItsOwnOutput() {
        // Output 2 in the first iteration (= the first repetition: no warm-up, min_time 0), 1 after.
        List<Measurement.Repetition> reps = Measurement.measure(HarnessCheck.firstIterationThen(2.0, 1.0), 3, 0.0, 0.0);
        assertEquals(List.of(2.0, 1.0, 1.0), reps.stream().map(r -> r.checksums().get("checksum")).toList());
        java.util.Map<String, Object> document = BenchmarkJson.document("harness_check",
                "java.first_repetition_wrong", new Params(java.util.Map.of("n", 1L), 1, 42), reps);
        List<Object> reported = ((List<?>) document.get("benchmarks")).stream()
                .map(e -> (java.util.Map<?, ?>) e).filter(e -> "iteration".equals(e.get("run_type")))
                .map(e -> e.get("checksum")).map(Object.class::cast).toList();
        assertEquals(List.of(2.0, 1.0, 1.0), reported); // the entries the runner validates, one by one
    }

    @Test
    void untimedWorkRunsAroundEveryIterationAndChecksumsAfterEveryBatch() {
        int[] counts = new int[4]; // beforeEach, iterate, afterEach, checksums
        Workload.Run run = new Workload.Run() {
            @Override
            public boolean hasUntimedWork() {
                return true;
            }

            @Override
            public void beforeEach() {
                counts[0]++;
            }

            @Override
            public void iterate() {
                counts[1]++;
                assertEquals(counts[0], counts[1]); // the setup of this iteration ran first
            }

            @Override
            public void afterEach() {
                counts[2]++;
            }

            @Override
            public java.util.Map<String, Double> checksums() {
                counts[3]++;
                return java.util.Map.of("checksum", (double) counts[2]);
            }
        };
        List<Measurement.Repetition> reps = Measurement.measure(run, 3, 0.0, 0.0);
        assertEquals(3, counts[0]);
        assertEquals(3, counts[2]);
        assertEquals(3, counts[3]); // one batch per repetition (min_time 0: the first batch is repetition 0)
        assertEquals(List.of(1.0, 2.0, 3.0), reps.stream().map(r -> r.checksums().get("checksum")).toList());
    }
}

