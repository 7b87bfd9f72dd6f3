// Sort n doubles ascending. Inputs come from the shared generator; every timed
// iteration sorts a fresh copy of the unsorted input (the copy is timed in
// every tier). The checksum is an exact position-weighted sum (below).
#pragma once

#include <cstddef>
#include <cstdint>

namespace speedlab::sort {

// cpp.naive: the hand-written quicksort of python.loops and java.loops, in
// place on a[lo..hi] (inclusive): pivot = the middle element's value,
// Hoare-style partition (indices moving inwards, swapping out-of-place pairs),
// recursion on the smaller part and a loop on the larger (depth <= log2 n).
void quicksort(double* a, std::int64_t lo, std::int64_t hi);

// cpp.std: std::sort (introsort: quicksort, heapsort fallback, insertion sort
// for short ranges).
void std_sort(double* a, std::size_t n);

// cpp.parallel: libstdc++'s parallel mode, __gnu_parallel::sort (multiway
// mergesort over OpenMP threads; with 1 thread it is std::sort).
void parallel_sort(double* a, std::size_t n, int threads);

// The checksum: with a_i = k_i * 2^-53 (every generator value is), the sum of
// (i + 1) * k_i in uint64 wrap-around arithmetic, low 52 bits (exact in a
// double). Moving, losing or changing any value changes it.
double checksum(const double* sorted, std::size_t n);

}  // namespace speedlab::sort
