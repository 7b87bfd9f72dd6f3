// Google Benchmark bodies for nbody (C++ tiers). Each iteration restarts from
// the initial state (a copy, timed: O(n) against the O(n^2 k) simulation).
#include "cpp/nbody.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 20;
constexpr std::int64_t kMaxSteps = 1'000'000;

struct Sizes {
  std::size_t n;
  int steps;
};

Sizes sizes(const Params& params) {
  return {static_cast<std::size_t>(params.get("n", 1, kMaxN)), static_cast<int>(params.get("k", 1, kMaxSteps))};
}

void report(benchmark::State& state, const nbody::Checksums& sums) {
  report_checksum(state, "checksum_position", sums.position);
  report_checksum(state, "checksum_velocity", sums.velocity);
}

void naive_body(benchmark::State& state, const Params& params) {
  const auto [n, steps] = sizes(params);
  const std::vector<nbody::Body> initial = nbody::to_bodies(nbody::initial_state(n, params.seed));
  std::vector<nbody::Body> work = initial;
  for (auto _ : state) {
    work = initial;
    nbody::simulate_naive(work, steps);
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
  }
  report(state, nbody::checksums(work));
}

void openmp_body(benchmark::State& state, const Params& params) {
  const auto [n, steps] = sizes(params);
  const nbody::State initial = nbody::initial_state(n, params.seed);
  nbody::State work = initial;
  for (auto _ : state) {
    work = initial;
    nbody::simulate_openmp(work, steps, params.threads);
    benchmark::DoNotOptimize(work.x.data());
    benchmark::ClobberMemory();
  }
  report(state, nbody::checksums(work));
}

const Registration naive_registration{"nbody", "cpp.naive", naive_body};
const Registration openmp_registration{"nbody", "cpp.openmp", openmp_body};

}  // namespace
}  // namespace speedlab
