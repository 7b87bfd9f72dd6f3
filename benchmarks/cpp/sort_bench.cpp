// Google Benchmark bodies for sort (C++ tiers). Each iteration copies the
// unsorted input into the work buffer and sorts it; the copy is timed, as in
// every language.
#include <algorithm>
#include <vector>

#include "cpp/sort.hpp"
#include "harness/prng.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 28;

template <typename Sorter>
void run(benchmark::State& state, const Params& params, Sorter sorter) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  const std::vector<double> input = uniform_vector(n, params.seed);
  std::vector<double> work(n);
  for (auto _ : state) {
    std::copy(input.begin(), input.end(), work.begin());
    sorter(work.data(), n);
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
  }
  report_checksum(state, "checksum", sort::checksum(work.data(), n));
}

void naive_body(benchmark::State& state, const Params& params) {
  run(state, params, [](double* a, std::size_t n) { sort::quicksort(a, 0, static_cast<std::int64_t>(n) - 1); });
}

void std_body(benchmark::State& state, const Params& params) {
  run(state, params, [](double* a, std::size_t n) { sort::std_sort(a, n); });
}

void parallel_body(benchmark::State& state, const Params& params) {
  run(state, params, [&](double* a, std::size_t n) { sort::parallel_sort(a, n, params.threads); });
}

const Registration naive_registration{"sort", "cpp.naive", naive_body};
const Registration std_registration{"sort", "cpp.std", std_body};
const Registration parallel_registration{"sort", "cpp.parallel", parallel_body};

}  // namespace
}  // namespace speedlab
