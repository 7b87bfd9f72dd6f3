// Impls that exist only in the test harness binary speedlab_harness_check (the real harness_main.cpp
// and registry, these bodies instead of the workloads'). They run the harness's code paths that no
// workload on a machine without a GPU reaches, so a bug there cannot hide behind the missing GPU:
//
//   harness_check/cpp.manual_time               registered Timing::kManual, as every cuda.* body is:
//                                               each iteration reports 1 ms through SetIterationTime
//   harness_check/cpp.first_repetition_wrong    its first body call (repetition 0 when there is no
//                                               warm-up) reports checksum 2, every later one 1 (the
//                                               reference): only a harness that reports every
//                                               repetition's own checksum lets the runner catch it
//   harness_check/cpp.steady                    checksum 1 in every repetition (the control)
//
// tests/python/test_harness_check.py runs them through the runner (tests/fixtures/harness_check).
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr double kIterationSeconds = 1e-3;

void manual_time_body(benchmark::State& state, const Params& params) {
  params.get("n");
  for (auto _ : state) state.SetIterationTime(kIterationSeconds);
  report_checksum(state, "checksum", 1.0);
}

void first_repetition_wrong_body(benchmark::State& state, const Params& params) {
  params.get("n");
  static int calls = 0;
  const double checksum = calls++ == 0 ? 2.0 : 1.0;
  for (auto _ : state) benchmark::DoNotOptimize(calls);
  report_checksum(state, "checksum", checksum);
}

void steady_body(benchmark::State& state, const Params& params) {
  params.get("n");
  for (auto _ : state) benchmark::ClobberMemory();
  report_checksum(state, "checksum", 1.0);
}

const Registration manual_time{"harness_check", "cpp.manual_time", manual_time_body, Timing::kManual};
const Registration first_repetition_wrong{"harness_check", "cpp.first_repetition_wrong", first_repetition_wrong_body};
const Registration steady{"harness_check", "cpp.steady", steady_body};

}  // namespace
}  // namespace speedlab
