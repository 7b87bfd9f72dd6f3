// Google Benchmark bodies for leibniz_pi (GPU tier). Iteration time is the
// kernel time from CUDA events; the end-to-end time (launch, kernel, copy of
// the partial sums back, host sum) is reported as the counter end_to_end_s.
#include "cuda/gpu_timing.cuh"
#include "cuda/leibniz_pi.cuh"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxTerms = std::int64_t{1} << 50;

void naive_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, kMaxTerms);
  cuda::leibniz_pi::Naive kernel;
  double pi = 0.0;
  cuda::time_iterations(
      state, [] {}, [&] { kernel.launch(n); },
      [&] {
        pi = kernel.finish();
        benchmark::DoNotOptimize(pi);
      });
  report_checksum(state, "checksum", pi);
}

const Registration naive_registration{"leibniz_pi", "cuda.naive", naive_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
