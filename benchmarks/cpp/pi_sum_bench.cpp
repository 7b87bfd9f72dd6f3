// Google Benchmark body for pi_sum (C++ tier).
#include "cpp/pi_sum.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

void naive_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, pi_sum::kMaxTerms);
  const std::int64_t repeat = params.get("repeat", 1, 1'000'000);
  double total = 0.0;
  for (auto _ : state) {
    std::int64_t terms = n;
    benchmark::DoNotOptimize(terms);
    total = pi_sum::naive(terms, repeat);
    benchmark::DoNotOptimize(total);
  }
  report_checksum(state, "checksum", total);
}

const Registration naive_registration{"pi_sum", "cpp.naive", naive_body};

}  // namespace
}  // namespace speedlab
