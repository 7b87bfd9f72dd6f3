package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import speedlab.workloads.LeibnizPi;

class LeibnizPiTest {
    @Test
    void smallNByHand() {
        assertEquals(4.0, LeibnizPi.loops(1));
        assertEquals(4.0 * (1.0 - 1.0 / 3.0), LeibnizPi.loops(2), 1e-15);
    }

    @Test
    void agreesWithTheClosedForm() {
        // pi - (-1)^n (1/n - 1/(4n^3) + ...): the same reference as the C++ and Python tests.
        for (long n : new long[] {1000, 1001, 1_000_000}) {
            double inv = 1.0 / n;
            double sign = n % 2 == 0 ? 1.0 : -1.0;
            double expected = Math.PI - sign * inv * (1.0 - inv * inv * 0.25);
            assertEquals(expected, LeibnizPi.loops(n), Math.abs(expected) * 1e-12);
        }
    }
}
