// Leibniz series for pi: pi ~= 4 * sum_{k=0}^{n-1} (-1)^k / (2k + 1).
// One division, one add for the denominator and one accumulate per term.
#pragma once

#include <cstdint>

namespace speedlab::leibniz_pi {

// The textbook loop, written the same way as python.loops and java.loops:
// one accumulator, sign flipped each term. The add chain is serial, so the
// compiler may not vectorize it without reassociating (-ffast-math).
double naive(std::int64_t n);

// Explicit SIMD: vector accumulators (several, to hide add and divide
// latency) over the same terms; `threads` > 1 splits the range with OpenMP and
// adds the per-thread sums in a fixed order, so the result is reproducible.
double simd(std::int64_t n, int threads);

// Sum of terms k in [begin, end), vectorized: the building block of simd().
double simd_partial_sum(std::int64_t begin, std::int64_t end);

}  // namespace speedlab::leibniz_pi
