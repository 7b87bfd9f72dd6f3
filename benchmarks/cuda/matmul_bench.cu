// Google Benchmark bodies for matmul (GPU tier). Iteration time is the kernel
// (or cuBLAS call) from CUDA events; end_to_end_s adds copying A and B to the
// device and C back (cuda::time_iterations). Inputs are generated on the host
// once, as in C++.
#include <utility>
#include <vector>

#include "cpp/matmul.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/matmul.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

using cuda::matmul::DeviceMatrices;

// Times launch(device) with A and B copied in and C copied back into host_c.
template <typename T, typename Launch>
void gpu_body(benchmark::State& state, std::int64_t n, const std::vector<T>& host_a, const std::vector<T>& host_b,
              std::vector<T>& host_c, Launch launch) {
  DeviceMatrices<T> device(n);
  cuda::time_iterations(
      state, [&] { device.upload(host_a.data(), host_b.data()); }, [&] { launch(device); },
      [&] {
        device.download(host_c.data());
        benchmark::DoNotOptimize(host_c.data());
      });
}

void report(benchmark::State& state, const std::vector<double>& c, std::int64_t n) {
  const matmul::Checksums sums = matmul::checksums(c.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

template <typename Launch>
void double_body(benchmark::State& state, const Params& params, Launch launch) {
  const std::int64_t n = params.get("n", 1, matmul::kMaxN);
  const matmul::Inputs& inputs = reuse(std::pair{n, params.seed}, [&] { return matmul::make_inputs(n, params.seed); });
  std::vector<double> c(static_cast<std::size_t>(n * n), 0.0);
  gpu_body(state, n, inputs.a, inputs.b, c, launch);
  report(state, c, n);
}

void naive_body(benchmark::State& state, const Params& params) {
  double_body(state, params, [](const DeviceMatrices<double>& m) { cuda::matmul::launch_naive(m); });
}

void tiled_body(benchmark::State& state, const Params& params) {
  double_body(state, params, [](const DeviceMatrices<double>& m) { cuda::matmul::launch_tiled(m); });
}

void cublas_body(benchmark::State& state, const Params& params) {
  cuda::matmul::Cublas cublas;
  double_body(state, params, [&cublas](const DeviceMatrices<double>& m) { cublas.dgemm(m); });
}

// float32: the same inputs rounded to float once (untimed); C comes back as
// float and is widened for the float64 checksums.
void cublas_f32_body(benchmark::State& state, const Params& params) {
  const std::int64_t n = params.get("n", 1, matmul::kMaxN);
  struct FloatInputs {
    std::vector<float> a;
    std::vector<float> b;
  };
  const FloatInputs& inputs = reuse(std::pair{n, params.seed}, [&] {
    const matmul::Inputs doubles = matmul::make_inputs(n, params.seed);
    return FloatInputs{{doubles.a.begin(), doubles.a.end()}, {doubles.b.begin(), doubles.b.end()}};
  });
  std::vector<float> c(static_cast<std::size_t>(n * n), 0.0f);
  cuda::matmul::Cublas cublas;
  gpu_body(state, n, inputs.a, inputs.b, c, [&cublas](const DeviceMatrices<float>& m) { cublas.sgemm(m); });
  report(state, std::vector<double>(c.begin(), c.end()), n);
}

const Registration naive_registration{"matmul", "cuda.naive", naive_body, Timing::kManual};
const Registration tiled_registration{"matmul", "cuda.tiled", tiled_body, Timing::kManual};
const Registration cublas_registration{"matmul", "cuda.cublas", cublas_body, Timing::kManual};
const Registration cublas_f32_registration{"matmul", "cuda.cublas_f32", cublas_f32_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
