// Google Benchmark bodies for leibniz_pi (C++ tier).
#include "cpp/leibniz_pi.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxTerms = std::int64_t{1} << 50;  // 2k+1 stays exact in a double

void naive_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, kMaxTerms);
  double pi = 0.0;
  for (auto _ : state) {
    std::int64_t terms = n;
    benchmark::DoNotOptimize(terms);  // the compiler may not assume n is loop-invariant
    pi = leibniz_pi::naive(terms);
    benchmark::DoNotOptimize(pi);
  }
  report_checksum(state, "checksum", pi);
}

void simd_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, kMaxTerms);
  double pi = 0.0;
  for (auto _ : state) {
    std::int64_t terms = n;
    benchmark::DoNotOptimize(terms);
    pi = leibniz_pi::simd(terms, params.threads);
    benchmark::DoNotOptimize(pi);
  }
  report_checksum(state, "checksum", pi);
}

const Registration naive_registration{"leibniz_pi", "cpp.naive", naive_body};
const Registration simd_registration{"leibniz_pi", "cpp.simd", simd_body};

}  // namespace
}  // namespace speedlab
