#include "cuda/leibniz_pi.cuh"

namespace speedlab::cuda::leibniz_pi {
namespace {

__global__ void partial_sums_kernel(std::int64_t n, double* block_sums) {
  __shared__ double shared[kThreadsPerBlock];
  double sum = 0.0;
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t k = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; k < n; k += stride) {
    const double sign = (k & 1) ? -1.0 : 1.0;
    sum += sign / (2.0 * static_cast<double>(k) + 1.0);
  }
  shared[threadIdx.x] = sum;
  __syncthreads();
  for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
    if (threadIdx.x < width) shared[threadIdx.x] += shared[threadIdx.x + width];
    __syncthreads();
  }
  if (threadIdx.x == 0) block_sums[blockIdx.x] = shared[0];
}

}  // namespace

Naive::Naive()
    : blocks_(8 * multiprocessor_count()),
      block_sums_(static_cast<std::size_t>(blocks_)),
      host_sums_(static_cast<std::size_t>(blocks_)) {}

void Naive::launch(std::int64_t n) {
  partial_sums_kernel<<<blocks_, kThreadsPerBlock>>>(n, block_sums_.data());
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

double Naive::finish() {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(host_sums_.data(), block_sums_.data(), host_sums_.size() * sizeof(double),
                                 cudaMemcpyDeviceToHost));
  double sum = 0.0;
  for (double partial : host_sums_) sum += partial;
  return 4.0 * sum;
}

}  // namespace speedlab::cuda::leibniz_pi
