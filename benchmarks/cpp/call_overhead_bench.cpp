// Google Benchmark body for call_overhead (C++ tier): the kernel alone, no
// language boundary to cross; python.cpp_ext calls the same function.
#include "cpp/call_overhead.hpp"
#include "harness/prng.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 26;

void naive_body(benchmark::State& state, const Params& params) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  const std::vector<double> a = uniform_vector(n, params.seed);
  const std::vector<double> b = uniform_vector(n, params.seed, n);
  double value = 0.0;
  for (auto _ : state) {
    const double* pa = a.data();
    benchmark::DoNotOptimize(pa);  // no hoisting of the work out of the timing loop
    value = call_overhead::dot(pa, b.data(), n);
    benchmark::DoNotOptimize(value);
  }
  report_checksum(state, "checksum", value);
}

const Registration naive_registration{"call_overhead", "cpp.naive", naive_body};

}  // namespace
}  // namespace speedlab
