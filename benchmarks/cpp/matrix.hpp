// Square row-major matrices and grids shared by the dense workloads (matmul,
// stencil2d) and by their CUDA versions: inputs from the shared generator and
// the checksums every language computes the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/prng.hpp"

namespace speedlab::matrix {

// An n×n row-major matrix whose element (i, j) is the generator's value at
// offset + i*n + j (so two matrices of one workload use offsets 0 and n*n).
inline std::vector<double> uniform(std::int64_t n, std::uint64_t seed, std::uint64_t offset = 0) {
  return uniform_vector(static_cast<std::size_t>(n * n), seed, offset);
}

// Sum of all elements, row by row: each row summed left to right, then the row
// sums added in order (error ~ 2n ulp rather than n^2 for one long chain).
inline double sum(const double* m, std::int64_t rows, std::int64_t cols) {
  double total = 0.0;
  for (std::int64_t i = 0; i < rows; ++i) {
    double row = 0.0;
    for (std::int64_t j = 0; j < cols; ++j) row += m[i * cols + j];
    total += row;
  }
  return total;
}

// Position-weighted sum: sum over (i, j) of m[i][j] * (i*cols + j + 1), the
// weight being the 1-based row-major position. A transposed, shifted or
// permuted result changes it even when the plain sum stays the same.
inline double position_weighted_sum(const double* m, std::int64_t rows, std::int64_t cols) {
  double total = 0.0;
  for (std::int64_t i = 0; i < rows; ++i) {
    double row = 0.0;
    for (std::int64_t j = 0; j < cols; ++j) row += m[i * cols + j] * static_cast<double>(i * cols + j + 1);
    total += row;
  }
  return total;
}

}  // namespace speedlab::matrix
