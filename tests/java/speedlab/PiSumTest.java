package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import speedlab.workloads.PiSum;

class PiSumTest {
    @Test
    void sumsTheTermsAndRepeats() {
        assertEquals(1.0 + 0.25 + 1.0 / 9.0, PiSum.piSum(3, 1), 1e-15);
        assertEquals(PiSum.piSum(1000, 1), PiSum.piSum(1000, 5));
        // Julia's pi_sum value for n = 10,000 (the sum tends to pi^2/6 - 1/n).
        assertEquals(Math.PI * Math.PI / 6 - 1e-4 + 0.5e-8, PiSum.piSum(10_000, 1), 1e-11);
    }
}
