// The C++ checksum functions catch what a checksum is for: a correct output of
// each array workload (at its smoke size) with one element wrong, two swapped,
// or a chunk shifted or misplaced must move some checksum by more than the
// workload's tolerance (benchmarks/workloads/*.toml: the float64 rtols are
// repeated below; tests/python/test_corruption.py checks the same corruptions
// through the runner's own validation with the manifest's numbers).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cpp/checksum.hpp"
#include "cpp/matmul.hpp"
#include "cpp/nbody.hpp"
#include "cpp/stencil2d.hpp"
#include "cpp/stream_triad.hpp"
#include "cpp/transfer.hpp"

namespace cs = speedlab::checksum;

namespace {

// {plain, weighted} of an output.
using Sums = std::pair<double, double>;

double relative_change(double got, double expected) { return std::abs(got - expected) / std::abs(expected); }

// One corruption of a correct output: `caught_by_sum` says whether the plain sum must see it (a permutation
// leaves it exactly as it was); the weighted sum must see every one.
template <typename Output>
struct Corruption {
  std::string what;
  std::function<void(Output&)> apply;
  bool caught_by_sum;
};

template <typename Output>
void check_corruptions(const Output& correct, const std::function<Sums(const Output&)>& sums_of, double rtol,
                       const std::vector<Corruption<Output>>& corruptions) {
  const Sums right = sums_of(correct);
  for (const auto& corruption : corruptions) {
    INFO(corruption.what);
    Output wrong = correct;
    corruption.apply(wrong);
    REQUIRE(wrong != correct);  // the corruption changed something
    const Sums got = sums_of(wrong);
    CHECK(relative_change(got.second, right.second) > rtol);
    if (corruption.caught_by_sum) {
      CHECK(relative_change(got.first, right.first) > rtol);
    } else {
      CHECK(relative_change(got.first, right.first) <= 1e-15);  // the plain sum cannot tell
    }
  }
}

// The corruptions every 1-D output gets: element p doubled (wrong by its own size), elements p and q swapped,
// the chunk [p, p + length) rotated by one place, two chunks of `length` swapped.
template <typename T>
std::vector<Corruption<std::vector<T>>> one_dimensional(std::size_t p, std::size_t q, std::size_t length) {
  using V = std::vector<T>;
  return {
      {"element " + std::to_string(p) + " doubled", [p](V& x) { x[p] *= 2; }, true},
      {"elements " + std::to_string(p) + " and " + std::to_string(q) + " swapped", [p, q](V& x) { std::swap(x[p], x[q]); },
       false},
      {"adjacent elements swapped", [p](V& x) { std::swap(x[p], x[p + 1]); }, false},
      {"a chunk shifted by one place", [p, length](V& x) { std::rotate(x.begin() + p, x.begin() + p + 1, x.begin() + p + length); },
       false},
      {"two chunks swapped", [p, length](V& x) { std::swap_ranges(x.begin() + p, x.begin() + p + length, x.begin() + p + length); },
       false},
  };
}

}  // namespace

TEST_CASE("checksum: the position weights are the shared test vectors") {
  // python_baselines/checksums.py and Java's Checksums assert the same numbers.
  const std::vector<std::uint64_t> expected = {289, 881, 898, 223, 77, 339};
  for (std::uint64_t p = 0; p < expected.size(); ++p) CHECK(cs::position_weight(p) == expected[p]);
  CHECK(cs::position_weight(1000000) == 341);
  for (std::uint64_t p = 0; p < 100000; ++p) {
    const std::uint64_t w = cs::position_weight(p);
    REQUIRE((w >= 1 && w <= 1024));
  }
  CHECK(cs::position_weights(3, 2) == std::vector<double>{898, 223, 77});
}

TEST_CASE("checksum: weighted sums by hand, 1-D and 2-D") {
  const std::vector<double> x = {1.0, 2.0, 4.0};
  CHECK(cs::sum(x.data(), 3) == 7.0);
  CHECK(cs::weighted_sum(x.data(), 3) == 289.0 + 2 * 881.0 + 4 * 898.0);
  const std::vector<float> m = {1, 2, 3, 4, 5, 6};  // 2 rows x 3 columns: row weights w(0), w(1); columns w(2..4)
  CHECK(cs::weighted_sum_2d(m.data(), 2, 3) ==
        289.0 * (1 * 898 + 2 * 223 + 3 * 77) + 881.0 * (4 * 898 + 5 * 223 + 6 * 77));
  const auto transposed = [&](std::int64_t i, std::int64_t j) { return m[j * 3 + i]; };  // a 3 x 2 view
  CHECK(cs::weighted_sum_2d(3, 2, transposed) != cs::weighted_sum_2d(m.data(), 2, 3));
}

TEST_CASE("checksum: stream_triad's checksums catch a wrong, swapped or misplaced element") {
  namespace st = speedlab::stream_triad;
  const std::int64_t n = 10000;  // the smoke size
  st::Arrays arrays = st::make_arrays(n, 42);
  st::naive(arrays.a.data(), arrays.b.data(), arrays.c.data(), st::kScalar, n);
  const auto sums = [](const std::vector<double>& a) {
    const st::Checksums c = st::checksums(a.data(), static_cast<std::int64_t>(a.size()));
    return Sums{c.sum, c.weighted};
  };
  check_corruptions<std::vector<double>>(arrays.a, sums, 1e-11, one_dimensional<double>(4321, 77, 512));
}

