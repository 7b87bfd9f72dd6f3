// STREAM triad on the GPU: a[i] = b[i] + s*c[i], as the C++ tier.
#pragma once

#include <cstdint>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::stream_triad {

inline constexpr int kThreadsPerBlock = 256;

// Device copies of a, b and c, of T (double; float for dtype = float32).
template <typename T>
struct DeviceArraysOf {
  explicit DeviceArraysOf(std::int64_t length)
      : n(length), a(static_cast<std::size_t>(length)), b(static_cast<std::size_t>(length)),
        c(static_cast<std::size_t>(length)) {}
  void upload(const T* host_b, const T* host_c) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(b.data(), host_b, bytes(), cudaMemcpyHostToDevice));
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(c.data(), host_c, bytes(), cudaMemcpyHostToDevice));
  }
  void download(T* host_a) const {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(host_a, a.data(), bytes(), cudaMemcpyDeviceToHost));
  }
  std::size_t bytes() const { return static_cast<std::size_t>(n) * sizeof(T); }

  std::int64_t n;
  DeviceBuffer<T> a;
  DeviceBuffer<T> b;
  DeviceBuffer<T> c;
};
using DeviceArrays = DeviceArraysOf<double>;

// A grid-stride loop (8 blocks per SM), on the default stream.
template <typename T>
void launch_naive(DeviceArraysOf<T>& arrays, T s);

// thrust::transform over the same device pointers, on the default stream.
template <typename T>
void thrust_transform(DeviceArraysOf<T>& arrays, T s);

}  // namespace speedlab::cuda::stream_triad
