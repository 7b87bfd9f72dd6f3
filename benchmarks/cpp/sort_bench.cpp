// Google Benchmark bodies for sort (C++ tiers). Before every iteration the
// process's next fresh input is written into the work buffer and after it the
// output's checksum is taken, both with the timer paused: the time is the sort
// alone, in place, on an input the branch predictor has never seen
// (benchmarks/workloads/sort.toml). Each body call (a repetition) reports the
// smallest and largest checksum of its own outputs.
#include <vector>

#include "cpp/sort.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 28;

template <typename Sorter>
void run(benchmark::State& state, const Params& params, Sorter sorter) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  // One set of inputs per process, kept across the body calls, so input k is the process's k-th sort.
  auto& inputs = reuse(std::pair{n, params.seed}, [&] { return sort::FreshInputs(n, params.seed); });
  std::vector<double> work(n);
  sort::OutputChecksums checks;
  inputs.next(work.data());  // before the loop: untimed
  benchmark::IterationCount done = 0;
  for (auto _ : state) {
    sorter(work.data(), n);
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
    state.PauseTiming();
    checks.add(sort::checksum(work.data(), n));
    if (++done < state.max_iterations) inputs.next(work.data());
    state.ResumeTiming();
  }
  report_checksum(state, "checksum", checks.low);
  report_checksum(state, "checksum_max", checks.high);
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
