// Google Benchmark body for sort (GPU tier). Per iteration: the process's next fresh input is written
// on the host (benchmarks/workloads/sort.toml; outside both clocks, as the CPU tiers write theirs with
// the timer paused), copied to the device, sorted between two CUDA events (the iteration time: the
// sort alone, CUB's temporary storage allocated before the loop), and copied back; end_to_end_s is
// the host clock over copy in, sort and copy out. Every output's checksum is taken after its
// iteration; a repetition reports the smallest and largest (both must be the reference).
#include <utility>
#include <vector>

#include "cpp/sort.hpp"
#include "cuda/cuda_check.cuh"
#include "cuda/gpu_timing.cuh"
#include "cuda/sort.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 28;

void radix_body(benchmark::State& state, const Params& params) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  // One set of inputs per process, kept across the body calls, so input k is the process's k-th sort.
  auto& inputs = reuse(std::pair{n, params.seed}, [&] { return sort::FreshInputs(n, params.seed); });
  std::vector<double> input(n);
  std::vector<double> sorted(n);
  cuda::sort::RadixSort sorter(n);
  cuda::EventTimer timer;
  sort::OutputChecksums checks;
  double end_to_end = 0.0;
  for (auto _ : state) {
    inputs.next(input.data());
    const auto begin = cuda::HostClock::now();
    sorter.upload(input.data());
    timer.start();
    sorter.sort();
    timer.stop();
    sorter.download(sorted.data());
    end_to_end += cuda::seconds_between(begin, cuda::HostClock::now());
    state.SetIterationTime(timer.seconds());
    benchmark::DoNotOptimize(sorted.data());
    checks.add(sort::checksum(sorted.data(), n));
  }
  state.counters["end_to_end_s"] = benchmark::Counter(end_to_end, benchmark::Counter::kAvgIterations);
  cuda::report_copy_bytes(state, n * sizeof(double), n * sizeof(double));
  report_checksum(state, "checksum", checks.low);
  report_checksum(state, "checksum_max", checks.high);
}

const Registration radix_registration{"sort", "cuda.thrust", radix_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
