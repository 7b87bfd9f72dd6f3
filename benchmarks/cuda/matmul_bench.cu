// Google Benchmark bodies for matmul (GPU tier). Iteration time is the kernel
// (or cuBLAS call) from CUDA events; end_to_end_s adds copying A and B to the
// device and C back (cuda::time_iterations). Inputs are generated on the host
// once, as in C++. dtype float32, tf32 and bf16 start from the float64 inputs
// rounded once (untimed; bf16: to bfloat16, C comes back as float32) and,
// after timing, report output_rel_error against the float64 product of the
// float64 inputs (cublasDgemm): the tensor-core modes' accuracy beside their
// speed. Device C and host C are filled with NaN before the timed loop
// (outside every timed window): cudaMalloc may hand back the memory of the
// last call with its correct product in it.
#include <cuda_bf16.h>

#include <utility>
#include <vector>

#include "cpp/matmul.hpp"
#include "cpp/precision.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/matmul.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

using cuda::matmul::DeviceMatrices;

// Times launch(device) with A and B copied in and C copied back into host_c.
template <typename TIn, typename TOut, typename Launch>
void gpu_body(benchmark::State& state, std::int64_t n, const std::vector<TIn>& host_a, const std::vector<TIn>& host_b,
              std::vector<TOut>& host_c, Launch launch) {
  DeviceMatrices<TIn, TOut> device(n);
  SPEEDLAB_CUDA_CHECK(cudaMemset(device.c.data(), 0xFF, device.out_bytes()));  // NaN (float, double)
  poison(host_c);
  cuda::time_iterations(
      state, [&] { device.upload(host_a.data(), host_b.data()); }, [&] { launch(device); },
      [&] {
        device.download(host_c.data());
        benchmark::DoNotOptimize(host_c.data());
      });
  cuda::report_copy_bytes(state, 2.0 * device.in_bytes(), device.out_bytes());
}

template <typename T>
void report(benchmark::State& state, const std::vector<T>& c, std::int64_t n) {
  const matmul::Checksums sums = matmul::checksums(c.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

const matmul::Inputs& inputs_for(const Params& params, std::int64_t n) {
  return reuse(std::pair{n, params.seed}, [&] { return matmul::make_inputs(n, params.seed); });
}

// The float64 product of the float64 inputs on the GPU (cublasDgemm), for output_rel_error.
std::vector<double> float64_product(const matmul::Inputs& inputs, std::int64_t n) {
  DeviceMatrices<double> device(n);
  device.upload(inputs.a.data(), inputs.b.data());
  cuda::matmul::Cublas cublas;
  cublas.dgemm(device);
  std::vector<double> c(static_cast<std::size_t>(n * n));
  device.download(c.data());
  return c;
}

// The float64 inputs rounded to nearest once, straight to TIn (float, or bfloat16: no double rounding).
template <typename TIn>
std::vector<TIn> rounded(const std::vector<double>& values) {
  if constexpr (std::is_same_v<TIn, __nv_bfloat16>) {
    std::vector<TIn> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = __double2bfloat16(values[i]);
    return out;
  } else {
    return precision::narrowed<TIn>(values);
  }
}

// One body for every dtype: TIn is what A and B are stored as on the device, TOut what C is.
template <typename TIn, typename TOut, typename Launch>
void typed_body(benchmark::State& state, const Params& params, Launch launch) {
  const std::int64_t n = params.get("n", 1, matmul::kMaxN);
  const matmul::Inputs& inputs = inputs_for(params, n);
  std::vector<TOut> c(static_cast<std::size_t>(n * n));
  if constexpr (std::is_same_v<TIn, double>) {
    gpu_body(state, n, inputs.a, inputs.b, c, launch);
    report(state, c, n);
  } else {
    const std::vector<TIn> a = rounded<TIn>(inputs.a);
    const std::vector<TIn> b = rounded<TIn>(inputs.b);
    gpu_body(state, n, a, b, c, launch);
    report(state, c, n);
    const std::vector<double> exact = float64_product(inputs, n);
    report_output_errors(state, c.data(), exact.data(), c.size());
  }
}

void naive_body(benchmark::State& state, const Params& params) {
  if (dtype_of(params) == "float32") {
    typed_body<float, float>(state, params, [](const DeviceMatrices<float>& m) { cuda::matmul::launch_naive(m); });
  } else {
    typed_body<double, double>(state, params,
                               [](const DeviceMatrices<double>& m) { cuda::matmul::launch_naive(m); });
  }
}

void tiled_body(benchmark::State& state, const Params& params) {
  if (dtype_of(params) == "float32") {
    typed_body<float, float>(state, params, [](const DeviceMatrices<float>& m) { cuda::matmul::launch_tiled(m); });
  } else {
    typed_body<double, double>(state, params,
                               [](const DeviceMatrices<double>& m) { cuda::matmul::launch_tiled(m); });
  }
}

void cublas_body(benchmark::State& state, const Params& params) {
  const std::string dtype = dtype_of(params, {"float64", "float32", "tf32", "bf16"});
  cuda::matmul::Cublas cublas;
  if (dtype == "float32") {
    typed_body<float, float>(state, params, [&cublas](const DeviceMatrices<float>& m) { cublas.sgemm(m); });
  } else if (dtype == "tf32") {
    typed_body<float, float>(state, params, [&cublas](const DeviceMatrices<float>& m) { cublas.gemm_tf32(m); });
  } else if (dtype == "bf16") {
    typed_body<__nv_bfloat16, float>(state, params,
                                     [&cublas](const DeviceMatrices<__nv_bfloat16, float>& m) { cublas.gemm_bf16(m); });
  } else {
    typed_body<double, double>(state, params, [&cublas](const DeviceMatrices<double>& m) { cublas.dgemm(m); });
  }
}

const Registration naive_registration{"matmul", "cuda.naive", naive_body, Timing::kManual};
const Registration tiled_registration{"matmul", "cuda.tiled", tiled_body, Timing::kManual};
const Registration cublas_registration{"matmul", "cuda.cublas", cublas_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
