#include "catch.hpp"

#include <algorithm>
#include <vector>

#include "cpp/sort.hpp"
#include "harness/prng.hpp"

namespace st = speedlab::sort;

namespace {

std::vector<double> quicksorted(std::vector<double> values) {
  if (!values.empty()) st::quicksort(values.data(), 0, static_cast<std::int64_t>(values.size()) - 1);
  return values;
}

std::vector<double> std_sorted(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values;
}

}  // namespace

TEST_CASE("sort: the hand quicksort sorts awkward inputs") {
  const std::vector<std::vector<double>> cases = {
      {1.0},
      {2.0, 1.0},
      {1.0, 2.0, 3.0, 4.0, 5.0},
      {5.0, 4.0, 3.0, 2.0, 1.0},
      {3.0, 3.0, 3.0, 3.0},
      {0.5, 0.25, 0.5, 0.25, 0.5, 0.0, 0.5},
  };
  for (const auto& values : cases) CHECK(quicksorted(values) == std_sorted(values));
  for (std::size_t n = 1; n <= 64; ++n) {
    const auto values = speedlab::uniform_vector(n, n);
    INFO("n = " << n);
    CHECK(quicksorted(values) == std_sorted(values));
  }
  std::vector<double> sorted_input(10000);
  for (std::size_t i = 0; i < sorted_input.size(); ++i) sorted_input[i] = static_cast<double>(i % 100);
  CHECK(quicksorted(sorted_input) == std_sorted(sorted_input));
}

TEST_CASE("sort: every C++ impl gives std::sort's array") {
  const auto input = speedlab::uniform_vector(100003, 42);  // above the parallel mode's 1000-element threshold
  const auto expected = std_sorted(input);
  CHECK(quicksorted(input) == expected);
  for (int threads : {1, 2, 3}) {
    auto values = input;
    st::parallel_sort(values.data(), values.size(), threads);
    INFO("threads = " << threads);
    CHECK(values == expected);
  }
}

TEST_CASE("sort: the checksum is exact and position-weighted and shared with Python") {
  const auto sorted = std_sorted(speedlab::uniform_vector(1000, 42));
  // python_baselines.workloads.sort.reference({"n": 1000})
  CHECK(st::checksum(sorted.data(), sorted.size()) == 1879611925400325.0);
  auto swapped = sorted;
  std::swap(swapped[500], swapped[501]);
  CHECK(st::checksum(swapped.data(), swapped.size()) != st::checksum(sorted.data(), sorted.size()));
  // By hand: values k * 2^-53 with k = 3, 5: 1*3 + 2*5 = 13.
  const double small[] = {3 * 0x1.0p-53, 5 * 0x1.0p-53};
  CHECK(st::checksum(small, 2) == 13.0);
}
