// dtype = float32: the float kernels against the float64 ones, and the error measure.
#include "catch.hpp"
#include <cmath>
#include <vector>

#include "cpp/matmul.hpp"
#include "cpp/nbody.hpp"
#include "cpp/precision.hpp"
#include "cpp/stream_triad.hpp"

namespace pr = speedlab::precision;

TEST_CASE("precision: relative error is the 2-norm ratio, by hand") {
  const std::vector<float> result = {1.0f, 2.0f};
  const std::vector<double> reference = {1.0, 2.5};
  CHECK(pr::relative_error(result.data(), reference.data(), 2) == Approx(std::sqrt(0.25 / 7.25)).epsilon(1e-15));
  CHECK(pr::relative_error(reference.data(), reference.data(), 2) == 0.0);
  CHECK(pr::narrowed<float>({0.1, 1.0 / 3.0}) == std::vector<float>{0.1f, 1.0f / 3.0f});
}

TEST_CASE("matmul: the float32 kernels agree with float64 within float32 rounding") {
  namespace mm = speedlab::matmul;
  for (std::int64_t n : {1, 7, 64, 100}) {
    INFO("n = " << n);
    const mm::Inputs in = mm::make_inputs(n, 42);
    const std::vector<float> a = pr::narrowed<float>(in.a);
    const std::vector<float> b = pr::narrowed<float>(in.b);
    std::vector<double> exact(static_cast<std::size_t>(n * n));
    mm::naive(in.a.data(), in.b.data(), exact.data(), n);
    std::vector<float> c(exact.size());
    for (int kernel = 0; kernel < 4; ++kernel) {
      INFO("kernel " << kernel);
      std::fill(c.begin(), c.end(), -1.0f);
      if (kernel == 0) mm::naive(a.data(), b.data(), c.data(), n);
      if (kernel == 1) mm::loop_order(a.data(), b.data(), c.data(), n);
      if (kernel == 2) mm::eigen(a.data(), b.data(), c.data(), n);
      if (kernel == 3) mm::openblas(a.data(), b.data(), c.data(), n);
      // Inputs rounded (2 x 2^-24) plus n float additions: far below 1e-5 at these sizes, far above float64.
      CHECK(pr::relative_error(c.data(), exact.data(), c.size()) < 1e-6);
      CHECK(pr::relative_error(c.data(), exact.data(), c.size()) > 1e-10);
      const mm::Checksums sums = mm::checksums(c.data(), n);
      const mm::Checksums expected = mm::checksums(exact.data(), n);
      CHECK(sums.sum == Approx(expected.sum).epsilon(1e-6));
    }
  }
}

TEST_CASE("stream_triad: the float32 kernels compute b + 3c in float") {
  namespace st = speedlab::stream_triad;
  for (std::int64_t n : {1, 15, 16, 17, 1000, 100003}) {
    INFO("n = " << n);
    const st::Arrays doubles = st::make_arrays(n, 42);
    const std::vector<float> b = pr::narrowed<float>(doubles.b);
    const std::vector<float> c = pr::narrowed<float>(doubles.c);
    std::vector<float> expected(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) expected[i] = b[i] + 3.0f * c[i];
    std::vector<float> a(b.size());
    for (int kernel = 0; kernel < 3; ++kernel) {
      INFO("kernel " << kernel);
      std::fill(a.begin(), a.end(), -1.0f);
      if (kernel == 0) st::naive(a.data(), b.data(), c.data(), 3.0f, n);
      if (kernel == 1) st::openmp(a.data(), b.data(), c.data(), 3.0f, n, 2);
      if (kernel == 2) st::eigen(a.data(), b.data(), c.data(), 3.0f, n);
      double worst = 0.0;
      for (std::size_t i = 0; i < a.size(); ++i) {
        worst = std::max(worst, std::abs(static_cast<double>(a[i]) - expected[i]) / expected[i]);
      }
      CHECK(worst <= 1.2e-7);  // one float rounding apart at most (fused multiply-add or not)
    }
    CHECK(st::checksums(a.data(), n).sum ==
          Approx(st::checksums(doubles.b.data(), n).sum + 3 * st::checksums(doubles.c.data(), n).sum).epsilon(2e-7));
  }
}

TEST_CASE("nbody: float32 SoA + SIMD equals the float32 array of structs and stays near float64") {
  namespace nb = speedlab::nbody;
  for (std::size_t n : {1, 5, 33, 64}) {
    INFO("n = " << n);
    const nb::State doubles = nb::initial_state(n, 42);
    std::vector<nb::BodyOf<float>> bodies = nb::to_bodies(nb::converted<float>(doubles));
    nb::simulate_naive(bodies, 10);
    nb::StateOf<float> soa = nb::converted<float>(doubles);
    nb::simulate_openmp(soa, 10, 2);
    CHECK(nb::checksums(bodies).position == nb::checksums(soa).position);
    CHECK(nb::checksums(bodies).velocity == nb::checksums(soa).velocity);
    CHECK(nb::checksums(bodies).weighted == Approx(nb::checksums(soa).weighted).epsilon(1e-15));
    std::vector<nb::Body> exact = nb::to_bodies(doubles);
    nb::simulate_naive(exact, 10);
    const std::vector<double> got = nb::phase_space(bodies);
    CHECK(pr::relative_error(got.data(), nb::phase_space(exact).data(), got.size()) < 1e-6);
    CHECK(nb::phase_space(soa) == got);
  }
}

TEST_CASE("precision: the error counters by hand") {
  const std::vector<double> reference = {1.0, 4.0, -2.0};
  const std::vector<float> result = {1.0f, 3.0f, -2.0f};
  CHECK(pr::relative_error(result.data(), reference.data(), 3) == Approx(1.0 / std::sqrt(21.0)));
  CHECK(pr::max_relative_error(result.data(), reference.data(), 3) == 0.25);  // |3 - 4| / max |reference|
  const std::vector<float> broken = {1.0f, NAN, -2.0f};
  CHECK(std::isnan(pr::max_relative_error(broken.data(), reference.data(), 3)));
  CHECK(std::isnan(pr::relative_error(broken.data(), reference.data(), 3)));
}
