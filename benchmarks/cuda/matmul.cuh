// Matrix multiply on the GPU: C = A·B, square n×n, row-major, as the C++ tier.
#pragma once

#include <cublas_v2.h>

#include <cstdint>
#include <vector>

#include "cuda/cuda_check.cuh"

#define SPEEDLAB_CUBLAS_CHECK(expr)                                                                  \
  do {                                                                                               \
    const cublasStatus_t speedlab_cublas_status = (expr);                                            \
    if (speedlab_cublas_status != CUBLAS_STATUS_SUCCESS) {                                           \
      throw std::runtime_error(std::string(#expr) + " failed: " + cublasGetStatusString(speedlab_cublas_status)); \
    }                                                                                                \
  } while (0)

namespace speedlab::cuda::matmul {

inline constexpr int kNaiveBlock = 16;  // 16×16 threads, one per element of C
inline constexpr int kTile = 32;        // 32×32 tiles of A and B in shared memory, 32×32 threads

// Device copies of A, B and C (T = double, or float for the float32 variant).
template <typename T>
struct DeviceMatrices {
  explicit DeviceMatrices(std::int64_t order)
      : n(order),
        a(static_cast<std::size_t>(order * order)),
        b(static_cast<std::size_t>(order * order)),
        c(static_cast<std::size_t>(order * order)) {}
  void upload(const T* host_a, const T* host_b) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(a.data(), host_a, bytes(), cudaMemcpyHostToDevice));
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(b.data(), host_b, bytes(), cudaMemcpyHostToDevice));
  }
  void download(T* host_c) const {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(host_c, c.data(), bytes(), cudaMemcpyDeviceToHost));
  }
  std::size_t bytes() const { return static_cast<std::size_t>(n * n) * sizeof(T); }

  std::int64_t n;
  DeviceBuffer<T> a;
  DeviceBuffer<T> b;
  DeviceBuffer<T> c;
};

// Kernel launches on the default stream (asynchronous; errors of the launch
// itself are checked).
void launch_naive(const DeviceMatrices<double>& m);
void launch_tiled(const DeviceMatrices<double>& m);

// A cuBLAS handle for the lifetime of a benchmark. Row-major C = A·B is
// column-major C^T = B^T·A^T, so the calls pass B first: no transposes needed.
class Cublas {
 public:
  Cublas();
  ~Cublas();
  Cublas(const Cublas&) = delete;
  Cublas& operator=(const Cublas&) = delete;
  void dgemm(const DeviceMatrices<double>& m);
  // True float32 (CUBLAS_DEFAULT_MATH: no TF32 tensor-core shortcut).
  void sgemm(const DeviceMatrices<float>& m);

 private:
  cublasHandle_t handle_{};
};

}  // namespace speedlab::cuda::matmul
