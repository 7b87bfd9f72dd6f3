#include "catch.hpp"

#include "cpp/fib.hpp"

TEST_CASE("fib: the recursion gives the Fibonacci numbers") {
  std::int64_t previous = 0;
  std::int64_t current = 1;
  for (int n = 1; n <= 25; ++n) {  // current = fib(n)
    INFO("n = " << n);
    CHECK(speedlab::fib::recursive(n) == current);
    const std::int64_t next = previous + current;
    previous = current;
    current = next;
  }
  CHECK(speedlab::fib::recursive(0) == 0);
  CHECK(speedlab::fib::recursive(30) == 832040);
}
