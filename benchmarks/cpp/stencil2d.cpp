#include "cpp/stencil2d.hpp"

#include <omp.h>

#include <algorithm>
#include <cstring>

#include "cpp/checksum.hpp"
#include "cpp/matrix.hpp"
#include "cpp/simd.hpp"

namespace speedlab::stencil2d {

Grids make_grids(std::int64_t n, std::uint64_t seed) {
  std::vector<double> initial = matrix::uniform(n, seed, 0);
  return {initial, initial, initial};
}

Checksums checksums(const double* grid, std::int64_t n) {
  return {matrix::sum(grid, n, n), checksum::weighted_sum_2d(grid, n, n)};
}

namespace {

// Interior rows [first, last) of one sweep.
inline void sweep_rows(const double* __restrict in, double* __restrict out, std::int64_t n, std::int64_t first,
                       std::int64_t last) {
  for (std::int64_t i = first; i < last; ++i) {
    const double* up = in + (i - 1) * n;
    const double* row = in + i * n;
    const double* down = in + (i + 1) * n;
    double* target = out + i * n;
#pragma omp simd
    for (std::int64_t j = 1; j < n - 1; ++j) target[j] = jacobi_point(up[j], down[j], row[j - 1], row[j + 1]);
  }
}

// The same rows with streaming stores: per row, ordinary stores up to the
// first vector-aligned column and for the tail, streaming stores between.
// The vector expression adds in the same order, so the grid is the same.
inline void sweep_rows_streaming(const double* __restrict in, double* __restrict out, std::int64_t n,
                                 std::int64_t first, std::int64_t last) {
  using simd::VecDouble;
  constexpr std::int64_t kLanes = simd::kDoubleLanes;
  const auto load = [](const double* p) {
    VecDouble v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  for (std::int64_t i = first; i < last; ++i) {
    const double* up = in + (i - 1) * n;
    const double* row = in + i * n;
    const double* down = in + (i + 1) * n;
    double* target = out + i * n;
    std::int64_t j = 1;
    for (const std::int64_t head = 1 + streaming::unaligned_head(target + 1, n - 2); j < head; ++j) {
      target[j] = jacobi_point(up[j], down[j], row[j - 1], row[j + 1]);
    }
    for (; j + kLanes <= n - 1; j += kLanes) {
      streaming::store(target + j, jacobi_point(load(up + j), load(down + j), load(row + j - 1), load(row + j + 1)));
    }
    for (; j < n - 1; ++j) target[j] = jacobi_point(up[j], down[j], row[j - 1], row[j + 1]);
  }
  streaming::fence();  // before the barrier: the next sweep reads these rows from other threads
}

// Source and destination of sweep number `sweep` (0-based).
inline const double* source(const double* initial, const double* a, const double* b, std::int64_t sweep) {
  return sweep == 0 ? initial : (sweep % 2 == 1 ? a : b);
}
inline double* destination(double* a, double* b, std::int64_t sweep) { return sweep % 2 == 0 ? a : b; }

}  // namespace

const double* naive(const double* initial, double* work_a, double* work_b, std::int64_t n, std::int64_t sweeps) {
  for (std::int64_t sweep = 0; sweep < sweeps; ++sweep) {
    const double* in = source(initial, work_a, work_b, sweep);
    double* out = destination(work_a, work_b, sweep);
    for (std::int64_t i = 1; i < n - 1; ++i) {
      for (std::int64_t j = 1; j < n - 1; ++j) {
        out[i * n + j] = jacobi_point(in[(i - 1) * n + j], in[(i + 1) * n + j], in[i * n + j - 1], in[i * n + j + 1]);
      }
    }
  }
  return sweeps % 2 == 1 ? work_a : work_b;
}

streaming::Stores stores_for(std::int64_t n, int threads) { return streaming::stores_for_bytes(16 * n * n, threads); }

const double* openmp(const double* initial, double* work_a, double* work_b, std::int64_t n, std::int64_t sweeps,
                     int threads) {
  return openmp_with(initial, work_a, work_b, n, sweeps, threads, stores_for(n, threads));
}

const double* openmp_with(const double* initial, double* work_a, double* work_b, std::int64_t n,
                          std::int64_t sweeps, int threads, streaming::Stores stores) {
  const bool stream = stores == streaming::Stores::kStreaming;
#pragma omp parallel num_threads(std::max(1, threads))
  {
    // Each thread keeps the same band of rows in every sweep (its rows stay in
    // its own core's caches when the grid fits).
    const std::int64_t team = omp_get_num_threads();
    const std::int64_t id = omp_get_thread_num();
    const std::int64_t interior = n - 2;
    const std::int64_t first = 1 + interior * id / team;
    const std::int64_t last = 1 + interior * (id + 1) / team;
    for (std::int64_t sweep = 0; sweep < sweeps; ++sweep) {
      const double* in = source(initial, work_a, work_b, sweep);
      double* out = destination(work_a, work_b, sweep);
      if (stream) {
        sweep_rows_streaming(in, out, n, first, last);
      } else {
        sweep_rows(in, out, n, first, last);
      }
#pragma omp barrier
    }
  }
  return sweeps % 2 == 1 ? work_a : work_b;
}

}  // namespace speedlab::stencil2d
