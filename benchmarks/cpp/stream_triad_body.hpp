// The Google Benchmark body of stream_triad's C++ impls, one template for every
// kernel (stream_triad_bench.cpp registers them; tests/cpp/test_poison.cpp runs
// it with a kernel that only works once). The arrays are generated once, before
// any timing (reuse() keeps them across Google Benchmark's calls); `a` is
// poisoned with NaN before every timed loop, so a kernel that skipped the work
// reports NaN checksums instead of the last call's. dtype = float32 runs the
// same kernels on b and c rounded to float once and reports the error counters
// against the float64 triad.
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

#include "cpp/precision.hpp"
#include "cpp/stream_triad.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab::stream_triad {

template <typename T>
struct TypedArrays {
  std::vector<T> a;
  std::vector<T> b;
  std::vector<T> c;
};

template <typename T, typename Kernel>
void body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, kMaxN);
  TypedArrays<T>& arrays = reuse(std::pair{n, params.seed}, [&] {
    Arrays doubles = make_arrays(n, params.seed);
    if constexpr (std::is_same_v<T, double>) {
      return TypedArrays<T>{std::move(doubles.a), std::move(doubles.b), std::move(doubles.c)};
    } else {
      return TypedArrays<T>{precision::narrowed<T>(doubles.a), precision::narrowed<T>(doubles.b),
                            precision::narrowed<T>(doubles.c)};
    }
  });
  poison(arrays.a);
  for (auto _ : state) {
    kernel(arrays.a.data(), arrays.b.data(), arrays.c.data(), static_cast<T>(kScalar), n);
    benchmark::DoNotOptimize(arrays.a.data());
    benchmark::ClobberMemory();
  }
  const Checksums sums = checksums(arrays.a.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
  if constexpr (!std::is_same_v<T, double>) {
    Arrays exact = make_arrays(n, params.seed);
    naive(exact.a.data(), exact.b.data(), exact.c.data(), kScalar, n);
    report_output_errors(state, arrays.a.data(), exact.a.data(), exact.a.size());
  }
}

}  // namespace speedlab::stream_triad
