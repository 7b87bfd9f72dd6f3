package speedlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shared generator's test vectors (the same numbers as tests/cpp/test_prng.cpp and tests/python/test_prng.py). */
class SplitMix64Test {
    @Test
    void splitmix64MatchesSharedVectors() {
        assertEquals(0xE220A8397B1DCDAFL, SplitMix64.splitmix64(0));
        assertEquals(0x910A2DEC89025CC1L, SplitMix64.splitmix64(1));
        assertEquals(0xBDD732262FEB6E95L, SplitMix64.splitmix64(42));
        assertEquals(0xBAEE56F32E223007L, SplitMix64.splitmix64(46));
    }

    @Test
    void uniform01MatchesSharedVectors() {
        assertEquals(0.8833108082136426, SplitMix64.uniform01(0, 0));
        assertEquals(0.11345034205715454, SplitMix64.uniform01(0, 3));
        assertEquals(0.7415648787718233, SplitMix64.uniform01(42, 0));
        assertEquals(0.9815240544645374, SplitMix64.uniform01(42, 2));
    }

    @Test
    void fillWithOffsetContinuesTheStream() {
        double[] whole = SplitMix64.vector(10, 42);
        double[] tail = new double[4];
        SplitMix64.fill(tail, 42, 6);
        for (int i = 0; i < tail.length; i++) {
            assertEquals(whole[6 + i], tail[i]);
        }
    }
}
