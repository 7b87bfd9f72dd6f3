// Google Benchmark registrations for stream_triad (GPU tier); the body is
// cuda/stream_triad_body.cuh.
#include "cuda/stream_triad_body.cuh"

namespace speedlab {
namespace {

void naive_body(benchmark::State& state, const Params& params) {
  const auto launch = [](auto& arrays, auto s) { cuda::stream_triad::launch_naive(arrays, s); };
  if (dtype_of(params) == "float32") {
    cuda::stream_triad::body<float>(state, params, launch);
  } else {
    cuda::stream_triad::body<double>(state, params, launch);
  }
}

void thrust_body(benchmark::State& state, const Params& params) {
  const auto launch = [](auto& arrays, auto s) { cuda::stream_triad::thrust_transform(arrays, s); };
  if (dtype_of(params) == "float32") {
    cuda::stream_triad::body<float>(state, params, launch);
  } else {
    cuda::stream_triad::body<double>(state, params, launch);
  }
}

const Registration naive_registration{"stream_triad", "cuda.naive", naive_body, Timing::kManual};
const Registration thrust_registration{"stream_triad", "cuda.thrust", thrust_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
