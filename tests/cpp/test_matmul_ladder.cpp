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

// The expected kernel comes from outside the source's #if chain: the flags the build passed (CMake's
// SPEEDLAB_CPU_FLAGS) and, for -march=native, what this CPU reports at run time. A typo in the chain
// (__AVX512__ for __AVX512F__), or a compiler that does not enable what the CPU has, fails here.
TEST_CASE("matmul ladder: the intrinsics kernel matches the build's target") {
  const std::string name = ladder::avx_kernel_name();
  const std::string flags = SPEEDLAB_TEST_CPU_FLAGS;
  if (flags.find("-march=native") == std::string::npos) {
    if (flags.empty()) CHECK(name.rfind("none", 0) == 0);  // the portable x86-64 baseline: no AVX2
    SUCCEED("kernels built with '" + flags + "', not for this CPU: " + name);
    return;
  }
  std::string expected = "none: compiler-vectorized base case";
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    expected = "AVX-512";
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    expected = "AVX2+FMA";
  }
#endif
  CHECK(name == expected);
}
