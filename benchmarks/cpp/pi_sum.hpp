// pi_sum, the Julia micro-benchmark: repeat times, sum_{k=1}^{n} 1/(k*k).
#pragma once

#include <cstdint>

namespace speedlab::pi_sum {

inline constexpr std::int64_t kMaxTerms = 10'000'000;  // k*k < 2^53

// Julia's pisum as written: the last repetition's sum is the result. A
// compiler barrier after each repetition keeps g++ from computing the
// (loop-invariant) sum once: every repetition is really executed, as in the
// other tiers.
double naive(std::int64_t n, std::int64_t repeat);

}  // namespace speedlab::pi_sum
