// Sort n doubles ascending, in place. The k-th sort a harness process runs
// sorts input k, a fresh permutation of the generator's first n values
// (defined below and in benchmarks/workloads/sort.toml), written before the
// iteration, untimed. The checksum is an exact position-weighted sum (below).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

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

// Input k: input_k[i] = x[(a * i + b) mod n] with x[j] = uniform01(seed, j), j < n, and, from the
// generator's raw words w(j) = splitmix64(seed + j): b = w(n + 2k + 1) mod n; a = 1 for n <= 2, else
// 2 + w(n + 2k) mod (n - 2) raised to the next integer coprime with n. No two inputs share an order
// (a >= 2), all are permutations of the same values (so all sorted outputs are the same array).
struct Permutation {
  std::uint64_t a;
  std::uint64_t b;
};
Permutation input_permutation(std::uint64_t n, std::uint64_t seed, std::uint64_t k);

// Writes input k of `values` (x above, n of them) into out.
void fill_input(double* out, const double* values, std::size_t n, std::uint64_t seed, std::uint64_t k);

// The inputs of one process: next(out) writes input k for the k-th call.
class FreshInputs {
 public:
  FreshInputs(std::size_t n, std::uint64_t seed);
  void next(double* out) { fill_input(out, values_.data(), values_.size(), seed_, index_++); }
  std::uint64_t index() const { return index_; }  // the next input's k

 private:
  std::vector<double> values_;
  std::uint64_t seed_;
  std::uint64_t index_ = 0;
};

// The smallest and largest checksum of the outputs of one repetition: both must equal the reference
// (every correct output is the same array), so one wrong output in any iteration moves one of them.
struct OutputChecksums {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double value) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
};

}  // namespace speedlab::sort
