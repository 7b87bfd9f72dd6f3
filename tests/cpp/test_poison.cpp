// Outputs that survive between Google Benchmark's calls of a body are poisoned
// before every timed loop, so a kernel that does its work only on its first
// call is caught: the real bodies (cpp/*_body.hpp) run here through Google
// Benchmark itself, 3 repetitions of 2 iterations, with a kernel that computes
// on its first call only. The first repetition is right; every later one must
// report NaN checksums, which the runner rejects (a NaN never matches).
#include <benchmark/benchmark.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cpp/matmul_body.hpp"
#include "cpp/stencil2d_body.hpp"
#include "cpp/stream_triad_body.hpp"

namespace {

using Counters = std::map<std::string, double>;

// The counters of every repetition (not the aggregates), as the JSON reporter would print them.
class Capture : public benchmark::BenchmarkReporter {
 public:
  std::vector<Counters> repetitions;
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      Counters counters;
      for (const auto& [name, counter] : run.counters) counters[name] = counter.value;
      repetitions.push_back(counters);
    }
  }
};

std::vector<Counters> run_body(const std::function<void(benchmark::State&)>& body) {
  benchmark::ClearRegisteredBenchmarks();
  benchmark::RegisterBenchmark("poison_test", [body](benchmark::State& state) { body(state); })
      ->Iterations(2)
      ->Repetitions(3);
  Capture capture;
  benchmark::RunSpecifiedBenchmarks(&capture);
  benchmark::ClearRegisteredBenchmarks();
  return capture.repetitions;
}

speedlab::Params params_of(std::map<std::string, std::int64_t> values) {
  speedlab::Params params;
  params.values = std::move(values);
  return params;
}

// The first repetition matches `expected`; with `lazy`, every later one has NaN checksums.
void check_repetitions(const std::vector<Counters>& reps, const Counters& expected, bool lazy) {
  REQUIRE(reps.size() == 3);
  for (std::size_t r = 0; r < reps.size(); ++r) {
    for (const auto& [name, value] : expected) {
      INFO("repetition " << r << ", " << name);
      if (lazy && r > 0) {
        CHECK(std::isnan(reps[r].at(name)));
      } else {
        CHECK(reps[r].at(name) == value);
      }
    }
  }
}

}  // namespace

TEST_CASE("poison: NaN into reused outputs, boundaries kept") {
  std::vector<double> values(5, 1.0);
  speedlab::poison(values);
  for (double v : values) CHECK(std::isnan(v));
  std::vector<unsigned char> bytes(16, 0);
  speedlab::poison(bytes);
  double as_double;
  std::memcpy(&as_double, bytes.data(), sizeof as_double);
  CHECK(std::isnan(as_double));  // 0xFF bytes read as a double: NaN
  std::vector<double> grid(16, 1.0);  // 4 x 4
  speedlab::poison_interior(grid.data(), 4);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      INFO("(" << i << ", " << j << ")");
      CHECK(std::isnan(grid[i * 4 + j]) == (i > 0 && i < 3 && j > 0 && j < 3));
    }
  }
}

TEST_CASE("poison: stream_triad's body catches a kernel that works on its first call only") {
  namespace st = speedlab::stream_triad;
  const std::int64_t n = 1000;
  st::Arrays arrays = st::make_arrays(n, 42);
  st::naive(arrays.a.data(), arrays.b.data(), arrays.c.data(), st::kScalar, n);
  const st::Checksums right = st::checksums(arrays.a.data(), n);
  const Counters expected = {{"checksum", right.sum}, {"checksum_weighted", right.weighted}};
  const speedlab::Params params = params_of({{"n", n}});
  const auto correct = [](double* a, const double* b, const double* c, double s, std::int64_t count) {
    st::naive(a, b, c, s, count);
  };
  check_repetitions(run_body([&](benchmark::State& state) { st::body<double>(state, params, correct); }), expected,
                    false);
  int calls = 0;
  const auto lazy = [&calls](double* a, const double* b, const double* c, double s, std::int64_t count) {
    if (calls++ == 0) st::naive(a, b, c, s, count);
  };
  check_repetitions(run_body([&](benchmark::State& state) { st::body<double>(state, params, lazy); }), expected, true);
}

TEST_CASE("poison: stencil2d's body catches sweeps that happen on the first call only") {
  namespace sd = speedlab::stencil2d;
  const std::int64_t n = 20;
  const std::int64_t sweeps = 3;
  sd::Grids grids = sd::make_grids(n, 42);
  const double* result = sd::naive(grids.initial.data(), grids.work_a.data(), grids.work_b.data(), n, sweeps);
  const sd::Checksums right = sd::checksums(result, n);
  const Counters expected = {{"checksum", right.sum}, {"checksum_weighted", right.weighted}};
  const speedlab::Params params = params_of({{"n", n}, {"k", sweeps}});
  check_repetitions(run_body([&](benchmark::State& state) { sd::body(state, params, sd::naive); }), expected, false);
  int calls = 0;
  const auto lazy = [&calls](const double* initial, double* a, double* b, std::int64_t size, std::int64_t k) {
    if (calls++ == 0) return sd::naive(initial, a, b, size, k);
    return static_cast<const double*>(k % 2 == 1 ? a : b);  // where the result would be
  };
  check_repetitions(run_body([&](benchmark::State& state) { sd::body(state, params, lazy); }), expected, true);
}

TEST_CASE("poison: matmul's body catches a product computed on the first call only") {
  namespace mm = speedlab::matmul;
  const std::int64_t n = 17;
  const mm::Inputs in = mm::make_inputs(n, 42);
  std::vector<double> c(static_cast<std::size_t>(n * n));
  mm::naive(in.a.data(), in.b.data(), c.data(), n);
  const mm::Checksums right = mm::checksums(c.data(), n);
  const Counters expected = {{"checksum", right.sum}, {"checksum_weighted", right.weighted}};
  const speedlab::Params params = params_of({{"n", n}});
  const auto correct = [](const double* a, const double* b, double* out, std::int64_t size) {
    mm::naive(a, b, out, size);
  };
  check_repetitions(run_body([&](benchmark::State& state) { mm::body<double>(state, params, correct); }), expected,
                    false);
  int calls = 0;
  const auto lazy = [&calls](const double* a, const double* b, double* out, std::int64_t size) {
    if (calls++ == 0) mm::naive(a, b, out, size);
  };
  check_repetitions(run_body([&](benchmark::State& state) { mm::body<double>(state, params, lazy); }), expected, true);
}
