#include "cpp/fib.hpp"

namespace speedlab::fib {

std::int64_t recursive(int n) {
  if (n < 2) return n;
  return recursive(n - 1) + recursive(n - 2);
}

}  // namespace speedlab::fib
