#include "cuda/matmul.cuh"

namespace speedlab::cuda::matmul {
namespace {

template <typename T>
__global__ void naive_kernel(const T* __restrict__ a, const T* __restrict__ b, T* __restrict__ c, std::int64_t n) {
  const std::int64_t row = static_cast<std::int64_t>(blockIdx.y) * blockDim.y + threadIdx.y;
  const std::int64_t col = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (row >= n || col >= n) return;
  T sum = 0;
  for (std::int64_t k = 0; k < n; ++k) sum += a[row * n + k] * b[k * n + col];
  c[row * n + col] = sum;
}

// Each block computes a kTile×kTile tile of C. Per step it stages a tile of A
// and a tile of B in shared memory (each element read from global memory once
// per block instead of once per thread), then every thread accumulates its
// dot-product slice from shared memory. Out-of-range elements load as zero.
template <typename T>
__global__ void tiled_kernel(const T* __restrict__ a, const T* __restrict__ b, T* __restrict__ c, std::int64_t n) {
  // A warp is one row of the block (32 threads, tx = 0..31): it reads one
  // a_tile element (a broadcast) and one b_tile row (consecutive banks).
  __shared__ T a_tile[kTile][kTile];
  __shared__ T b_tile[kTile][kTile];
  const int tx = threadIdx.x;
  const int ty = threadIdx.y;
  const std::int64_t row = static_cast<std::int64_t>(blockIdx.y) * kTile + ty;
  const std::int64_t col = static_cast<std::int64_t>(blockIdx.x) * kTile + tx;
  T sum = 0;
  for (std::int64_t base = 0; base < n; base += kTile) {
    a_tile[ty][tx] = (row < n && base + tx < n) ? a[row * n + base + tx] : T(0);
    b_tile[ty][tx] = (base + ty < n && col < n) ? b[(base + ty) * n + col] : T(0);
    __syncthreads();
#pragma unroll
    for (int k = 0; k < kTile; ++k) sum += a_tile[ty][k] * b_tile[k][tx];
    __syncthreads();
  }
  if (row < n && col < n) c[row * n + col] = sum;
}

unsigned blocks_for(std::int64_t n, int block) { return static_cast<unsigned>((n + block - 1) / block); }

}  // namespace

template <typename T>
void launch_naive(const DeviceMatrices<T>& m) {
  const dim3 threads(kNaiveBlock, kNaiveBlock);
  const dim3 grid(blocks_for(m.n, kNaiveBlock), blocks_for(m.n, kNaiveBlock));
  naive_kernel<<<grid, threads>>>(m.a.data(), m.b.data(), m.c.data(), m.n);
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

template <typename T>
void launch_tiled(const DeviceMatrices<T>& m) {
  const dim3 threads(kTile, kTile);
  const dim3 grid(blocks_for(m.n, kTile), blocks_for(m.n, kTile));
  tiled_kernel<<<grid, threads>>>(m.a.data(), m.b.data(), m.c.data(), m.n);
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

template void launch_naive<double>(const DeviceMatrices<double>&);
template void launch_naive<float>(const DeviceMatrices<float>&);
template void launch_tiled<double>(const DeviceMatrices<double>&);
template void launch_tiled<float>(const DeviceMatrices<float>&);

Cublas::Cublas() {
  SPEEDLAB_CUBLAS_CHECK(cublasCreate(&handle_));
  SPEEDLAB_CUBLAS_CHECK(cublasSetMathMode(handle_, CUBLAS_DEFAULT_MATH));
}

Cublas::~Cublas() { cublasDestroy(handle_); }

void Cublas::dgemm(const DeviceMatrices<double>& m) {
  const int n = static_cast<int>(m.n);
  const double alpha = 1.0;
  const double beta = 0.0;
  SPEEDLAB_CUBLAS_CHECK(cublasDgemm(handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, m.b.data(), n, m.a.data(), n,
                                    &beta, m.c.data(), n));
}

void Cublas::gemm_f32(const DeviceMatrices<float>& m, cublasComputeType_t compute) {
  const int n = static_cast<int>(m.n);
  const float alpha = 1.0f;
  const float beta = 0.0f;
  SPEEDLAB_CUBLAS_CHECK(cublasGemmEx(handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, m.b.data(), CUDA_R_32F, n,
                                     m.a.data(), CUDA_R_32F, n, &beta, m.c.data(), CUDA_R_32F, n, compute,
                                     CUBLAS_GEMM_DEFAULT));
}

void Cublas::sgemm(const DeviceMatrices<float>& m) { gemm_f32(m, CUBLAS_COMPUTE_32F_PEDANTIC); }

void Cublas::gemm_tf32(const DeviceMatrices<float>& m) { gemm_f32(m, CUBLAS_COMPUTE_32F_FAST_TF32); }

void Cublas::gemm_bf16(const DeviceMatrices<__nv_bfloat16, float>& m) {
  const int n = static_cast<int>(m.n);
  const float alpha = 1.0f;
  const float beta = 0.0f;
  SPEEDLAB_CUBLAS_CHECK(cublasGemmEx(handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, m.b.data(), CUDA_R_16BF, n,
                                     m.a.data(), CUDA_R_16BF, n, &beta, m.c.data(), CUDA_R_32F, n, CUBLAS_COMPUTE_32F,
                                     CUBLAS_GEMM_DEFAULT));
}

}  // namespace speedlab::cuda::matmul
