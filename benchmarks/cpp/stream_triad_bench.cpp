// Google Benchmark registrations for stream_triad (C++ tiers); the body is
// cpp/stream_triad_body.hpp.
#include "cpp/stream_triad_body.hpp"

namespace speedlab {
namespace {

// float64 or float32 by the dtype parameter; `kernel` calls the kernel's overload for the type.
template <typename Kernel>
void either_dtype(benchmark::State& state, const Params& params, Kernel kernel) {
  if (dtype_of(params) == "float32") {
    stream_triad::body<float>(state, params, kernel);
  } else {
    stream_triad::body<double>(state, params, kernel);
  }
}

const Registration naive_registration{
    "stream_triad", "cpp.naive", [](benchmark::State& state, const Params& params) {
      either_dtype(state, params,
                   [](auto* a, const auto* b, const auto* c, auto s, std::int64_t n) { stream_triad::naive(a, b, c, s, n); });
    }};

const Registration openmp_registration{
    "stream_triad", "cpp.openmp", [](benchmark::State& state, const Params& params) {
      // The path the kernel takes (the same call it makes): 1 streaming stores, 0 ordinary.
      const std::int64_t element_bytes = dtype_of(params) == "float32" ? 4 : 8;
      const auto stores = stream_triad::stores_for(params.get("n", 1, stream_triad::kMaxN), element_bytes,
                                                   params.threads);
      state.counters["streaming_stores"] = streaming::counter_value(stores);
      either_dtype(state, params, [threads = params.threads](auto* a, const auto* b, const auto* c, auto s,
                                                             std::int64_t n) {
        stream_triad::openmp(a, b, c, s, n, threads);
      });
    }};

const Registration eigen_registration{
    "stream_triad", "cpp.eigen", [](benchmark::State& state, const Params& params) {
      either_dtype(state, params,
                   [](auto* a, const auto* b, const auto* c, auto s, std::int64_t n) { stream_triad::eigen(a, b, c, s, n); });
    }};

}  // namespace
}  // namespace speedlab
