// The base case of parallel_dac, compiled with -fno-tree-vectorize (see
// CMakeLists.txt): the "before vectorization" step of the ladder, so that
// dac_vectorized differs from it only by the compiler's vectorization.
#include "cpp/matmul_ladder.hpp"

namespace speedlab::matmul::ladder {

void base_scalar(const Block& x) {
  ikj_loops(x);
}

}  // namespace speedlab::matmul::ladder
