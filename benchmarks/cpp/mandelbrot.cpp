#include "cpp/mandelbrot.hpp"

#include <omp.h>

#include <algorithm>

#include "cpp/simd.hpp"

namespace speedlab::mandelbrot {

std::int64_t naive(std::int64_t n) {
  const double h = half_pixel(n);
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double ci = offset(i, n, h);
    for (std::int64_t j = 0; j < n; ++j) total += escape_iterations(kXCentre + offset(j, n, h), ci);
  }
  return total;
}

namespace {

using simd::kDoubleLanes;
using simd::VecDouble;
using simd::VecMask;

// Independent vectors iterated together: the escape loop is one long chain of
// dependent multiplies and adds, so several chains in flight keep the FPU busy.
constexpr int kVectorsPerGroup = 4;
constexpr std::int64_t kGroupPixels = kDoubleLanes * kVectorsPerGroup;

}  // namespace

std::int64_t row_simd(std::int64_t n, std::int64_t i) {
  const double h = half_pixel(n);
  const double ci = offset(i, n, h);
  VecDouble lane_offsets;  // 2 * lane
  for (int lane = 0; lane < kDoubleLanes; ++lane) lane_offsets[lane] = 2.0 * lane;

  std::int64_t total = 0;
  for (std::int64_t first = 0; first < n; first += kGroupPixels) {
    VecDouble cr[kVectorsPerGroup];
    VecDouble zr[kVectorsPerGroup] = {};
    VecDouble zi[kVectorsPerGroup] = {};
    VecMask counts[kVectorsPerGroup] = {};
    for (int v = 0; v < kVectorsPerGroup; ++v) {
      // (2 j0 + 1 - n) + 2 lane is exactly 2j + 1 - n (small integers): the scalar code's centre.
      cr[v] = kXCentre + (static_cast<double>(2 * (first + v * kDoubleLanes) + 1 - n) + lane_offsets) * h;
    }
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
      VecMask any_active = {};
      for (int v = 0; v < kVectorsPerGroup; ++v) {
        const VecDouble zr2 = zr[v] * zr[v];
        const VecDouble zi2 = zi[v] * zi[v];
        const VecMask active = zr2 + zi2 <= 4.0;  // lanes that have not escaped
        counts[v] -= active;                      // active lanes are -1
        const VecDouble next_zi = 2.0 * zr[v] * zi[v] + ci;
        const VecDouble next_zr = zr2 - zi2 + cr[v];
        zi[v] = active ? next_zi : zi[v];  // escaped lanes keep their z, so they stay escaped
        zr[v] = active ? next_zr : zr[v];
        any_active |= active;
      }
      if (!simd::any(any_active)) break;
    }
    const std::int64_t valid = std::min<std::int64_t>(kGroupPixels, n - first);  // the row's last group may overhang
    for (std::int64_t p = 0; p < valid; ++p) total += counts[p / kDoubleLanes][p % kDoubleLanes];
  }
  return total;
}

std::int64_t openmp(std::int64_t n, int threads) {
  std::int64_t total = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(+ : total)
  for (std::int64_t i = 0; i < n; ++i) total += row_simd(n, i);
  return total;
}

}  // namespace speedlab::mandelbrot
