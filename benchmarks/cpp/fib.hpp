// Recursive Fibonacci: fib(n) = n for n < 2, else fib(n-1) + fib(n-2).
// 2*fib(n+1) - 1 calls and one add each: what it measures is a call.
#pragma once

#include <cstdint>

namespace speedlab::fib {

inline constexpr int kMaxN = 78;  // fib(78) < 2^53: exact in a double counter

// The textbook doubly recursive definition, as in python.loops and java.loops.
// g++ -O3 keeps the recursion (it may inline a few levels or turn one of the
// two calls into a loop: that is what the compiler does with the plain code).
std::int64_t recursive(int n);

}  // namespace speedlab::fib
