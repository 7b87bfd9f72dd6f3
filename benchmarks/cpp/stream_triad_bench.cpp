// Google Benchmark bodies for stream_triad (C++ tiers). The arrays are
// generated once, before any timing (reuse() keeps them across Google
// Benchmark's calls).
#include <utility>

#include "cpp/stream_triad.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

template <typename Kernel>
void triad_body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, stream_triad::kMaxN);
  stream_triad::Arrays& arrays =
      reuse(std::pair{n, params.seed}, [&] { return stream_triad::make_arrays(n, params.seed); });
  for (auto _ : state) {
    kernel(arrays.a.data(), arrays.b.data(), arrays.c.data(), stream_triad::kScalar, n);
    benchmark::DoNotOptimize(arrays.a.data());
    benchmark::ClobberMemory();
  }
  report_checksum(state, "checksum", stream_triad::checksum(arrays.a.data(), n));
}

const Registration naive_registration{"stream_triad", "cpp.naive",
                                      [](benchmark::State& state, const Params& params) {
                                        triad_body(state, params, stream_triad::naive);
                                      }};

const Registration openmp_registration{
    "stream_triad", "cpp.openmp", [](benchmark::State& state, const Params& params) {
      const auto stores = stream_triad::stores_for(params.get("n", 1, stream_triad::kMaxN));
      state.counters["streaming_stores"] = stores == stream_triad::Stores::kStreaming ? 1.0 : 0.0;
      triad_body(state, params, [threads = params.threads](double* a, const double* b, const double* c, double s,
                                                           std::int64_t n) {
        stream_triad::openmp(a, b, c, s, n, threads);
      });
    }};

const Registration eigen_registration{"stream_triad", "cpp.eigen",
                                      [](benchmark::State& state, const Params& params) {
                                        triad_body(state, params, stream_triad::eigen);
                                      }};

}  // namespace
}  // namespace speedlab