TEST_CASE("checksum: transfer's checksums catch a lost, swapped or misplaced chunk") {
  namespace tr = speedlab::transfer;
  const std::int64_t bytes = 65536;  // the smoke size: 8192 values, 16 pages of 4 KiB
  std::vector<unsigned char> payload(static_cast<std::size_t>(bytes));
  tr::fill(payload.data(), bytes, 42);
  std::vector<double> values(static_cast<std::size_t>(bytes / 8));
  std::memcpy(values.data(), payload.data(), static_cast<std::size_t>(bytes));
  const auto sums = [](const std::vector<double>& v) {
    const tr::Checksums c = tr::checksums(reinterpret_cast<const unsigned char*>(v.data()),
                                          static_cast<std::int64_t>(v.size() * 8));
    return Sums{c.sum, c.weighted};
  };
  auto corruptions = one_dimensional<double>(3 * 512, 11 * 512, 512);  // page-sized chunks
  corruptions.push_back({"a page copied over the next one", [](std::vector<double>& v) {
                           std::copy(v.begin() + 512, v.begin() + 1024, v.begin() + 1024);
                         }, true});
  check_corruptions<std::vector<double>>(values, sums, 1e-11, corruptions);
}

TEST_CASE("checksum: stencil2d's checksums catch a wrong, swapped or misplaced point") {
  namespace sd = speedlab::stencil2d;
  const std::int64_t n = 64;  // the smoke size, k = 10
  sd::Grids grids = sd::make_grids(n, 42);
  const double* result = sd::naive(grids.initial.data(), grids.work_a.data(), grids.work_b.data(), n, 10);
  const std::vector<double> grid(result, result + n * n);
  const auto sums = [n](const std::vector<double>& g) {
    const sd::Checksums c = sd::checksums(g.data(), n);
    return Sums{c.sum, c.weighted};
  };
  using V = std::vector<double>;
  auto corruptions = one_dimensional<double>(20 * 64 + 5, 40 * 64 + 33, 40);
  corruptions.push_back({"two rows swapped", [n](V& g) {
                           std::swap_ranges(g.begin() + 10 * n, g.begin() + 11 * n, g.begin() + 30 * n);
                         }, false});
  corruptions.push_back({"the grid transposed", [n](V& g) {
                           for (std::int64_t i = 0; i < n; ++i) {
                             for (std::int64_t j = i + 1; j < n; ++j) std::swap(g[i * n + j], g[j * n + i]);
                           }
                         }, false});
  check_corruptions<V>(grid, sums, 1e-12, corruptions);
}

TEST_CASE("checksum: matmul's checksums catch a wrong, swapped or misplaced element") {
  namespace mm = speedlab::matmul;
  const std::int64_t n = 64;  // the smoke size
  const mm::Inputs in = mm::make_inputs(n, 42);
  std::vector<double> c(static_cast<std::size_t>(n * n));
  mm::naive(in.a.data(), in.b.data(), c.data(), n);
  const auto sums = [n](const std::vector<double>& m) {
    const mm::Checksums s = mm::checksums(m.data(), n);
    return Sums{s.sum, s.weighted};
  };
  using V = std::vector<double>;
  auto corruptions = one_dimensional<double>(7 * 64 + 9, 50 * 64 + 1, 64);
  corruptions.push_back({"C transposed", [n](V& m) {
                           for (std::int64_t i = 0; i < n; ++i) {
                             for (std::int64_t j = i + 1; j < n; ++j) std::swap(m[i * n + j], m[j * n + i]);
                           }
                         }, false});
  check_corruptions<V>(c, sums, 1e-12, corruptions);
}

TEST_CASE("checksum: nbody's checksums catch a wrong, swapped or misplaced body or coordinate") {
  namespace nb = speedlab::nbody;
  const std::size_t n = 64;  // the smoke size, k = 10
  std::vector<nb::Body> bodies = nb::to_bodies(nb::initial_state(n, 42));
  nb::simulate_naive(bodies, 10);
  // The n x 6 table as the weighted checksum sees it; the plain sums are of positions and velocities.
  std::vector<double> table;
  for (const nb::Body& b : bodies) table.insert(table.end(), {b.x, b.y, b.z, b.vx, b.vy, b.vz});
  const auto sums = [n](const std::vector<double>& t) {
    std::vector<nb::Body> out(n);
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = {t[6 * i], t[6 * i + 1], t[6 * i + 2], t[6 * i + 3], t[6 * i + 4], t[6 * i + 5], 0, 0, 0, 0};
    }
    const nb::Checksums c = nb::checksums(out);
    return Sums{c.position + c.velocity, c.weighted};
  };
  using V = std::vector<double>;
  const std::vector<Corruption<V>> corruptions = {
      {"one position doubled", [](V& t) { t[6 * 10 + 1] *= 2; }, true},
      {"one velocity doubled", [](V& t) { t[6 * 20 + 4] *= 2; }, true},
      {"two bodies swapped", [](V& t) { std::swap_ranges(t.begin() + 6 * 3, t.begin() + 6 * 4, t.begin() + 6 * 40); },
       false},
      {"x and y of a body swapped", [](V& t) { std::swap(t[6 * 7], t[6 * 7 + 1]); }, false},
      {"a block of bodies shifted by one", [](V& t) { std::rotate(t.begin() + 6 * 16, t.begin() + 6 * 17, t.begin() + 6 * 32); },
       false},
  };
  check_corruptions<V>(table, sums, 1e-10, corruptions);
  // Both layouts give the same weighted sum (the AoS of cpp.naive, the SoA of cpp.openmp and CUDA), to
  // rounding: the states are equal bit for bit, but g++ may contract the two loops differently.
  nb::State soa = nb::initial_state(n, 42);
  nb::simulate_openmp(soa, 10, 1);
  CHECK(nb::checksums(soa).weighted == Approx(nb::checksums(bodies).weighted).epsilon(1e-15));
}
