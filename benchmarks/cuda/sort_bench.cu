// Google Benchmark body for sort (GPU tier). Iteration time is the kernel
// time from CUDA events: the device copy of the unsorted input into the work
// vector and thrust::sort. end_to_end_s adds the copy of the input in and of
// the sorted output back.
#include <vector>

#include "cpp/sort.hpp"
#include "cuda/gpu_timing.cuh"
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
  cuda::time_iterations(
      state, [&] { sorter.upload(input.data()); }, [&] { sorter.sort_copy(); },
      [&] {
        sorter.download(sorted.data());
        benchmark::DoNotOptimize(sorted.data());
      });
  cuda::report_copy_bytes(state, n * sizeof(double), n * sizeof(double));
  report_checksum(state, "checksum", sort::checksum(sorted.data(), n));
}

const Registration thrust_registration{"sort", "cuda.thrust", thrust_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
