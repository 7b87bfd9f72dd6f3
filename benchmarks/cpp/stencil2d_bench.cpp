// Google Benchmark registrations for stencil2d (C++ tiers); the body is
// cpp/stencil2d_body.hpp.
#include "cpp/stencil2d_body.hpp"

namespace speedlab {
namespace {

const Registration naive_registration{"stencil2d", "cpp.naive", [](benchmark::State& state, const Params& params) {
                                        stencil2d::body(state, params, stencil2d::naive);
                                      }};

const Registration openmp_registration{
    "stencil2d", "cpp.openmp", [](benchmark::State& state, const Params& params) {
      // The path the kernel takes (the same call it makes): 1 streaming stores, 0 ordinary.
      const auto stores = stencil2d::stores_for(params.get("n", stencil2d::kMinN, stencil2d::kMaxN), params.threads);
      state.counters["streaming_stores"] = streaming::counter_value(stores);
      stencil2d::body(state, params,
                   [threads = params.threads](const double* initial, double* a, double* b, std::int64_t n,
                                              std::int64_t sweeps) {
                     return stencil2d::openmp(initial, a, b, n, sweeps, threads);
                   });
    }};

}  // namespace
}  // namespace speedlab
