// The Leiserson ladder: the steps of Table 1 of "There's plenty of room at
// the Top" (Science 2020) after plain C, each one change on the previous:
//   parallel_loops   cpp.naive's i-j-k loops, rows of C split over OpenMP threads;
//   parallel_dac     parallel divide and conquer: recursively halve the largest of
//                    the three dimensions (rows and columns of C in parallel tasks,
//                    the shared dimension in sequence), a 64-cube base case compiled
//                    WITHOUT vectorization (-fno-tree-vectorize);
//   dac_vectorized   the same, base case vectorized by the compiler (-O3 -march=native);
//   avx              the same recursion, base case an AVX2/AVX-512 FMA intrinsics
//                    micro-kernel (4 rows x 2 vectors of C held in registers).
// All compute C = A·B for square row-major n×n float64 matrices, like the
// other matmul impls.
#pragma once

#include <cstdint>

namespace speedlab::matmul::ladder {

inline constexpr std::int64_t kBase = 64;  // recursion stops when every dimension is <= kBase

void parallel_loops(const double* a, const double* b, double* c, std::int64_t n, int threads);
void parallel_dac(const double* a, const double* b, double* c, std::int64_t n, int threads);
void dac_vectorized(const double* a, const double* b, double* c, std::int64_t n, int threads);
void avx(const double* a, const double* b, double* c, std::int64_t n, int threads);

// Which micro-kernel avx() uses in this build ("AVX-512", "AVX2+FMA", or
// "none: compiler-vectorized base case" when the build targets neither).
const char* avx_kernel_name();

// A block of the problem: C[m×n] += A[m×k] · B[k×n] with row strides.
struct Block {
  const double* a;
  const double* b;
  double* c;
  std::int64_t m, n, k;
  std::int64_t lda, ldb, ldc;
};

using BaseKernel = void (*)(const Block&);

// The shared recursion (matmul_ladder.cpp), parameterized by its base case.
void divide_and_conquer(const Block& block, BaseKernel base, int threads);

// The unvectorized base case (compiled in matmul_ladder_scalar.cpp with -fno-tree-vectorize).
void base_scalar(const Block& block);

// The i-k-j loops of a base case, one source for two ladder steps: base_scalar
// (matmul_ladder_scalar.cpp, -fno-tree-vectorize) and base_vectorized
// (matmul_ladder.cpp, -O3 -march=native). Internal linkage, so each file keeps
// its own copy compiled with its own flags (an inline function with external
// linkage could be merged into one copy by the linker).
namespace {
[[maybe_unused]] void ikj_loops(const Block& x) {
  for (std::int64_t i = 0; i < x.m; ++i) {
    double* __restrict c_row = x.c + i * x.ldc;
    for (std::int64_t p = 0; p < x.k; ++p) {
      const double a_ip = x.a[i * x.lda + p];
      const double* __restrict b_row = x.b + p * x.ldb;
      for (std::int64_t j = 0; j < x.n; ++j) c_row[j] += a_ip * b_row[j];
    }
  }
}
}  // namespace

}  // namespace speedlab::matmul::ladder
