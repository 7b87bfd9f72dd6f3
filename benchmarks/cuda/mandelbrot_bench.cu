// Google Benchmark body for mandelbrot (GPU tier). Iteration time is the
// kernel time from CUDA events (zeroing the total and the kernel);
// end_to_end_s adds the launch and the copy of the total back.
#include "cuda/mandelbrot.cuh"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = 65536;

void naive_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, kMaxN);
  cuda::mandelbrot::Naive kernel;
  cuda::EventTimer timer;
  std::int64_t total = 0;
  double end_to_end = 0.0;
  for (auto _ : state) {
    const auto begin = cuda::HostClock::now();
    timer.start();
    kernel.launch(n);
    timer.stop();
    total = kernel.finish();
    benchmark::DoNotOptimize(total);
    end_to_end += cuda::seconds_between(begin, cuda::HostClock::now());
    state.SetIterationTime(timer.seconds());
  }
  report_checksum(state, "checksum", static_cast<double>(total));
  state.counters["end_to_end_s"] = benchmark::Counter(end_to_end, benchmark::Counter::kAvgIterations);
}

const Registration naive_registration{"mandelbrot", "cuda.naive", naive_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
