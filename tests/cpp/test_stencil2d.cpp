#include "catch.hpp"
#include <vector>

#include "cpp/stencil2d.hpp"

namespace sd = speedlab::stencil2d;

TEST_CASE("stencil2d: one sweep of a 3x3 grid by hand") {
  const std::vector<double> initial = {1, 2, 3,  //
                                       4, 5, 6,  //
                                       7, 8, 9};
  std::vector<double> a = initial;
  std::vector<double> b = initial;
  const double* result = sd::naive(initial.data(), a.data(), b.data(), 3, 1);
  CHECK(result == a.data());  // an odd number of sweeps ends in work grid A
  std::vector<double> expected = initial;
  expected[4] = 0.25 * (2 + 8 + 4 + 6);
  CHECK(std::vector<double>(result, result + 9) == expected);
  // Two sweeps: the only interior point depends only on the fixed boundary.
  const double* twice = sd::openmp(initial.data(), a.data(), b.data(), 3, 2, 2);
  CHECK(twice == b.data());
  CHECK(twice[4] == 5.0);
}

TEST_CASE("stencil2d: naive and openmp compute the same grid bit for bit, and leave the initial grid untouched") {
  for (std::int64_t n : {3, 4, 5, 17, 64, 101}) {
    for (std::int64_t sweeps : {1, 2, 3, 10}) {
      const sd::Grids grids = sd::make_grids(n, 42);
      sd::Grids naive = grids;
      const double* expected = sd::naive(naive.initial.data(), naive.work_a.data(), naive.work_b.data(), n, sweeps);
      CHECK(naive.initial == grids.initial);
      for (int threads : {1, 2, 3}) {
        for (auto stores : {speedlab::streaming::Stores::kCached, speedlab::streaming::Stores::kStreaming}) {
          INFO("n = " << n << ", sweeps = " << sweeps << ", threads = " << threads << ", streaming = "
                      << (stores == speedlab::streaming::Stores::kStreaming));
          sd::Grids copy = grids;
          const double* result = sd::openmp_with(copy.initial.data(), copy.work_a.data(), copy.work_b.data(), n,
                                                 sweeps, threads, stores);
          CHECK(std::vector<double>(result, result + n * n) == std::vector<double>(expected, expected + n * n));
          CHECK(sd::checksums(result, n).sum == sd::checksums(expected, n).sum);
          CHECK(sd::checksums(result, n).weighted == sd::checksums(expected, n).weighted);
        }
      }
    }
  }
}

TEST_CASE("stencil2d: streaming stores only where two grids outgrow the cache") {
  CHECK(sd::stores_for(64, 1) == speedlab::streaming::Stores::kCached);
  CHECK(sd::stores_for(16384, 1) ==
        (speedlab::streaming::kAvailable ? speedlab::streaming::Stores::kStreaming : speedlab::streaming::Stores::kCached));
}

TEST_CASE("stencil2d: the boundary stays fixed and a constant grid stays constant") {
  const std::int64_t n = 9;
  const std::vector<double> initial(n * n, 0.75);
  std::vector<double> a(n * n, 0.75);
  std::vector<double> b(n * n, 0.75);
  const double* result = sd::openmp(initial.data(), a.data(), b.data(), n, 5, 2);
  CHECK(std::vector<double>(result, result + n * n) == initial);
  const sd::Grids grids = sd::make_grids(n, 42);
  sd::Grids copy = grids;
  const double* swept = sd::naive(copy.initial.data(), copy.work_a.data(), copy.work_b.data(), n, 4);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j : {std::int64_t{0}, n - 1}) {
      CHECK(swept[i * n + j] == grids.initial[i * n + j]);
      CHECK(swept[j * n + i] == grids.initial[j * n + i]);
    }
  }
}
