// Google Benchmark bodies for stencil2d (C++ tiers). Every iteration runs k
// sweeps from the same initial grid (see stencil2d.hpp), so no reset is timed;
// the grids are generated once (reuse() keeps them across Google Benchmark's
// calls).
#include <utility>

#include "cpp/stencil2d.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

template <typename Kernel>
void stencil_body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", stencil2d::kMinN, stencil2d::kMaxN);
  const std::int64_t sweeps = params.get("k", 1, stencil2d::kMaxSweeps);
  stencil2d::Grids& grids = reuse(std::pair{n, params.seed}, [&] { return stencil2d::make_grids(n, params.seed); });
  const double* result = nullptr;
  for (auto _ : state) {
    result = kernel(grids.initial.data(), grids.work_a.data(), grids.work_b.data(), n, sweeps);
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  report_checksum(state, "checksum", stencil2d::checksum(result, n));
}

const Registration naive_registration{"stencil2d", "cpp.naive", [](benchmark::State& state, const Params& params) {
                                        stencil_body(state, params, stencil2d::naive);
                                      }};

const Registration openmp_registration{
    "stencil2d", "cpp.openmp", [](benchmark::State& state, const Params& params) {
      // The path the kernel takes (the same call it makes): 1 streaming stores, 0 ordinary.
      const auto stores = stencil2d::stores_for(params.get("n", stencil2d::kMinN, stencil2d::kMaxN), params.threads);
      state.counters["streaming_stores"] = streaming::counter_value(stores);
      stencil_body(state, params,
                   [threads = params.threads](const double* initial, double* a, double* b, std::int64_t n,
                                              std::int64_t sweeps) {
                     return stencil2d::openmp(initial, a, b, n, sweeps, threads);
                   });
    }};

}  // namespace
}  // namespace speedlab
