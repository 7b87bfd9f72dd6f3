#include <thrust/execution_policy.h>
#include <thrust/transform.h>

#include <algorithm>

#include "cuda/stream_triad.cuh"

namespace speedlab::cuda::stream_triad {
namespace {

template <typename T>
__global__ void triad_kernel(T* __restrict__ a, const T* __restrict__ b, const T* __restrict__ c, T s,
                             std::int64_t n) {
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    a[i] = b[i] + s * c[i];
  }
}

template <typename T>
struct Triad {
  T s;
  __host__ __device__ T operator()(T b, T c) const { return b + s * c; }
};

}  // namespace

template <typename T>
void launch_naive(DeviceArraysOf<T>& arrays, T s) {
  const std::int64_t needed = (arrays.n + kThreadsPerBlock - 1) / kThreadsPerBlock;
  const int blocks = static_cast<int>(std::min<std::int64_t>(needed, 8 * multiprocessor_count()));
  triad_kernel<<<blocks, kThreadsPerBlock>>>(arrays.a.data(), arrays.b.data(), arrays.c.data(), s, arrays.n);
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

template <typename T>
void thrust_transform(DeviceArraysOf<T>& arrays, T s) {
  thrust::transform(thrust::device, arrays.b.data(), arrays.b.data() + arrays.n, arrays.c.data(), arrays.a.data(),
                    Triad<T>{s});
}

template void launch_naive<double>(DeviceArraysOf<double>&, double);
template void launch_naive<float>(DeviceArraysOf<float>&, float);
template void thrust_transform<double>(DeviceArraysOf<double>&, double);
template void thrust_transform<float>(DeviceArraysOf<float>&, float);

}  // namespace speedlab::cuda::stream_triad
