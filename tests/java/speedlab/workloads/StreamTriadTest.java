package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import speedlab.Measurement;
import speedlab.SplitMix64;
import speedlab.Workload;

class StreamTriadTest {
    @Test
    void computesBPlusSTimesC() {
        double[] a = new double[3];
        StreamTriad.loops(a, new double[] {1, 2, 3}, new double[] {0.5, 0.25, -1}, StreamTriad.SCALAR);
        assertArrayEquals(new double[] {2.5, 2.75, 0.0}, a);
        Map<String, Double> sums = StreamTriad.checksums(a);
        assertEquals(5.25, sums.get("checksum"));
        assertEquals(2.5 * 289 + 2.75 * 881 + 0.0 * 898, sums.get("checksum_weighted")); // w(0..2)
    }

    /** The real float64 run, measured as the harness measures it, with a kernel that works once only. */
    @Test
    void aKernelThatWorksOnItsFirstCallOnlyLeavesNaNChecksums() {
        int n = 1000;
        double[] b = new double[n];
        double[] c = new double[n];
        SplitMix64.fill(b, 42, 0);
        SplitMix64.fill(c, 42, n);
        Workload.Run honest = StreamTriad.float64Run(new double[n], b, c, StreamTriad::loops);
        Measurement.measure(honest, 3, 0.0, 0.0);
        double expected = honest.checksums().get("checksum");
        assertTrue(Double.isFinite(expected));
        int[] calls = {0};
        Workload.Run lazy = StreamTriad.float64Run(new double[n], b, c, (a, bb, cc, s) -> {
            if (calls[0]++ == 0) {
                StreamTriad.loops(a, bb, cc, s);
            }
        });
        lazy.iterate(); // the first call: the work is done once, before any repetition
        assertEquals(expected, lazy.checksums().get("checksum"));
        Measurement.measure(lazy, 3, 0.0, 0.0); // each repetition starts from a poisoned a
        assertTrue(Double.isNaN(lazy.checksums().get("checksum")));
        assertTrue(Double.isNaN(lazy.checksums().get("checksum_weighted")));
    }
}
