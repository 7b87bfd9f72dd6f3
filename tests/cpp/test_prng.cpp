// The shared generator's test vectors: the same numbers are asserted in
// tests/python/test_prng.py and tests/java/speedlab/SplitMix64Test.java.
#include "catch.hpp"

#include "harness/prng.hpp"

using speedlab::splitmix64;
using speedlab::uniform01;

TEST_CASE("splitmix64 matches the published first output and the shared test vectors") {
  CHECK(splitmix64(0) == 0xE220A8397B1DCDAFULL);  // SplitMix64's well-known first value for seed 0
  CHECK(splitmix64(1) == 0x910A2DEC89025CC1ULL);
  CHECK(splitmix64(42) == 0xBDD732262FEB6E95ULL);
  CHECK(splitmix64(46) == 0xBAEE56F32E223007ULL);
}

TEST_CASE("uniform01 is the top 53 bits scaled into the unit interval") {
  CHECK(uniform01(0, 0) == 0.8833108082136426);
  CHECK(uniform01(0, 3) == 0.11345034205715454);
  CHECK(uniform01(42, 0) == 0.7415648787718233);
  CHECK(uniform01(42, 2) == 0.9815240544645374);
}

TEST_CASE("fill_uniform with an offset continues the same stream") {
  const auto whole = speedlab::uniform_vector(10, 42);
  const auto tail = speedlab::uniform_vector(4, 42, 6);
  for (std::size_t i = 0; i < tail.size(); ++i) CHECK(tail[i] == whole[6 + i]);
  for (double x : whole) {
    CHECK(x >= 0.0);
    CHECK(x < 1.0);
  }
}
