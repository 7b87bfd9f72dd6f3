// Google Benchmark body for fib (C++ tier).
#include "cpp/fib.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

void naive_body(benchmark::State& state, const Params& params) {
  const int n = static_cast<int>(params.get("n", 1, fib::kMaxN));
  std::int64_t value = 0;
  for (auto _ : state) {
    int argument = n;
    benchmark::DoNotOptimize(argument);  // no constant folding of the call tree
    value = fib::recursive(argument);
    benchmark::DoNotOptimize(value);
  }
  report_checksum(state, "checksum", static_cast<double>(value));
}

const Registration naive_registration{"fib", "cpp.naive", naive_body};

}  // namespace
}  // namespace speedlab
