// The position weight behind every weighted checksum (the definition, and why a
// hash of the position rather than the position: python_baselines/checksums.py).
//
//   w(p) = 1 + (splitmix64(2^63 + p) >> 54)          an integer in [1, 1024]
//   1-D output x of length N:       weighted = sum_p x[p] * w(p)
//   2-D output m of rows x cols:    weighted = sum_ij m[i][j] * w(i) * w(rows + j)
//
// A swapped pair, a permuted block or a chunk at the wrong offset moves the
// weighted sum by about what one wrong element moves the plain sum (~1/N), at
// any N. Every sum is in double, left to right (a float result's checksums are
// double sums of its values). CUDA impls call these on the host, after copying
// their output back.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/prng.hpp"

namespace speedlab::checksum {

inline constexpr std::uint64_t kWeightStream = std::uint64_t{1} << 63;  // never meets an input's seed + i
inline constexpr int kWeightBits = 10;

constexpr std::uint64_t position_weight(std::uint64_t p) noexcept {
  return 1 + (splitmix64(kWeightStream + p) >> (64 - kWeightBits));
}

// w(offset), ..., w(offset + count - 1) as doubles (exact: at most 2^10).
inline std::vector<double> position_weights(std::int64_t count, std::int64_t offset = 0) {
  std::vector<double> out(static_cast<std::size_t>(count));
  for (std::int64_t p = 0; p < count; ++p) {
    out[static_cast<std::size_t>(p)] = static_cast<double>(position_weight(static_cast<std::uint64_t>(offset + p)));
  }
  return out;
}

// sum_p x[p], left to right.
template <typename T>
double sum(const T* x, std::int64_t count) {
  double total = 0.0;
  for (std::int64_t p = 0; p < count; ++p) total += static_cast<double>(x[p]);
  return total;
}

// sum_p x[p] * w(p), left to right.
template <typename T>
double weighted_sum(const T* x, std::int64_t count) {
  double total = 0.0;
  for (std::int64_t p = 0; p < count; ++p) {
    total += static_cast<double>(x[p]) * static_cast<double>(position_weight(static_cast<std::uint64_t>(p)));
  }
  return total;
}

// sum_ij get(i, j) * w(i) * w(rows + j): each row against the column weights, then the row totals
// against the row weights, in order. `get` reads element (i, j) of whatever layout the output has.
template <typename Get>
double weighted_sum_2d(std::int64_t rows, std::int64_t cols, Get get) {
  const std::vector<double> column_weights = position_weights(cols, rows);
  double total = 0.0;
  for (std::int64_t i = 0; i < rows; ++i) {
    double row = 0.0;
    for (std::int64_t j = 0; j < cols; ++j) {
      row += static_cast<double>(get(i, j)) * column_weights[static_cast<std::size_t>(j)];
    }
    total += row * static_cast<double>(position_weight(static_cast<std::uint64_t>(i)));
  }
  return total;
}

// The same for a row-major rows x cols array.
template <typename T>
double weighted_sum_2d(const T* m, std::int64_t rows, std::int64_t cols) {
  return weighted_sum_2d(rows, cols, [m, cols](std::int64_t i, std::int64_t j) { return m[i * cols + j]; });
}

}  // namespace speedlab::checksum
