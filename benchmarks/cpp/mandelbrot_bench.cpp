// Google Benchmark bodies for mandelbrot (C++ tiers).
#include "cpp/mandelbrot.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = 65536;

template <typename Kernel>
void run(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, kMaxN);
  std::int64_t total = 0;
  for (auto _ : state) {
    std::int64_t side = n;
    benchmark::DoNotOptimize(side);  // the compiler may not assume n is loop-invariant
    total = kernel(side);
    benchmark::DoNotOptimize(total);
  }
  report_checksum(state, "checksum", static_cast<double>(total));
}

void naive_body(benchmark::State& state, const Params& params) {
  run(state, params, [](std::int64_t n) { return mandelbrot::naive(n); });
}

void openmp_body(benchmark::State& state, const Params& params) {
  run(state, params, [&](std::int64_t n) { return mandelbrot::openmp(n, params.threads); });
}

const Registration naive_registration{"mandelbrot", "cpp.naive", naive_body};
const Registration openmp_registration{"mandelbrot", "cpp.openmp", openmp_body};

}  // namespace
}  // namespace speedlab
