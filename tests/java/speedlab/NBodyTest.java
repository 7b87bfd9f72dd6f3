package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import speedlab.workloads.NBody;

class NBodyTest {
    @Test
    void initialStateComesFromTheSharedGenerator() {
        NBody.State s = NBody.State.initial(5, 42);
        assertEquals(SplitMix64.uniform01(42, 0), s.x[0]);
        assertEquals(SplitMix64.uniform01(42, 9), s.z[1]);
        assertEquals((SplitMix64.uniform01(42, 17) - 0.5) * 0.1, s.vx[2]);
        assertEquals((0.5 + SplitMix64.uniform01(42, 34)) / 5, s.m[4]);
    }

    @Test
    void agreesWithPythonsLoopsBitForBit() {
        // Both use separately rounded IEEE operations in the same order.
        NBody.State s = NBody.State.initial(64, 42);
        NBody.simulate(s, 10);
        assertEquals(99.6817216147477, s.positionSum());
        assertEquals(-0.23245511114021983, s.velocitySum());
    }

    @Test
    void totalMomentumIsConserved() {
        NBody.State s = NBody.State.initial(50, 42);
        double[] before = momentum(s);
        NBody.simulate(s, 10);
        double[] after = momentum(s);
        for (int axis = 0; axis < 3; axis++) {
            assertEquals(before[axis], after[axis], 1e-15);
        }
    }

    private static double[] momentum(NBody.State s) {
        double[] p = new double[3];
        for (int i = 0; i < s.size(); i++) {
            p[0] += s.m[i] * s.vx[i];
            p[1] += s.m[i] * s.vy[i];
            p[2] += s.m[i] * s.vz[i];
        }
        return p;
    }
}
