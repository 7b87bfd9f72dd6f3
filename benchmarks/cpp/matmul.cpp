#include "cpp/matmul.hpp"

#include <cblas.h>
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include "cpp/checksum.hpp"
#include "cpp/matrix.hpp"
#include "cpp/simd.hpp"
#include "harness/hardware.hpp"

namespace speedlab::matmul {

Inputs make_inputs(std::int64_t n, std::uint64_t seed) {
  return {matrix::uniform(n, seed, 0), matrix::uniform(n, seed, static_cast<std::uint64_t>(n * n))};
}

Checksums checksums(const double* c, std::int64_t n) {
  return {matrix::sum(c, n, n), checksum::weighted_sum_2d(c, n, n)};
}

Checksums checksums(const float* c, std::int64_t n) {
  return {matrix::sum(c, n, n), checksum::weighted_sum_2d(c, n, n)};
}

namespace {

template <typename T>
void naive_loops(const T* a, const T* b, T* c, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      T sum = 0;
      for (std::int64_t k = 0; k < n; ++k) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  }
}

template <typename T>
void loop_order_loops(const T* a, const T* b, T* c, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    T* c_row = c + i * n;
    for (std::int64_t j = 0; j < n; ++j) c_row[j] = 0;
    for (std::int64_t k = 0; k < n; ++k) {
      const T a_ik = a[i * n + k];
      const T* b_row = b + k * n;
      for (std::int64_t j = 0; j < n; ++j) c_row[j] += a_ik * b_row[j];
    }
  }
}

template <typename T>
void eigen_product(const T* a, const T* b, T* c, std::int64_t n) {
  using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> left(a, n, n);
  const Eigen::Map<const RowMajor> right(b, n, n);
  Eigen::Map<RowMajor> result(c, n, n);
  result.noalias() = left * right;
}

}  // namespace

void naive(const double* a, const double* b, double* c, std::int64_t n) { naive_loops(a, b, c, n); }
void naive(const float* a, const float* b, float* c, std::int64_t n) { naive_loops(a, b, c, n); }
void loop_order(const double* a, const double* b, double* c, std::int64_t n) { loop_order_loops(a, b, c, n); }
void loop_order(const float* a, const float* b, float* c, std::int64_t n) { loop_order_loops(a, b, c, n); }

// ------------------------------------------------------------------ tiled

