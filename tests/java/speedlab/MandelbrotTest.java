package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import speedlab.workloads.Mandelbrot;

class MandelbrotTest {
    @Test
    void escapeCountsByHand() {
        assertEquals(100, Mandelbrot.escapeIterations(0.0, 0.0));
        assertEquals(100, Mandelbrot.escapeIterations(-2.0, 0.0));
        assertEquals(3, Mandelbrot.escapeIterations(1.0, 0.0));
        assertEquals(1, Mandelbrot.escapeIterations(2.5, 0.0));
    }

    @Test
    void totalsEqualPythonsAndCppsIntegers() {
        // The same integers as tests/cpp/test_mandelbrot.cpp and python.loops.
        assertEquals(100, Mandelbrot.loops(1));
        assertEquals(55258, Mandelbrot.loops(43));
        assertEquals(479954, Mandelbrot.loops(128));
    }
}
