// Google Benchmark bodies for stencil2d (GPU tier). Iteration time: the k
// sweep kernels from CUDA events; end_to_end_s adds copying the initial grid
// to the device and the result back (cuda::time_iterations).
#include <utility>
#include <vector>

#include "cpp/stencil2d.hpp"
#include "cuda/gpu_timing.cuh"
#include "cuda/stencil2d.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

using cuda::stencil2d::DeviceGrids;

template <typename Sweeps>
void stencil_body(benchmark::State& state, const Params& params, Sweeps run_sweeps) {
  const std::int64_t n = params.get("n", stencil2d::kMinN, stencil2d::kMaxN);
  const std::int64_t sweeps = params.get("k", 1, stencil2d::kMaxSweeps);
  const stencil2d::Grids& host =
      reuse(std::pair{n, params.seed}, [&] { return stencil2d::make_grids(n, params.seed); });
  std::vector<double> result(host.initial.size());
  DeviceGrids device(n);
  device.upload(host.initial.data());
  device.prepare_boundaries();  // once: the sweeps never write the boundary
  const double* final_grid = nullptr;
  cuda::time_iterations(
      state, [&] { device.upload(host.initial.data()); }, [&] { final_grid = run_sweeps(device, sweeps); },
      [&] {
        SPEEDLAB_CUDA_CHECK(cudaMemcpy(result.data(), final_grid, device.bytes(), cudaMemcpyDeviceToHost));
        benchmark::DoNotOptimize(result.data());
      });
  report_checksum(state, "checksum", stencil2d::checksum(result.data(), n));
}

void naive_body(benchmark::State& state, const Params& params) {
  stencil_body(state, params, cuda::stencil2d::sweeps_naive);
}

void shared_body(benchmark::State& state, const Params& params) {
  stencil_body(state, params, cuda::stencil2d::sweeps_shared);
}

const Registration naive_registration{"stencil2d", "cuda.naive", naive_body, Timing::kManual};
const Registration shared_registration{"stencil2d", "cuda.shared", shared_body, Timing::kManual};

}  // namespace
}  // namespace speedlab
