#include "cpp/sort.hpp"

#include <omp.h>

#include <algorithm>
#include <parallel/algorithm>
#include <numeric>
#include <utility>

#include "harness/prng.hpp"

namespace speedlab::sort {

void quicksort(double* a, std::int64_t lo, std::int64_t hi) {
  while (lo < hi) {
    const double pivot = a[lo + (hi - lo) / 2];
    std::int64_t i = lo;
    std::int64_t j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        std::swap(a[i], a[j]);
        ++i;
        --j;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
}

void std_sort(double* a, std::size_t n) { std::sort(a, a + n); }

void parallel_sort(double* a, std::size_t n, int threads) {
  __gnu_parallel::sort(a, a + n, __gnu_parallel::default_parallel_tag(threads));
}

double checksum(const double* sorted, std::size_t n) {
  constexpr double kTwo53 = 0x1.0p53;
  constexpr std::uint64_t kMask = (std::uint64_t{1} << 52) - 1;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += (i + 1) * static_cast<std::uint64_t>(sorted[i] * kTwo53);
  return static_cast<double>(total & kMask);
}

Permutation input_permutation(std::uint64_t n, std::uint64_t seed, std::uint64_t k) {
  const std::uint64_t offset = seed + n + 2 * k;  // unsigned: wraps like every language's version
  const std::uint64_t b = splitmix64(offset + 1) % n;
  if (n <= 2) return {1, b};
  std::uint64_t a = 2 + splitmix64(offset) % (n - 2);
  while (std::gcd(a, n) != 1) ++a;  // n - 1 is coprime with n: a stays below n
  return {a, b};
}

void fill_input(double* out, const double* values, std::size_t n, std::uint64_t seed, std::uint64_t k) {
  const Permutation p = input_permutation(n, seed, k);
  std::uint64_t position = p.b;
  for (std::size_t i = 0; i < n; ++i) {  // (a * i + b) mod n, stepped: a < n, one subtraction suffices
    out[i] = values[position];
    position += p.a;
    if (position >= n) position -= n;
  }
}

FreshInputs::FreshInputs(std::size_t n, std::uint64_t seed) : values_(uniform_vector(n, seed)), seed_(seed) {}

}  // namespace speedlab::sort
