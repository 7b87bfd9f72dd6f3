#include "cpp/stencil2d.hpp"
#include "cuda/stencil2d.cuh"

namespace speedlab::cuda::stencil2d {
namespace {

// One thread per interior point; neighbours from global memory (the L1/L2
// caches catch most of the reuse).
__global__ void naive_kernel(const double* __restrict__ in, double* __restrict__ out, std::int64_t n) {
  const std::int64_t i = 1 + static_cast<std::int64_t>(blockIdx.y) * blockDim.y + threadIdx.y;
  const std::int64_t j = 1 + static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n - 1 || j >= n - 1) return;
  out[i * n + j] =
      speedlab::stencil2d::jacobi_point(in[(i - 1) * n + j], in[(i + 1) * n + j], in[i * n + j - 1], in[i * n + j + 1]);
}

// A kBlockY×kBlockX tile of interior points plus a one-point halo staged in
// shared memory: each grid value is read from global memory about once per
// block instead of up to five times.
__global__ void shared_kernel(const double* __restrict__ in, double* __restrict__ out, std::int64_t n) {
  __shared__ double tile[kBlockY + 2][kBlockX + 2];
  const int tx = threadIdx.x;
  const int ty = threadIdx.y;
  const std::int64_t i0 = 1 + static_cast<std::int64_t>(blockIdx.y) * kBlockY;  // first row of the tile
  const std::int64_t j0 = 1 + static_cast<std::int64_t>(blockIdx.x) * kBlockX;
  const std::int64_t i = i0 + ty;
  const std::int64_t j = j0 + tx;
  // Every thread inside the grid loads its own point (a boundary point too, as
  // a neighbour); the edge threads of the block also load the halo.
  if (i < n && j < n) {
    tile[ty + 1][tx + 1] = in[i * n + j];
    if (ty == 0) tile[0][tx + 1] = in[(i - 1) * n + j];
    if (ty == kBlockY - 1 && i + 1 < n) tile[kBlockY + 1][tx + 1] = in[(i + 1) * n + j];
    if (tx == 0) tile[ty + 1][0] = in[i * n + j - 1];
    if (tx == kBlockX - 1 && j + 1 < n) tile[ty + 1][kBlockX + 1] = in[i * n + j + 1];
  }
  __syncthreads();
  if (i < n - 1 && j < n - 1) {
    out[i * n + j] =
        speedlab::stencil2d::jacobi_point(tile[ty][tx + 1], tile[ty + 2][tx + 1], tile[ty + 1][tx], tile[ty + 1][tx + 2]);
  }
}

template <typename Kernel>
const double* run_sweeps(DeviceGrids& grids, std::int64_t sweeps, Kernel kernel) {
  const std::int64_t interior = grids.n - 2;
  const dim3 threads(kBlockX, kBlockY);
  const dim3 blocks(static_cast<unsigned>((interior + kBlockX - 1) / kBlockX),
                    static_cast<unsigned>((interior + kBlockY - 1) / kBlockY));
  for (std::int64_t sweep = 0; sweep < sweeps; ++sweep) {
    const double* in = sweep == 0 ? grids.initial.data() : (sweep % 2 == 1 ? grids.work_a.data() : grids.work_b.data());
    double* out = sweep % 2 == 0 ? grids.work_a.data() : grids.work_b.data();
    kernel<<<blocks, threads>>>(in, out, grids.n);
    SPEEDLAB_CUDA_CHECK(cudaGetLastError());
  }
  return sweeps % 2 == 1 ? grids.work_a.data() : grids.work_b.data();
}

}  // namespace

const double* sweeps_naive(DeviceGrids& grids, std::int64_t sweeps) { return run_sweeps(grids, sweeps, naive_kernel); }

const double* sweeps_shared(DeviceGrids& grids, std::int64_t sweeps) {
  return run_sweeps(grids, sweeps, shared_kernel);
}

}  // namespace speedlab::cuda::stencil2d
