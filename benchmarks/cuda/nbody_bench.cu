// Google Benchmark bodies for nbody (GPU tier). Iteration time is the kernel
// time from CUDA events: restoring the initial state on the device (as the
// CPU impls copy theirs) and all the step kernels. end_to_end_s adds the
// copies of the initial state in and the final state out.
#include "cpp/nbody.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/nbody.cuh"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 20;
constexpr std::int64_t kMaxSteps = 1'000'000;

void run(benchmark::State& state, const Params& params, cuda::nbody::Variant variant) {
  const auto n = static_cast<std::size_t>(params.get("n", 1, kMaxN));
  const int steps = static_cast<int>(params.get("k", 1, kMaxSteps));
  const nbody::State initial = nbody::initial_state(n, params.seed);
  nbody::State final_state = initial;
  cuda::nbody::Simulation simulation(n);
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
  const nbody::Checksums sums = nbody::checksums(final_state);
  report_checksum(state, "checksum_position", sums.position);
  report_checksum(state, "checksum_velocity", sums.velocity);
}

void naive_body(benchmark::State& state, const Params& params) { run(state, params, cuda::nbody::Variant::kNaive); }
void shared_body(benchmark::State& state, const Params& params) { run(state, params, cuda::nbody::Variant::kShared); }

const Registration naive_registration{"nbody", "cuda.naive", naive_body, Timing::kManual};
const Registration shared_registration{"nbody", "cuda.shared", shared_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
