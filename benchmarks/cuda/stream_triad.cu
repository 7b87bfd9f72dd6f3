#include <thrust/execution_policy.h>
#include <thrust/transform.h>

#include <algorithm>

#include "cuda/stream_triad.cuh"

namespace speedlab::cuda::stream_triad {
namespace {

__global__ void triad_kernel(double* __restrict__ a, const double* __restrict__ b, const double* __restrict__ c,
                             double s, std::int64_t n) {
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    a[i] = b[i] + s * c[i];
  }
}

struct Triad {
  double s;
  __host__ __device__ double operator()(double b, double c) const { return b + s * c; }
};

}  // namespace

void launch_naive(DeviceArrays& arrays, double s) {
  const std::int64_t needed = (arrays.n + kThreadsPerBlock - 1) / kThreadsPerBlock;
  const int blocks = static_cast<int>(std::min<std::int64_t>(needed, 8 * multiprocessor_count()));
  triad_kernel<<<blocks, kThreadsPerBlock>>>(arrays.a.data(), arrays.b.data(), arrays.c.data(), s, arrays.n);
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

void thrust_transform(DeviceArrays& arrays, double s) {
  thrust::transform(thrust::device, arrays.b.data(), arrays.b.data() + arrays.n, arrays.c.data(), arrays.a.data(),
                    Triad{s});
}

}  // namespace speedlab::cuda::stream_triad
