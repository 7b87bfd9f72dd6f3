#include <cmath>

#include "catch.hpp"
#include "cpp/pi_sum.hpp"

TEST_CASE("pi_sum: small n by hand, and every repetition gives the same sum") {
  CHECK(speedlab::pi_sum::naive(1, 1) == 1.0);
  CHECK(speedlab::pi_sum::naive(3, 1) == Approx(1.0 + 0.25 + 1.0 / 9.0));
  CHECK(speedlab::pi_sum::naive(1000, 7) == speedlab::pi_sum::naive(1000, 1));
}

TEST_CASE("pi_sum: tends to pi^2/6 with the remainder about 1/n") {
  const double sum = speedlab::pi_sum::naive(10000, 1);
  CHECK(sum == Approx(M_PI * M_PI / 6.0 - 1.0 / 10000.0 + 0.5 / 1e8).epsilon(1e-11));
}
