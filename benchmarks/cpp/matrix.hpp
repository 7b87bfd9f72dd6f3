// Square row-major matrices and grids shared by the dense workloads (matmul,
// stencil2d) and by their CUDA versions: inputs from the shared generator and
// the plain sum every language computes the same way (the weighted checksum:
// checksum::weighted_sum_2d in cpp/checksum.hpp).
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
// Always in double: a float32 result's checksum is the float64 sum of its values.
template <typename T>
double sum(const T* m, std::int64_t rows, std::int64_t cols) {
  double total = 0.0;
  for (std::int64_t i = 0; i < rows; ++i) {
    double row = 0.0;
    for (std::int64_t j = 0; j < cols; ++j) row += static_cast<double>(m[i * cols + j]);
    total += row;
  }
  return total;
}

}  // namespace speedlab::matrix
