// Google Benchmark bodies for stencil2d (GPU tier). Iteration time: the k
// sweep kernels from CUDA events; end_to_end_s adds copying the initial grid
// to the device and the result back (cuda::time_iterations). Both work grids
// get the boundary from the initial grid once and their interiors NaN
// (cudaMemset2D, outside every timed window): cudaMalloc may hand back the
// memory of the last call with its correct grid in it, and a sweep kernel that
// skipped points must not find it there.
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
  poison(result);
  DeviceGrids device(n);
  device.upload(host.initial.data());
  device.prepare_boundaries();  // once: the sweeps never write the boundary
  for (double* grid : {device.work_a.data(), device.work_b.data()}) {
    const std::size_t row = static_cast<std::size_t>(n) * sizeof(double);
    SPEEDLAB_CUDA_CHECK(cudaMemset2D(grid + n + 1, row, 0xFF, static_cast<std::size_t>(n - 2) * sizeof(double),
                                     static_cast<std::size_t>(n - 2)));
  }
  const double* final_grid = nullptr;
  cuda::time_iterations(
      state, [&] { device.upload(host.initial.data()); }, [&] { final_grid = run_sweeps(device, sweeps); },
      [&] {
        SPEEDLAB_CUDA_CHECK(cudaMemcpy(result.data(), final_grid, device.bytes(), cudaMemcpyDeviceToHost));
        benchmark::DoNotOptimize(result.data());
      });
  cuda::report_copy_bytes(state, device.bytes(), device.bytes());
  const stencil2d::Checksums sums = stencil2d::checksums(result.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
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
