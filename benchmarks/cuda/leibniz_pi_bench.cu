// Google Benchmark bodies for leibniz_pi (GPU tier). Iteration time is the
// kernel time from CUDA events; the end-to-end time (launch, kernel, copy of
// the partial sums back, host sum) is reported as the counter end_to_end_s.
#include "cuda/leibniz_pi.cuh"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxTerms = std::int64_t{1} << 50;

void naive_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, kMaxTerms);
  cuda::leibniz_pi::Naive kernel;
  cuda::EventTimer timer;
  double pi = 0.0;
  double end_to_end = 0.0;
  for (auto _ : state) {
    const auto begin = cuda::HostClock::now();
    timer.start();
    kernel.launch(n);
    timer.stop();
    pi = kernel.finish();
    benchmark::DoNotOptimize(pi);
    end_to_end += cuda::seconds_between(begin, cuda::HostClock::now());
    state.SetIterationTime(timer.seconds());
  }
  report_checksum(state, "checksum", pi);
  state.counters["end_to_end_s"] = benchmark::Counter(end_to_end, benchmark::Counter::kAvgIterations);
}

const Registration naive_registration{"leibniz_pi", "cuda.naive", naive_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
