// The base case of parallel_dac, compiled with -fno-tree-vectorize (see
// CMakeLists.txt): the "before vectorization" step of the ladder, so that
// dac_vectorized differs from it only by the compiler's vectorization.
#include "cpp/matmul_ladder.hpp"

namespace speedlab::matmul::ladder {

void base_scalar(const Block& x) {
  for (std::int64_t i = 0; i < x.m; ++i) {
    double* __restrict c_row = x.c + i * x.ldc;
    for (std::int64_t p = 0; p < x.k; ++p) {
      const double a_ip = x.a[i * x.lda + p];
      const double* __restrict b_row = x.b + p * x.ldb;
      for (std::int64_t j = 0; j < x.n; ++j) c_row[j] += a_ip * b_row[j];
    }
  }
}

}  // namespace speedlab::matmul::ladder
