#include "cuda/mandelbrot.cuh"

#include "cpp/mandelbrot.hpp"

namespace speedlab::cuda::mandelbrot {
namespace {

namespace cpu = speedlab::mandelbrot;

__global__ void counts_kernel(std::int64_t n, double h, unsigned long long* total) {
  const std::int64_t j = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.y) * blockDim.y + threadIdx.y;
  unsigned int count = 0;
  if (i < n && j < n) {
    count = static_cast<unsigned>(cpu::escape_iterations(cpu::kXCentre + cpu::offset(j, n, h), cpu::offset(i, n, h)));
  }
  // Every thread of the warp reaches here (no early return), so the shuffle is well defined.
  for (int offset = warpSize / 2; offset > 0; offset /= 2) count += __shfl_down_sync(0xffffffffu, count, offset);
  const unsigned lane = (threadIdx.y * blockDim.x + threadIdx.x) % warpSize;
  if (lane == 0 && count != 0) atomicAdd(total, static_cast<unsigned long long>(count));
}

}  // namespace

Naive::Naive() : total_(1) {}

void Naive::launch(std::int64_t n) {
  SPEEDLAB_CUDA_CHECK(cudaMemsetAsync(total_.data(), 0, sizeof(unsigned long long)));
  const unsigned blocks = static_cast<unsigned>((n + kBlockSide - 1) / kBlockSide);
  counts_kernel<<<dim3(blocks, blocks), dim3(kBlockSide, kBlockSide)>>>(n, cpu::half_pixel(n), total_.data());
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

std::int64_t Naive::finish() {
  unsigned long long total = 0;
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(&total, total_.data(), sizeof total, cudaMemcpyDeviceToHost));
  return static_cast<std::int64_t>(total);
}

}  // namespace speedlab::cuda::mandelbrot
