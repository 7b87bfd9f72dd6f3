// Google Benchmark bodies for stream_triad (C++ tiers). The arrays are
// generated once, before any timing (reuse() keeps them across Google
// Benchmark's calls). dtype = float32 runs the same kernels on b and c rounded
// to float once, and reports output_rel_error against the float64 triad.
#include <utility>

#include "cpp/precision.hpp"
#include "cpp/stream_triad.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

template <typename T>
struct TypedArrays {
  std::vector<T> a;
  std::vector<T> b;
  std::vector<T> c;
};

template <typename T, typename Kernel>
void triad_body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, stream_triad::kMaxN);
  TypedArrays<T>& arrays = reuse(std::pair{n, params.seed}, [&] {
    stream_triad::Arrays doubles = stream_triad::make_arrays(n, params.seed);
    if constexpr (std::is_same_v<T, double>) {
      return TypedArrays<T>{std::move(doubles.a), std::move(doubles.b), std::move(doubles.c)};
    } else {
      return TypedArrays<T>{precision::narrowed<T>(doubles.a), precision::narrowed<T>(doubles.b),
                            precision::narrowed<T>(doubles.c)};
    }
  });
  for (auto _ : state) {
    kernel(arrays.a.data(), arrays.b.data(), arrays.c.data(), static_cast<T>(stream_triad::kScalar), n);
    benchmark::DoNotOptimize(arrays.a.data());
    benchmark::ClobberMemory();
  }
  report_checksum(state, "checksum", stream_triad::checksum(arrays.a.data(), n));
  if constexpr (!std::is_same_v<T, double>) {
    stream_triad::Arrays exact = stream_triad::make_arrays(n, params.seed);
    stream_triad::naive(exact.a.data(), exact.b.data(), exact.c.data(), stream_triad::kScalar, n);
    report_output_error(state, precision::relative_error(arrays.a.data(), exact.a.data(), exact.a.size()));
  }
}

// float64 or float32 by the dtype parameter; `kernel` calls the kernel's overload for the type.
template <typename Kernel>
void either_dtype(benchmark::State& state, const Params& params, Kernel kernel) {
  if (dtype_of(params) == "float32") {
    triad_body<float>(state, params, kernel);
  } else {
    triad_body<double>(state, params, kernel);
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