namespace {

using simd::VecDouble;
constexpr int kLanes = simd::kDoubleLanes;
// Micro-tile: kMR rows × kNR columns of C live in 2*kMR vector registers
// (12 of AVX2's 16) for a whole panel depth; per k step it loads two vectors of
// B, broadcasts kMR values of A and issues 2*kMR independent FMAs.
constexpr std::int64_t kMR = 6;
constexpr std::int64_t kNR = 2 * kLanes;
// The cache blocks (kc, mc, nc) come from tiled_blocking(): per machine and per
// vector width, since a B micro-panel kc×kNR is twice the bytes at 8 lanes.

inline VecDouble load(const double* p) {
  VecDouble v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store(double* p, VecDouble v) { std::memcpy(p, &v, sizeof v); }

struct AlignedFree {
  void operator()(double* p) const { ::operator delete[](p, std::align_val_t{64}); }
};
using AlignedBuffer = std::unique_ptr<double[], AlignedFree>;

AlignedBuffer aligned_buffer(std::int64_t count) {
  return AlignedBuffer(static_cast<double*>(
      ::operator new[](static_cast<std::size_t>(count) * sizeof(double), std::align_val_t{64})));
}

// C[0:kMR, 0:kNR] (row stride ldc) = or += packed A micro-panel (kc×kMR) · packed
// B micro-panel (kc×kNR).
inline void micro_kernel(std::int64_t kc, const double* __restrict a, const double* __restrict b, double* c,
                         std::int64_t ldc, bool accumulate) {
  VecDouble left[kMR] = {};
  VecDouble right[kMR] = {};
  // C's tile is touched only at the end: start fetching it now, so the miss
  // overlaps the kc steps instead of stalling after them (+30% measured).
#pragma GCC unroll 6
  for (int r = 0; r < kMR; ++r) {
    for (std::int64_t j = 0; j < kNR; j += 8) __builtin_prefetch(c + r * ldc + j, 1);
    __builtin_prefetch(c + r * ldc + kNR - 1, 1);
  }
#pragma GCC unroll 4
  for (std::int64_t k = 0; k < kc; ++k) {
    const VecDouble b0 = load(b);
    const VecDouble b1 = load(b + kLanes);
#pragma GCC unroll 6
    for (int r = 0; r < kMR; ++r) {
      left[r] += a[r] * b0;
      right[r] += a[r] * b1;
    }
    a += kMR;
    b += kNR;
  }
#pragma GCC unroll 6
  for (int r = 0; r < kMR; ++r) {
    double* row = c + r * ldc;
    if (accumulate) {
      store(row, load(row) + left[r]);
      store(row + kLanes, load(row + kLanes) + right[r]);
    } else {
      store(row, left[r]);
      store(row + kLanes, right[r]);
    }
  }
}

// Packs rows [0, mc) × columns [0, kc) of A (row stride lda) into micro-panels
// of kMR rows, k-major inside a panel; rows past mc are zero.
void pack_a(const double* a, std::int64_t lda, std::int64_t mc, std::int64_t kc, double* out) {
  for (std::int64_t panel = 0; panel < mc; panel += kMR) {
    const std::int64_t rows = std::min(kMR, mc - panel);
    for (std::int64_t k = 0; k < kc; ++k) {
      for (std::int64_t r = 0; r < kMR; ++r) *out++ = r < rows ? a[(panel + r) * lda + k] : 0.0;
    }
  }
}

// Packs the micro-panel of B's block (rows [0, kc), columns [0, nc), row
// stride ldb) that starts at column `panel`: kNR columns, k-major, stored at
// out + panel*kc; columns past nc are zero.
void pack_b(const double* b, std::int64_t ldb, std::int64_t kc, std::int64_t nc, std::int64_t panel,
            double* out) {
  const std::int64_t cols = std::min(kNR, nc - panel);
  out += panel * kc;
  for (std::int64_t k = 0; k < kc; ++k) {
    const double* row = b + k * ldb + panel;
    for (std::int64_t j = 0; j < kNR; ++j) *out++ = j < cols ? row[j] : 0.0;
  }
}

std::int64_t round_up(std::int64_t value, std::int64_t multiple) { return (value + multiple - 1) / multiple * multiple; }

}  // namespace

TiledBlocking tiled_blocking_for(std::int64_t l1d_bytes, std::int64_t l2_bytes, std::int64_t last_level_bytes,
                                 std::int64_t nr) {
  constexpr std::int64_t kDouble = sizeof(double);
  TiledBlocking out{kMR, nr, 0, 0, 0};
  out.kc = std::clamp<std::int64_t>(l1d_bytes / 2 / (nr * kDouble), 32, 1024);
  out.mc = std::clamp<std::int64_t>(l2_bytes * 9 / 16 / (out.kc * kDouble) / kMR * kMR, kMR, 4096 / kMR * kMR);
  out.nc = std::clamp<std::int64_t>(last_level_bytes / 8 / (out.kc * kDouble) / nr * nr, nr, 16384 / nr * nr);
  return out;
}

TiledBlocking tiled_blocking() {
  static const TiledBlocking blocking = [] {
    const hardware::Facts& facts = hardware::machine();
    return tiled_blocking_for(facts.l1d_bytes, facts.l2_bytes, facts.last_level_bytes, kNR);
  }();
  return blocking;
}

void tiled(const double* a, const double* b, double* c, std::int64_t n, int threads) {
  threads = std::max(1, threads);
  const TiledBlocking blocking = tiled_blocking();
  const std::int64_t kc_max = std::min(blocking.kc, n);
  const std::int64_t nc_max = std::min(blocking.nc, round_up(n, kNR));
  // Rows per A block: at most blocking.mc, and a count of blocks that is a multiple of
  // the thread count, so every thread gets the same number of equal blocks.
  const std::int64_t per_thread = (n + threads * blocking.mc - 1) / (threads * blocking.mc);
  const std::int64_t blocks = per_thread * threads;
  const std::int64_t mc_step = round_up((n + blocks - 1) / blocks, kMR);
  AlignedBuffer packed_b = aligned_buffer(kc_max * nc_max);

#pragma omp parallel num_threads(threads)
  {
    AlignedBuffer packed_a = aligned_buffer(kc_max * mc_step);
    alignas(64) double edge[kMR * kNR];
    for (std::int64_t jc = 0; jc < n; jc += blocking.nc) {
      const std::int64_t nc = std::min(blocking.nc, n - jc);
      for (std::int64_t pc = 0; pc < n; pc += blocking.kc) {
        const std::int64_t kc = std::min(blocking.kc, n - pc);
        const bool accumulate = pc > 0;
#pragma omp for schedule(static)
        for (std::int64_t panel = 0; panel < nc; panel += kNR) {
          pack_b(b + pc * n + jc, n, kc, nc, panel, packed_b.get());
        }
        // (the implicit barrier: B is packed before anyone uses it)
#pragma omp for schedule(static)
        for (std::int64_t ic = 0; ic < n; ic += mc_step) {
          const std::int64_t mc = std::min(mc_step, n - ic);
          pack_a(a + ic * n + pc, n, mc, kc, packed_a.get());
          for (std::int64_t jr = 0; jr < nc; jr += kNR) {
            const double* b_panel = packed_b.get() + jr * kc;
            const std::int64_t cols = std::min(kNR, nc - jr);
            for (std::int64_t ir = 0; ir < mc; ir += kMR) {
              const double* a_panel = packed_a.get() + ir * kc;
              const std::int64_t rows = std::min(kMR, mc - ir);
              double* c_tile = c + (ic + ir) * n + jc + jr;
              if (rows == kMR && cols == kNR) {
                micro_kernel(kc, a_panel, b_panel, c_tile, n, accumulate);
              } else {  // a partial tile at the right or bottom edge: through a full-size scratch tile
                micro_kernel(kc, a_panel, b_panel, edge, kNR, false);
                for (std::int64_t r = 0; r < rows; ++r) {
                  for (std::int64_t j = 0; j < cols; ++j) {
                    c_tile[r * n + j] = accumulate ? c_tile[r * n + j] + edge[r * kNR + j] : edge[r * kNR + j];
                  }
                }
              }
            }
          }
        }
        // (the implicit barrier: nobody repacks B while it is in use)
      }
    }
  }
}

// ------------------------------------------------------------------ libraries

void eigen(const double* a, const double* b, double* c, std::int64_t n) { eigen_product(a, b, c, n); }
void eigen(const float* a, const float* b, float* c, std::int64_t n) { eigen_product(a, b, c, n); }

void openblas(const double* a, const double* b, double* c, std::int64_t n) {
  const auto size = static_cast<blasint>(n);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.0, a, size, b, size, 0.0, c, size);
}

void openblas(const float* a, const float* b, float* c, std::int64_t n) {
  const auto size = static_cast<blasint>(n);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.0f, a, size, b, size, 0.0f, c, size);
}

}  // namespace speedlab::matmul
