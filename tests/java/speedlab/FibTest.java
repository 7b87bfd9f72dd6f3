package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import speedlab.workloads.Fib;

class FibTest {
    @Test
    void recursionGivesTheFibonacciNumbers() {
        long previous = 0;
        long current = 1;
        for (int n = 1; n <= 25; n++) {
            assertEquals(current, Fib.fib(n), "fib(" + n + ")");
            long next = previous + current;
            previous = current;
            current = next;
        }
        assertEquals(832040L, Fib.fib(30));
    }
}
