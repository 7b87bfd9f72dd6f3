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

namespace {

struct InputVector {
  std::uint64_t n, seed, k;
  st::Permutation permutation;
  std::vector<std::uint64_t> first;  // the integers k_i = value * 2^53 of the first values
};

// The same vectors as tests/python/test_sort.py and tests/java/speedlab/SortTest.java.
const std::vector<InputVector> kInputVectors = {
    {1000, 42, 0, {243, 651}, {6310616612936949, 3550701631322632, 239015528543416}},
    {1000, 42, 1, {277, 468}, {2128074245000271, 5154609221871018, 7550132826373329}},
    {1000, 42, 2, {57, 648}, {8149164043037059, 724503487269626, 4531445256473849}},
    {1000, 7, 0, {507, 956}, {41847437913378, 4184379666043132, 3314130544677021}},
    {10, 42, 0, {7, 2}, {8840782731883338, 3302224384610536, 142129307238655}},
    {3, 42, 0, {2, 0}, {6679422623415661, 8840782731883338, 6558851304090109}},
    {2, 42, 1, {1, 1}, {6558851304090109, 6679422623415661}},
    {1, 42, 3, {1, 0}, {6679422623415661}},
};

}  // namespace

TEST_CASE("sort: input k is the pinned permutation, the same as Python's and Java's") {
  for (const auto& vector : kInputVectors) {
    INFO("n = " << vector.n << ", seed = " << vector.seed << ", k = " << vector.k);
    const st::Permutation p = st::input_permutation(vector.n, vector.seed, vector.k);
    CHECK(p.a == vector.permutation.a);
    CHECK(p.b == vector.permutation.b);
    const auto values = speedlab::uniform_vector(vector.n, vector.seed);
    std::vector<double> input(vector.n);
    st::fill_input(input.data(), values.data(), vector.n, vector.seed, vector.k);
    for (std::size_t i = 0; i < vector.first.size(); ++i) {
      CHECK(static_cast<std::uint64_t>(input[i] * 0x1.0p53) == vector.first[i]);
    }
    for (std::size_t i = 0; i < vector.n; ++i) {  // the definition, element by element
      CHECK(input[i] == values[(p.a * i + p.b) % vector.n]);
    }
  }
}

TEST_CASE("sort: FreshInputs gives input k at its k-th call, each a permutation of the same values") {
  const std::size_t n = 3000;
  st::FreshInputs inputs(n, 42);
  const auto sorted_values = std_sorted(speedlab::uniform_vector(n, 42));
  std::vector<double> previous;
  for (std::uint64_t k = 0; k < 20; ++k) {
    INFO("k = " << k);
    CHECK(inputs.index() == k);
    std::vector<double> got(n), expected(n);
    inputs.next(got.data());
    const auto values = speedlab::uniform_vector(n, 42);
    st::fill_input(expected.data(), values.data(), n, 42, k);
    CHECK(got == expected);
    CHECK(std_sorted(got) == sorted_values);
    CHECK(got != previous);
    const st::Permutation p = st::input_permutation(n, 42, k);
    CHECK(p.a >= 2);
    CHECK(p.a < n);
    previous = got;
  }
}

TEST_CASE("sort: one wrong output among right ones moves the smallest or the largest checksum") {
  const auto sorted = std_sorted(speedlab::uniform_vector(100, 42));
  auto wrong = sorted;
  std::swap(wrong[10], wrong[11]);
  const double right = st::checksum(sorted.data(), sorted.size());
  st::OutputChecksums checks;
  checks.add(right);
  CHECK(checks.low == right);
  CHECK(checks.high == right);
  checks.add(st::checksum(wrong.data(), wrong.size()));
  checks.add(right);
  CHECK((checks.low != right || checks.high != right));
}
