// Matrix multiply on the GPU: C = A·B, square n×n, row-major, as the C++ tier.
#pragma once

#include <cublas_v2.h>
#include <cuda_bf16.h>

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

// Device copies of A, B (TIn) and C (TOut): double; float (dtype float32 and
// tf32, whose data stay float32); bf16 has __nv_bfloat16 A and B and a float C.
template <typename TIn, typename TOut = TIn>
struct DeviceMatrices {
  explicit DeviceMatrices(std::int64_t order)
      : n(order),
        a(static_cast<std::size_t>(order * order)),
        b(static_cast<std::size_t>(order * order)),
        c(static_cast<std::size_t>(order * order)) {}
  void upload(const TIn* host_a, const TIn* host_b) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(a.data(), host_a, in_bytes(), cudaMemcpyHostToDevice));
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(b.data(), host_b, in_bytes(), cudaMemcpyHostToDevice));
  }
  void download(TOut* host_c) const {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(host_c, c.data(), out_bytes(), cudaMemcpyDeviceToHost));
  }
  std::size_t in_bytes() const { return static_cast<std::size_t>(n * n) * sizeof(TIn); }   // one of A, B
  std::size_t out_bytes() const { return static_cast<std::size_t>(n * n) * sizeof(TOut); }  // C
  std::size_t bytes() const { return in_bytes(); }

  std::int64_t n;
  DeviceBuffer<TIn> a;
  DeviceBuffer<TIn> b;
  DeviceBuffer<TOut> c;
};

// Kernel launches on the default stream (asynchronous; errors of the launch
// itself are checked). T: double or float.
template <typename T>
void launch_naive(const DeviceMatrices<T>& m);
template <typename T>
void launch_tiled(const DeviceMatrices<T>& m);

// A cuBLAS handle for the lifetime of a benchmark. Row-major C = A·B is
// column-major C^T = B^T·A^T, so the calls pass B first: no transposes needed.
class Cublas {
 public:
  Cublas();
  ~Cublas();
  Cublas(const Cublas&) = delete;
  Cublas& operator=(const Cublas&) = delete;
  void dgemm(const DeviceMatrices<double>& m);
  // True float32 (CUBLAS_COMPUTE_32F_PEDANTIC: no TF32 shortcut even where the math mode allows it).
  void sgemm(const DeviceMatrices<float>& m);
  // Tensor cores on float32 data: each product on TF32 (10-bit mantissa) inputs, float32 accumulation
  // (cublasGemmEx, CUBLAS_COMPUTE_32F_FAST_TF32).
  void gemm_tf32(const DeviceMatrices<float>& m);
  // Tensor cores on bfloat16 A and B (8-bit mantissa), float32 accumulation and C (cublasGemmEx,
  // CUDA_R_16BF inputs, CUBLAS_COMPUTE_32F).
  void gemm_bf16(const DeviceMatrices<__nv_bfloat16, float>& m);

 private:
  // float32 A, B and C through cublasGemmEx with the given compute type (sgemm, gemm_tf32).
  void gemm_f32(const DeviceMatrices<float>& m, cublasComputeType_t compute);
  cublasHandle_t handle_{};
};

}  // namespace speedlab::cuda::matmul
