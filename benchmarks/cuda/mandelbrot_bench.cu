// Google Benchmark body for mandelbrot (GPU tier). Iteration time is the
// kernel time from CUDA events (zeroing the total and the kernel);
// end_to_end_s adds the launch and the copy of the total back.
#include "cuda/gpu_timing.cuh"
#include "cuda/mandelbrot.cuh"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = 65536;

void naive_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, kMaxN);
  cuda::mandelbrot::Naive kernel;
  std::int64_t total = 0;
  cuda::time_iterations(
      state, [] {}, [&] { kernel.launch(n); },
      [&] {
        total = kernel.finish();
        benchmark::DoNotOptimize(total);
      });
  report_checksum(state, "checksum", static_cast<double>(total));
}

const Registration naive_registration{"mandelbrot", "cuda.naive", naive_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
