// 2-D Jacobi stencil on the GPU, the same sweeps and order of additions as
// the C++ tier (benchmarks/cpp/stencil2d.hpp), so the grids agree bit for bit.
#pragma once

#include <cstdint>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::stencil2d {

inline constexpr int kBlockX = 32;  // threads per block along a row (coalesced)
inline constexpr int kBlockY = 8;

// The initial grid and the two work grids on the device. upload() copies the
// initial grid; prepare_boundaries() copies it into both work grids once (the
// sweeps write only interior points).
struct DeviceGrids {
  explicit DeviceGrids(std::int64_t side)
      : n(side), initial(cells()), work_a(cells()), work_b(cells()) {}
  std::size_t cells() const { return static_cast<std::size_t>(n * n); }
  std::size_t bytes() const { return cells() * sizeof(double); }
  void upload(const double* host) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(initial.data(), host, bytes(), cudaMemcpyHostToDevice));
  }
  void prepare_boundaries() {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(work_a.data(), initial.data(), bytes(), cudaMemcpyDeviceToDevice));
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(work_b.data(), initial.data(), bytes(), cudaMemcpyDeviceToDevice));
  }

  std::int64_t n;
  DeviceBuffer<double> initial;
  DeviceBuffer<double> work_a;
  DeviceBuffer<double> work_b;
};

// k sweeps, one kernel launch each, on the default stream; returns the device
// grid that holds the result (work_a when k is odd, work_b when even).
const double* sweeps_naive(DeviceGrids& grids, std::int64_t sweeps);
const double* sweeps_shared(DeviceGrids& grids, std::int64_t sweeps);

}  // namespace speedlab::cuda::stencil2d
