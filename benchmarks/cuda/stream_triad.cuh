// STREAM triad on the GPU: a[i] = b[i] + s*c[i], as the C++ tier.
#pragma once

#include <cstdint>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::stream_triad {

inline constexpr int kThreadsPerBlock = 256;

// Device copies of a, b and c.
struct DeviceArrays {
  explicit DeviceArrays(std::int64_t length)
      : n(length), a(static_cast<std::size_t>(length)), b(static_cast<std::size_t>(length)),
        c(static_cast<std::size_t>(length)) {}
  void upload(const double* host_b, const double* host_c) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(b.data(), host_b, bytes(), cudaMemcpyHostToDevice));
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(c.data(), host_c, bytes(), cudaMemcpyHostToDevice));
  }
  void download(double* host_a) const {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(host_a, a.data(), bytes(), cudaMemcpyDeviceToHost));
  }
  std::size_t bytes() const { return static_cast<std::size_t>(n) * sizeof(double); }

  std::int64_t n;
  DeviceBuffer<double> a;
  DeviceBuffer<double> b;
  DeviceBuffer<double> c;
};

// A grid-stride loop (8 blocks per SM), on the default stream.
void launch_naive(DeviceArrays& arrays, double s);

// thrust::transform over the same device pointers, on the default stream.
void thrust_transform(DeviceArrays& arrays, double s);

}  // namespace speedlab::cuda::stream_triad
