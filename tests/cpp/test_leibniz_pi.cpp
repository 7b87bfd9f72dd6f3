#include "catch.hpp"
#include <cmath>

#include "cpp/leibniz_pi.hpp"

namespace lp = speedlab::leibniz_pi;

namespace {
// Closed-form reference for n terms (the Euler-number expansion of the
// remainder; exact to double precision for n >= 50):
//   4 * sum_{k<n} (-1)^k/(2k+1) = pi - (-1)^n (1/n - 1/(4n^3) + 5/(16n^5) - 61/(64n^7))
double reference(double n) {
  const double sign = std::fmod(n, 2.0) == 0.0 ? 1.0 : -1.0;
  const double inv = 1.0 / n;
  const double inv2 = inv * inv;
  return M_PI - sign * inv * (1.0 - inv2 * (0.25 - inv2 * (5.0 / 16.0 - 61.0 / 64.0 * inv2)));
}
}  // namespace

TEST_CASE("leibniz_pi: small n by hand") {
  CHECK(lp::naive(1) == 4.0);
  CHECK(lp::naive(2) == Approx(4.0 * (1.0 - 1.0 / 3.0)));
  CHECK(lp::simd(3, 1) == Approx(4.0 * (1.0 - 1.0 / 3.0 + 1.0 / 5.0)));
  CHECK(lp::simd(3, 2) == Approx(4.0 * (1.0 - 1.0 / 3.0 + 1.0 / 5.0)));
}

TEST_CASE("leibniz_pi: every C++ impl agrees with the closed form") {
  for (std::int64_t n : {1000, 1001, 12345, 1000000}) {
    const double expected = reference(static_cast<double>(n));
    INFO("n = " << n);
    CHECK(lp::naive(n) == Approx(expected).epsilon(1e-12));
    CHECK(lp::simd(n, 1) == Approx(expected).epsilon(1e-12));
    CHECK(lp::simd(n, 2) == Approx(expected).epsilon(1e-12));
    CHECK(lp::simd(n, 3) == Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("leibniz_pi: the partial sums split anywhere add up to the whole") {
  const double whole = lp::simd_partial_sum(0, 100001);
  const double split = lp::simd_partial_sum(0, 33333) + lp::simd_partial_sum(33333, 100001);
  CHECK(split == Approx(whole).epsilon(1e-14));
}
