// The Google Benchmark body of stream_triad's CUDA impls (stream_triad_bench.cu
// registers it; tests/cuda/test_poison_cuda.cu runs it with a launch that only
// works once). Iteration time: the kernel from CUDA events; end_to_end_s adds
// copying b and c to the device and a back (cuda::time_iterations). Device a
// is filled with NaN bytes (cudaMemset, outside every timed window) and host a
// with NaN before the timed loop: cudaMalloc may hand back the memory of the
// last call, with its correct result in it. dtype = float32: b and c rounded
// to float once; the error counters against the float64 triad.
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

#include "cpp/precision.hpp"
#include "cpp/stream_triad.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/stream_triad.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab::cuda::stream_triad {

// `launch(device, s)` runs the triad on the device arrays.
template <typename T, typename Launch>
void body(benchmark::State& state, const Params& params, Launch launch) {
  namespace host_triad = speedlab::stream_triad;
  const std::int64_t n = params.get("n", 1, host_triad::kMaxN);
  host_triad::Arrays& host =
      reuse(std::pair{n, params.seed}, [&] { return host_triad::make_arrays(n, params.seed); });
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
  SPEEDLAB_CUDA_CHECK(cudaMemset(device.a.data(), 0xFF, device.bytes()));  // NaN, whatever T
  poison(a, static_cast<std::size_t>(n));
  time_iterations(
      state, [&] { device.upload(b, c); }, [&] { launch(device, static_cast<T>(host_triad::kScalar)); },
      [&] {
        device.download(a);
        benchmark::DoNotOptimize(a);
      });
  report_copy_bytes(state, 2.0 * device.bytes(), device.bytes());
  const host_triad::Checksums sums = host_triad::checksums(a, n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
  if constexpr (!std::is_same_v<T, double>) {
    std::vector<double> exact(host.a.size());
    host_triad::naive(exact.data(), host.b.data(), host.c.data(), host_triad::kScalar, n);
    report_output_errors(state, a, exact.data(), exact.size());
  }
}

}  // namespace speedlab::cuda::stream_triad
