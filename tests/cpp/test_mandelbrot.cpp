#include "catch.hpp"

#include "cpp/mandelbrot.hpp"

namespace mb = speedlab::mandelbrot;

TEST_CASE("mandelbrot: escape counts by hand") {
  CHECK(mb::escape_iterations(0.0, 0.0) == mb::kMaxIterations);   // the origin never escapes
  CHECK(mb::escape_iterations(-2.0, 0.0) == mb::kMaxIterations);  // 0, -2, 2, 2, ...: bounded (|z|^2 = 4 is not > 4)
  CHECK(mb::escape_iterations(1.0, 0.0) == 3);                     // 0, 1, 2, 5: |5|^2 > 4 after 3 iterations
  CHECK(mb::escape_iterations(2.5, 0.0) == 1);                     // z1 = c is already outside
  CHECK(mb::escape_iterations(0.0, 1.0) == mb::kMaxIterations);   // i: 0, i, -1+i, -i, -1+i, ... periodic
}

TEST_CASE("mandelbrot: pixel centres are symmetric and the middle row of an odd grid is the real axis") {
  for (std::int64_t n : {1, 3, 43, 1001}) {
    const double h = mb::half_pixel(n);
    INFO("n = " << n);
    CHECK(mb::offset(n / 2, n, h) == 0.0);
    for (std::int64_t i = 0; i < n; ++i) CHECK(mb::offset(i, n, h) == -mb::offset(n - 1 - i, n, h));
  }
  // n = 1: one pixel at the grid's centre (-0.75, 0), inside the set.
  CHECK(mb::naive(1) == mb::kMaxIterations);
}

TEST_CASE("mandelbrot: C++ totals equal Python's exact integers") {
  // python_baselines.workloads.mandelbrot.mandelbrot_loops(n) for these n.
  CHECK(mb::naive(43) == 55258);
  CHECK(mb::naive(128) == 479954);
  CHECK(mb::openmp(43, 1) == 55258);
  CHECK(mb::openmp(128, 2) == 479954);
}

TEST_CASE("mandelbrot: the SIMD + OpenMP impl equals the scalar one at every size and thread count") {
  for (std::int64_t n = 1; n <= 40; ++n) {  // every remainder of the 16-pixel SIMD groups
    INFO("n = " << n);
    CHECK(mb::openmp(n, 1) == mb::naive(n));
  }
  for (std::int64_t n : {127, 333}) {
    const std::int64_t expected = mb::naive(n);
    for (int threads : {1, 2, 3}) {
      INFO("n = " << n << ", threads = " << threads);
      CHECK(mb::openmp(n, threads) == expected);
    }
  }
}
