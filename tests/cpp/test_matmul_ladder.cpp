#include <vector>

#include "catch.hpp"
#include "cpp/matmul.hpp"
#include "cpp/matmul_ladder.hpp"

namespace ladder = speedlab::matmul::ladder;

namespace {
std::vector<double> product(void (*kernel)(const double*, const double*, double*, std::int64_t, int),
                            const speedlab::matmul::Inputs& in, std::int64_t n, int threads) {
  std::vector<double> c(static_cast<std::size_t>(n * n), -1.0);  // garbage: every kernel must overwrite C
  kernel(in.a.data(), in.b.data(), c.data(), n, threads);
  return c;
}
}  // namespace

TEST_CASE("matmul ladder: every step computes the naive product, at awkward sizes and thread counts") {
  for (std::int64_t n : {1, 7, 64, 65, 131, 200}) {
    const auto in = speedlab::matmul::make_inputs(n, 42);
    std::vector<double> expected(static_cast<std::size_t>(n * n));
    speedlab::matmul::naive(in.a.data(), in.b.data(), expected.data(), n);
    for (int threads : {1, 2, 3}) {
      for (auto kernel : {ladder::parallel_loops, ladder::parallel_dac, ladder::dac_vectorized, ladder::avx}) {
        const auto c = product(kernel, in, n, threads);
        for (std::size_t i = 0; i < c.size(); ++i) {
          INFO("n = " << n << ", threads = " << threads << ", element " << i);
          REQUIRE(c[i] == Approx(expected[i]).epsilon(1e-12));
        }
      }
    }
  }
}

TEST_CASE("matmul ladder: the intrinsics kernel matches the build's target") {
  const std::string name = ladder::avx_kernel_name();
#if defined(__AVX512F__)
  CHECK(name == "AVX-512");
#elif defined(__AVX2__) && defined(__FMA__)
  CHECK(name == "AVX2+FMA");
#else
  CHECK(name.rfind("none", 0) == 0);
#endif
}
