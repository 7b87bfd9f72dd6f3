// Dense matrix multiply C = A·B: square n×n, float64, row-major storage.
// 2n^3 FLOPs (n^3 multiply-adds); at least 3·8·n^2 bytes move.
#pragma once

#include <cstdint>
#include <vector>

namespace speedlab::matmul {

// Large enough for any machine this runs on (3 matrices of 16384^2 doubles
// are 6 GiB); every index is 64-bit.
inline constexpr std::int64_t kMaxN = 16384;

// The workload's inputs: A from the shared generator at offset 0, B at n*n.
struct Inputs {
  std::vector<double> a;
  std::vector<double> b;
};
Inputs make_inputs(std::int64_t n, std::uint64_t seed);

// The two checksums of C: the plain sum and the position-weighted sum
// (matrix::sum and checksum::weighted_sum_2d), in double for either dtype.
struct Checksums {
  double sum;
  double weighted;
};
Checksums checksums(const double* c, std::int64_t n);
Checksums checksums(const float* c, std::int64_t n);

// The textbook i-j-k loop with a scalar accumulator, as python.loops and
// java.loops: the inner loop walks a column of B (stride n), one cache line
// per multiply-add once B no longer fits in cache.
void naive(const double* a, const double* b, double* c, std::int64_t n);

// i-k-j: the same arithmetic with the two inner loops swapped, so the inner
// loop streams a row of B and a row of C (unit stride; the compiler
// vectorizes it). The cache lesson, nothing else changed.
void loop_order(const double* a, const double* b, double* c, std::int64_t n);

// Hand-optimized: Goto/BLIS-style cache blocking (B panels packed for L3 and
// L1, A blocks packed for L2), a 6×(2 vectors) register-blocked micro-kernel
// in SIMD vector extensions (FMA), and OpenMP threads over blocks of rows.
void tiled(const double* a, const double* b, double* c, std::int64_t n, int threads);

// tiled()'s blocking: the micro-tile (mr rows × nr columns: nr is two vectors,
// 8 doubles with AVX2, 16 with AVX-512) and the cache blocks, sized from the
// caches (sysfs, harness/hardware.hpp):
//   a B micro-panel kc×nr stays in half of L1d while the A block streams past it;
//   an A block mc×kc takes about half of L2 (9/16: the 144 rows tuned on a
//     512 KiB L2 at kc = 256);
//   a B panel kc×nc takes an eighth of the last-level cache (shared by the threads).
struct TiledBlocking {
  std::int64_t mr;
  std::int64_t nr;
  std::int64_t kc;
  std::int64_t mc;  // a multiple of mr
  std::int64_t nc;  // a multiple of nr
};
TiledBlocking tiled_blocking_for(std::int64_t l1d_bytes, std::int64_t l2_bytes, std::int64_t last_level_bytes,
                                 std::int64_t nr);
// This machine's caches and this build's vector width: what tiled() uses.
TiledBlocking tiled_blocking();

// Eigen's GEMM on row-major Maps of the same buffers (threads: Eigen's OpenMP
// parallelization, set with Eigen::setNbThreads / omp_set_num_threads).
void eigen(const double* a, const double* b, double* c, std::int64_t n);

// OpenBLAS cblas_dgemm, row-major (threads: openblas_set_num_threads).
void openblas(const double* a, const double* b, double* c, std::int64_t n);

// dtype = float32: the same code on float inputs, float arithmetic and
// accumulation (naive, loop_order: the same loops; eigen: Eigen's float GEMM;
// openblas: cblas_sgemm). Twice the values per vector register and half the
// bytes per value. cpp.tiled stays float64 only (its micro-kernel is sized
// for doubles).
void naive(const float* a, const float* b, float* c, std::int64_t n);
void loop_order(const float* a, const float* b, float* c, std::int64_t n);
void eigen(const float* a, const float* b, float* c, std::int64_t n);
void openblas(const float* a, const float* b, float* c, std::int64_t n);

}  // namespace speedlab::matmul
