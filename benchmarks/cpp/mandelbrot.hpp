// Mandelbrot escape-time counts over an n x n grid of [-2, 0.5] x [-1.25, 1.25],
// at most 100 iterations. Pixel (row i, column j) is the centre of its cell,
// written symmetrically about the grid's centre (-0.75, 0), h = 1.25 / n:
//   cr = -0.75 + (2j + 1 - n) * h,  ci = (2i + 1 - n) * h
// and the escape loop is, in this order in every language:
//   zr2 = zr*zr; zi2 = zi*zi; if (zr2 + zi2 > 4) stop; zi = 2*zr*zi + ci; zr = zr2 - zi2 + cr; ++count
// The checksum is the sum of the counts (python_baselines/workloads/mandelbrot.py
// has the definition). g++ contracts multiply-adds into FMAs in C++ even
// with -std=c++20 (-ffp-contract=fast is its C++ default), so cr and z may
// differ from Python's in the last bit; no count differed in any measurement
// (see the tolerance in benchmarks/workloads/mandelbrot.toml).
#pragma once

#include <cstdint>

#include "cpp/host_device.hpp"

namespace speedlab::mandelbrot {

inline constexpr int kMaxIterations = 100;
inline constexpr double kXCentre = -0.75;
inline constexpr double kHalfExtent = 1.25;  // [-2, 0.5] x [-1.25, 1.25]

inline double half_pixel(std::int64_t n) { return kHalfExtent / static_cast<double>(n); }
// The offset of pixel `index` from the grid's centre: (2 index + 1 - n) * h, one rounding.
SPEEDLAB_HOST_DEVICE inline double offset(std::int64_t index, std::int64_t n, double h) {
  return static_cast<double>(2 * index + 1 - n) * h;
}

// Iterations before |z|^2 > 4 (kMaxIterations if it never escapes). The one
// definition of the scalar loop, compiled by g++ (cpp.naive) and nvcc (cuda.naive).
SPEEDLAB_HOST_DEVICE inline int escape_iterations(double cr, double ci) {
  double zr = 0.0;
  double zi = 0.0;
  int count = 0;
  while (count < kMaxIterations) {
    const double zr2 = zr * zr;
    const double zi2 = zi * zi;
    if (zr2 + zi2 > 4.0) break;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
    ++count;
  }
  return count;
}

// cpp.naive: pixel by pixel, the scalar loop above.
std::int64_t naive(std::int64_t n);

// cpp.openmp: a row at a time, kVectorsPerGroup SIMD vectors of adjacent
// pixels iterated together (escaped lanes frozen by a per-lane select, the
// group stops when no lane is active); rows shared out dynamically by OpenMP
// (rows cost very different amounts). The same operations per pixel, so the
// same counts as naive.
std::int64_t openmp(std::int64_t n, int threads);

// The sum of the counts of row i (the building block of openmp()).
std::int64_t row_simd(std::int64_t n, std::int64_t i);

}  // namespace speedlab::mandelbrot
