// Google Benchmark bodies for nbody (C++ tiers). Each iteration restarts from
// the initial state (a copy, timed: O(n) against the O(n^2 k) simulation), so
// no output survives from one call to the next and nothing needs poisoning.
// dtype = float32 starts from the float64 initial state rounded to float once
// and, after timing, reports output_rel_error: the final positions and
// velocities against the same impl's float64 simulation.
#include "cpp/nbody.hpp"
#include "cpp/precision.hpp"
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
  report_checksum(state, "checksum_weighted", sums.weighted);
}

template <typename T>
void naive_body(benchmark::State& state, const Params& params) {
  const auto [n, steps] = sizes(params);
  const nbody::State doubles = nbody::initial_state(n, params.seed);
  const std::vector<nbody::BodyOf<T>> initial = nbody::to_bodies(nbody::converted<T>(doubles));
  std::vector<nbody::BodyOf<T>> work = initial;
  for (auto _ : state) {
    work = initial;
    nbody::simulate_naive(work, steps);
    benchmark::DoNotOptimize(work.data());
    benchmark::ClobberMemory();
  }
  report(state, nbody::checksums(work));
  if constexpr (!std::is_same_v<T, double>) {
    std::vector<nbody::Body> exact = nbody::to_bodies(doubles);
    nbody::simulate_naive(exact, steps);
    const std::vector<double> got = nbody::phase_space(work);
    report_output_errors(state, got.data(), nbody::phase_space(exact).data(), got.size());
  }
}

template <typename T>
void openmp_body(benchmark::State& state, const Params& params) {
  const auto [n, steps] = sizes(params);
  const nbody::State doubles = nbody::initial_state(n, params.seed);
  const nbody::StateOf<T> initial = nbody::converted<T>(doubles);
  nbody::StateOf<T> work = initial;
  for (auto _ : state) {
    work = initial;
    nbody::simulate_openmp(work, steps, params.threads);
    benchmark::DoNotOptimize(work.x.data());
    benchmark::ClobberMemory();
  }
  report(state, nbody::checksums(work));
  if constexpr (!std::is_same_v<T, double>) {
    nbody::State exact = doubles;
    nbody::simulate_openmp(exact, steps, params.threads);
    const std::vector<double> got = nbody::phase_space(work);
    report_output_errors(state, got.data(), nbody::phase_space(exact).data(), got.size());
  }
}

const Registration naive_registration{"nbody", "cpp.naive", [](benchmark::State& state, const Params& params) {
                                        if (dtype_of(params) == "float32") {
                                          naive_body<float>(state, params);
                                        } else {
                                          naive_body<double>(state, params);
                                        }
                                      }};
const Registration openmp_registration{"nbody", "cpp.openmp", [](benchmark::State& state, const Params& params) {
                                         if (dtype_of(params) == "float32") {
                                           openmp_body<float>(state, params);
                                         } else {
                                           openmp_body<double>(state, params);
                                         }
                                       }};

}  // namespace
}  // namespace speedlab
