#include "cpp/pi_sum.hpp"

namespace speedlab::pi_sum {

double naive(std::int64_t n, std::int64_t repeat) {
  double total = 0.0;
  for (std::int64_t j = 0; j < repeat; ++j) {
    total = 0.0;
    for (std::int64_t k = 1; k <= n; ++k) {
      total += 1.0 / static_cast<double>(k * k);
    }
    asm volatile("" : "+x"(total));  // the value may have changed: recompute next time
  }
  return total;
}

}  // namespace speedlab::pi_sum
