// Google Benchmark body for sort (GPU tier). Iteration time is the kernel
// time from CUDA events: the device copy of the unsorted input into the work
// vector and thrust::sort. end_to_end_s adds the copy of the input in and of
// the sorted output back.
#include <vector>

#include "cpp/sort.hpp"
#include "cuda/sort.cuh"
#include "harness/prng.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 28;

void thrust_body(benchmark::State& state, const Params& params) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  const std::vector<double> input = uniform_vector(n, params.seed);
  std::vector<double> sorted(n);
  cuda::sort::ThrustSort sorter(n);
  cuda::EventTimer timer;
  double end_to_end = 0.0;
  for (auto _ : state) {
    const auto begin = cuda::HostClock::now();
    sorter.upload(input.data());
    timer.start();
    sorter.sort_copy();
    timer.stop();
    sorter.download(sorted.data());
    benchmark::DoNotOptimize(sorted.data());
    end_to_end += cuda::seconds_between(begin, cuda::HostClock::now());
    state.SetIterationTime(timer.seconds());
  }
  report_checksum(state, "checksum", sort::checksum(sorted.data(), n));
  state.counters["end_to_end_s"] = benchmark::Counter(end_to_end, benchmark::Counter::kAvgIterations);
}

const Registration thrust_registration{"sort", "cuda.thrust", thrust_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
