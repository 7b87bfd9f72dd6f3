// Google Benchmark bodies for stream_triad (GPU tier). Iteration time: the
// kernel from CUDA events; end_to_end_s adds copying b and c to the device and
// a back (cuda::time_iterations). dtype = float32: b and c rounded to float
// once; output_rel_error against the float64 triad.
#include <utility>

#include "cpp/precision.hpp"
#include "cpp/stream_triad.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/stream_triad.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

using cuda::stream_triad::DeviceArraysOf;

template <typename T, typename Launch>
void typed_body(benchmark::State& state, const Params& params, Launch launch) {
  const std::int64_t n = params.get("n", 1, stream_triad::kMaxN);
  stream_triad::Arrays& host =
      reuse(std::pair{n, params.seed}, [&] { return stream_triad::make_arrays(n, params.seed); });
  // float32: b and c rounded once (untimed); float64 uses the host arrays as they are.
  std::vector<T> b_narrow, c_narrow, a_narrow;
  const T* b = nullptr;
  const T* c = nullptr;
  T* a = nullptr;
  if constexpr (std::is_same_v<T, double>) {
    b = host.b.data();
    c = host.c.data();
    a = host.a.data();
  } else {
    b_narrow = precision::narrowed<T>(host.b);
    c_narrow = precision::narrowed<T>(host.c);
    a_narrow.assign(host.a.size(), T(0));
    b = b_narrow.data();
    c = c_narrow.data();
    a = a_narrow.data();
  }
  DeviceArraysOf<T> device(n);
  cuda::time_iterations(
      state, [&] { device.upload(b, c); }, [&] { launch(device, static_cast<T>(stream_triad::kScalar)); },
      [&] {
        device.download(a);
        benchmark::DoNotOptimize(a);
      });
  cuda::report_copy_bytes(state, 2.0 * device.bytes(), device.bytes());
  report_checksum(state, "checksum", stream_triad::checksum(a, n));
  if constexpr (!std::is_same_v<T, double>) {
    std::vector<double> exact(host.a.size());
    stream_triad::naive(exact.data(), host.b.data(), host.c.data(), stream_triad::kScalar, n);
    report_output_error(state, precision::relative_error(a, exact.data(), exact.size()));
  }
}

void naive_body(benchmark::State& state, const Params& params) {
  const auto launch = [](auto& arrays, auto s) { cuda::stream_triad::launch_naive(arrays, s); };
  if (dtype_of(params) == "float32") {
    typed_body<float>(state, params, launch);
  } else {
    typed_body<double>(state, params, launch);
  }
}

void thrust_body(benchmark::State& state, const Params& params) {
  const auto launch = [](auto& arrays, auto s) { cuda::stream_triad::thrust_transform(arrays, s); };
  if (dtype_of(params) == "float32") {
    typed_body<float>(state, params, launch);
  } else {
    typed_body<double>(state, params, launch);
  }
}

const Registration naive_registration{"stream_triad", "cuda.naive", naive_body, Timing::kManual};
const Registration thrust_registration{"stream_triad", "cuda.thrust", thrust_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
