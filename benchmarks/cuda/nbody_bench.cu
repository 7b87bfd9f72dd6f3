// Google Benchmark bodies for nbody (GPU tier). Iteration time is the kernel
// time from CUDA events: restoring the initial state on the device (as the
// CPU impls copy theirs) and all the step kernels. end_to_end_s adds the
// copies of the initial state in and the final state out. dtype = float32
// starts from the float64 initial state rounded once and reports
// the error counters against the same kernels run in float64. Every iteration
// uploads the initial state again, so no output survives from one call to the
// next and nothing needs poisoning.
#include "cpp/nbody.hpp"
#include "cpp/precision.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/nbody.cuh"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 20;
constexpr std::int64_t kMaxSteps = 1'000'000;

// The whole simulation on the device, once, untimed.
template <typename T>
nbody::StateOf<T> simulate_once(const nbody::StateOf<T>& initial, int steps, cuda::nbody::Variant variant) {
  cuda::nbody::SimulationOf<T> simulation(initial.count);
  simulation.upload(initial);
  simulation.reset();
  simulation.run(steps, variant);
  nbody::StateOf<T> out = initial;
  simulation.download(out);
  return out;
}

template <typename T>
void run(benchmark::State& state, const Params& params, cuda::nbody::Variant variant) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  const int steps = static_cast<int>(params.get("k", 1, kMaxSteps));
  const nbody::State doubles = nbody::initial_state(n, params.seed);
  const nbody::StateOf<T> initial = nbody::converted<T>(doubles);
  nbody::StateOf<T> final_state = initial;
  cuda::nbody::SimulationOf<T> simulation(n);
  cuda::time_iterations(
      state, [&] { simulation.upload(initial); },
      [&] {
        simulation.reset();
        simulation.run(steps, variant);
      },
      [&] {
        simulation.download(final_state);
        benchmark::DoNotOptimize(final_state.x.data());
      });
  cuda::report_copy_bytes(state, simulation.upload_bytes(), simulation.download_bytes());
  const nbody::Checksums sums = nbody::checksums(final_state);
  report_checksum(state, "checksum_position", sums.position);
  report_checksum(state, "checksum_velocity", sums.velocity);
  report_checksum(state, "checksum_weighted", sums.weighted);
  if constexpr (!std::is_same_v<T, double>) {
    const std::vector<double> got = nbody::phase_space(final_state);
    const std::vector<double> exact = nbody::phase_space(simulate_once(doubles, steps, variant));
    report_output_errors(state, got.data(), exact.data(), got.size());
  }
}

void dispatch(benchmark::State& state, const Params& params, cuda::nbody::Variant variant) {
  if (dtype_of(params) == "float32") {
    run<float>(state, params, variant);
  } else {
    run<double>(state, params, variant);
  }
}

void naive_body(benchmark::State& state, const Params& params) { dispatch(state, params, cuda::nbody::Variant::kNaive); }
void shared_body(benchmark::State& state, const Params& params) { dispatch(state, params, cuda::nbody::Variant::kShared); }

const Registration naive_registration{"nbody", "cuda.naive", naive_body, Timing::kManual};
const Registration shared_registration{"nbody", "cuda.shared", shared_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
