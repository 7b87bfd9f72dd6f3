// Google Benchmark bodies for stream_triad (GPU tier). Iteration time: the
// kernel from CUDA events; end_to_end_s adds copying b and c to the device and
// a back (cuda::time_iterations).
#include <utility>

#include "cpp/stream_triad.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/stream_triad.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

using cuda::stream_triad::DeviceArrays;

template <typename Launch>
void triad_body(benchmark::State& state, const Params& params, Launch launch) {
  const std::int64_t n = params.get("n", 1, stream_triad::kMaxN);
  stream_triad::Arrays& host =
      reuse(std::pair{n, params.seed}, [&] { return stream_triad::make_arrays(n, params.seed); });
  DeviceArrays device(n);
  cuda::time_iterations(
      state, [&] { device.upload(host.b.data(), host.c.data()); }, [&] { launch(device); },
      [&] {
        device.download(host.a.data());
        benchmark::DoNotOptimize(host.a.data());
      });
  report_checksum(state, "checksum", stream_triad::checksum(host.a.data(), n));
}

void naive_body(benchmark::State& state, const Params& params) {
  triad_body(state, params,
             [](DeviceArrays& arrays) { cuda::stream_triad::launch_naive(arrays, stream_triad::kScalar); });
}

void thrust_body(benchmark::State& state, const Params& params) {
  triad_body(state, params,
             [](DeviceArrays& arrays) { cuda::stream_triad::thrust_transform(arrays, stream_triad::kScalar); });
}

const Registration naive_registration{"stream_triad", "cuda.naive", naive_body, Timing::kManual};
const Registration thrust_registration{"stream_triad", "cuda.thrust", thrust_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
