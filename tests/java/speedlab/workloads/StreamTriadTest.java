package speedlab.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamTriadTest {
    @Test
    void computesBPlusSTimesC() {
        double[] a = new double[3];
        StreamTriad.loops(a, new double[] {1, 2, 3}, new double[] {0.5, 0.25, -1}, StreamTriad.SCALAR);
        assertArrayEquals(new double[] {2.5, 2.75, 0.0}, a);
        assertEquals(5.25, StreamTriad.checksum(a));
    }
}
