#include "cpp/matmul_ladder.hpp"

#include <omp.h>

#include <algorithm>
#include <cstring>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

namespace speedlab::matmul::ladder {
namespace {

// Below this much work (multiply-adds) the recursion stops making tasks:
// task overhead would exceed the work.
constexpr std::int64_t kTaskCutoff = 128 * 128 * 128;

void recurse(const Block& x, BaseKernel base) {
  if (x.m <= kBase && x.n <= kBase && x.k <= kBase) {
    base(x);
    return;
  }
  const bool spawn = x.m * x.n * x.k > kTaskCutoff;
  if (x.m >= x.n && x.m >= x.k) {  // split the rows of A and C: independent halves
    const std::int64_t half = x.m / 2;
    Block top = x, bottom = x;
    top.m = half;
    bottom.m = x.m - half;
    bottom.a = x.a + half * x.lda;
    bottom.c = x.c + half * x.ldc;
#pragma omp task if (spawn) default(none) firstprivate(top, base)
    recurse(top, base);
    recurse(bottom, base);
#pragma omp taskwait
  } else if (x.n >= x.k) {  // split the columns of B and C: independent halves
    const std::int64_t half = x.n / 2;
    Block left = x, right = x;
    left.n = half;
    right.n = x.n - half;
    right.b = x.b + half;
    right.c = x.c + half;
#pragma omp task if (spawn) default(none) firstprivate(left, base)
    recurse(left, base);
    recurse(right, base);
#pragma omp taskwait
  } else {  // split the shared dimension: both halves add into the same C, in sequence
    const std::int64_t half = x.k / 2;
    Block first = x, second = x;
    first.k = half;
    second.k = x.k - half;
    second.a = x.a + half;
    second.b = x.b + half * x.ldb;
    recurse(first, base);
    recurse(second, base);
  }
}

void base_vectorized(const Block& x) {
  ikj_loops(x);
}

#if defined(__AVX512F__)
constexpr std::int64_t kLanes = 8;
using Vec = __m512d;
inline Vec vload(const double* p) { return _mm512_loadu_pd(p); }
inline void vstore(double* p, Vec v) { _mm512_storeu_pd(p, v); }
inline Vec vbroadcast(double x) { return _mm512_set1_pd(x); }
inline Vec vfma(Vec a, Vec b, Vec c) { return _mm512_fmadd_pd(a, b, c); }
constexpr const char* kKernelName = "AVX-512";
#define SPEEDLAB_LADDER_INTRINSICS 1
#elif defined(__AVX2__) && defined(__FMA__)
constexpr std::int64_t kLanes = 4;
using Vec = __m256d;
inline Vec vload(const double* p) { return _mm256_loadu_pd(p); }
inline void vstore(double* p, Vec v) { _mm256_storeu_pd(p, v); }
inline Vec vbroadcast(double x) { return _mm256_set1_pd(x); }
inline Vec vfma(Vec a, Vec b, Vec c) { return _mm256_fmadd_pd(a, b, c); }
constexpr const char* kKernelName = "AVX2+FMA";
#define SPEEDLAB_LADDER_INTRINSICS 1
#else
constexpr const char* kKernelName = "none: compiler-vectorized base case";
#endif

#ifdef SPEEDLAB_LADDER_INTRINSICS
// 4 rows × 2 vectors of C stay in 8 registers for the whole k loop: each step
// loads 2 vectors of B, broadcasts 4 elements of A and issues 8 FMAs.
constexpr std::int64_t kRows = 4;
constexpr std::int64_t kCols = 2 * kLanes;

void base_intrinsics(const Block& block) {
  // Copy the (at most 64×64) block of B into contiguous memory first: B's
  // rows sit n doubles apart, and at power-of-two n they all map to the same
  // few cache sets (8 KiB apart at n = 1024), evicting each other from L1.
  alignas(64) thread_local double packed_b[kBase * kBase];
  Block x = block;
  for (std::int64_t p = 0; p < x.k; ++p) std::memcpy(packed_b + p * x.n, x.b + p * x.ldb, sizeof(double) * x.n);
  x.b = packed_b;
  x.ldb = x.n;
  const std::int64_t m_main = x.m - x.m % kRows;
  const std::int64_t n_main = x.n - x.n % kCols;
  for (std::int64_t i = 0; i < m_main; i += kRows) {
    for (std::int64_t j = 0; j < n_main; j += kCols) {
      Vec acc[kRows][2];
      for (std::int64_t r = 0; r < kRows; ++r) {
        acc[r][0] = vload(x.c + (i + r) * x.ldc + j);
        acc[r][1] = vload(x.c + (i + r) * x.ldc + j + kLanes);
      }
      for (std::int64_t p = 0; p < x.k; ++p) {
        const Vec b0 = vload(x.b + p * x.ldb + j);
        const Vec b1 = vload(x.b + p * x.ldb + j + kLanes);
        for (std::int64_t r = 0; r < kRows; ++r) {
          const Vec a_rp = vbroadcast(x.a[(i + r) * x.lda + p]);
          acc[r][0] = vfma(a_rp, b0, acc[r][0]);
          acc[r][1] = vfma(a_rp, b1, acc[r][1]);
        }
      }
      for (std::int64_t r = 0; r < kRows; ++r) {
        vstore(x.c + (i + r) * x.ldc + j, acc[r][0]);
        vstore(x.c + (i + r) * x.ldc + j + kLanes, acc[r][1]);
      }
    }
  }
  // Edges (when the block is not a multiple of the micro-tile): the vectorized base case.
  if (n_main < x.n) {
    Block right = x;
    right.n = x.n - n_main;
    right.b = x.b + n_main;
    right.c = x.c + n_main;
    right.m = m_main;
    base_vectorized(right);
  }
  if (m_main < x.m) {
    Block bottom = x;
    bottom.m = x.m - m_main;
    bottom.a = x.a + m_main * x.lda;
    bottom.c = x.c + m_main * x.ldc;
    base_vectorized(bottom);
  }
}
#else
void base_intrinsics(const Block& x) { base_vectorized(x); }
#endif

void run_dac(const double* a, const double* b, double* c, std::int64_t n, int threads, BaseKernel base) {
  std::memset(c, 0, static_cast<std::size_t>(n * n) * sizeof(double));
  divide_and_conquer(Block{a, b, c, n, n, n, n, n, n}, base, threads);
}

}  // namespace

void divide_and_conquer(const Block& block, BaseKernel base, int threads) {
  if (threads <= 1) {
    recurse(block, base);  // the task pragmas are inert outside a parallel region
    return;
  }
#pragma omp parallel num_threads(threads) default(none) shared(block, base)
#pragma omp single
  recurse(block, base);
}

void parallel_loops(const double* a, const double* b, double* c, std::int64_t n, int threads) {
  // cpp.naive's i-j-k loops, unchanged but for the parallel outer loop: the paper's step 4 parallelizes
  // its C code as it stands (7.8x on 18 cores: the column walk of B stays memory-bound); the cache-friendly
  // order comes with the divide and conquer of step 5.
#pragma omp parallel for num_threads(threads) schedule(static) default(none) shared(a, b, c, n)
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::int64_t k = 0; k < n; ++k) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  }
}

void parallel_dac(const double* a, const double* b, double* c, std::int64_t n, int threads) {
  run_dac(a, b, c, n, threads, base_scalar);
}

void dac_vectorized(const double* a, const double* b, double* c, std::int64_t n, int threads) {
  run_dac(a, b, c, n, threads, base_vectorized);
}

void avx(const double* a, const double* b, double* c, std::int64_t n, int threads) {
  run_dac(a, b, c, n, threads, base_intrinsics);
}

const char* avx_kernel_name() { return kKernelName; }

}  // namespace speedlab::matmul::ladder
