#include "catch.hpp"
#include <cmath>
#include <functional>
#include <vector>

#include "cpp/matmul.hpp"
#include "cpp/matrix.hpp"
#include "harness/prng.hpp"

namespace mm = speedlab::matmul;

namespace {

using Kernel = std::function<void(const double*, const double*, double*, std::int64_t)>;

std::vector<std::pair<const char*, Kernel>> kernels() {
  return {
      {"loop_order", [](const double* a, const double* b, double* c, std::int64_t n) { mm::loop_order(a, b, c, n); }},
      {"tiled, 1 thread", [](const double* a, const double* b, double* c, std::int64_t n) { mm::tiled(a, b, c, n, 1); }},
      {"tiled, 2 threads", [](const double* a, const double* b, double* c, std::int64_t n) { mm::tiled(a, b, c, n, 2); }},
      {"tiled, 3 threads", [](const double* a, const double* b, double* c, std::int64_t n) { mm::tiled(a, b, c, n, 3); }},
      {"eigen", [](const double* a, const double* b, double* c, std::int64_t n) { mm::eigen(a, b, c, n); }},
      {"openblas", [](const double* a, const double* b, double* c, std::int64_t n) { mm::openblas(a, b, c, n); }},
  };
}

}  // namespace

TEST_CASE("matmul: 2x2 by hand, every kernel") {
  const std::vector<double> a = {1, 2, 3, 4};
  const std::vector<double> b = {5, 6, 7, 8};
  const std::vector<double> expected = {19, 22, 43, 50};
  std::vector<double> c(4, -1.0);
  mm::naive(a.data(), b.data(), c.data(), 2);
  CHECK(c == expected);
  for (const auto& [name, kernel] : kernels()) {
    INFO(name);
    std::fill(c.begin(), c.end(), -1.0);
    kernel(a.data(), b.data(), c.data(), 2);
    CHECK(c == expected);
  }
}

TEST_CASE("matmul: every kernel agrees with the naive loop element by element") {
  // Sizes around the tiled kernel's edges: below and above the 6x8 micro-tile,
  // not multiples of it, past one 256-deep panel (accumulation) and past one
  // row block per thread.
  for (std::int64_t n : {1, 5, 6, 7, 8, 9, 17, 64, 100, 263, 301}) {
    const mm::Inputs in = mm::make_inputs(n, 42);
    std::vector<double> expected(static_cast<std::size_t>(n * n));
    mm::naive(in.a.data(), in.b.data(), expected.data(), n);
    for (const auto& [name, kernel] : kernels()) {
      INFO(name << ", n = " << n);
      std::vector<double> c(expected.size(), -1.0);  // garbage in C must not leak into the result
      kernel(in.a.data(), in.b.data(), c.data(), n);
      double worst = 0.0;
      for (std::size_t i = 0; i < c.size(); ++i) worst = std::max(worst, std::abs(c[i] - expected[i]) / expected[i]);
      CHECK(worst < 1e-13);
    }
  }
}

TEST_CASE("matmul: the inputs are the shared generator's values, A at offset 0 and B at n*n") {
  const mm::Inputs in = mm::make_inputs(3, 42);
  CHECK(in.a[0] == speedlab::uniform01(42, 0));
  CHECK(in.a[8] == speedlab::uniform01(42, 8));
  CHECK(in.b[0] == speedlab::uniform01(42, 9));
  CHECK(in.b[4] == speedlab::uniform01(42, 13));
}

TEST_CASE("matmul: the position-weighted checksum catches a transposed result") {
  const std::int64_t n = 5;
  const mm::Inputs in = mm::make_inputs(n, 42);
  std::vector<double> c(n * n);
  std::vector<double> transposed(n * n);
  mm::naive(in.a.data(), in.b.data(), c.data(), n);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) transposed[j * n + i] = c[i * n + j];
  }
  const mm::Checksums right = mm::checksums(c.data(), n);
  const mm::Checksums wrong = mm::checksums(transposed.data(), n);
  CHECK(wrong.sum == Approx(right.sum).epsilon(1e-15));  // the plain sum cannot tell
  CHECK(std::abs(wrong.weighted - right.weighted) > 1e-3 * right.weighted);
  // By hand: row weights w(0), w(1) = 289, 881; column weights w(2), w(3) = 898, 223.
  const std::vector<double> m = {1, 2, 3, 4};
  CHECK(speedlab::matrix::sum(m.data(), 2, 2) == 10.0);
  CHECK(mm::checksums(m.data(), 2).weighted == 289.0 * (1 * 898 + 2 * 223) + 881.0 * (3 * 898 + 4 * 223));
}
