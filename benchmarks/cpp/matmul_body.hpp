// The Google Benchmark body of matmul's C++ impls (matmul_bench.cpp and the
// ladder's matmul_ladder_bench.cpp register it; tests/cpp/test_poison.cpp runs
// it with a kernel that only works once). Inputs are generated once, before
// any timing (reuse() keeps them across Google Benchmark's calls); C is filled
// with NaN before the timed loop, goes through DoNotOptimize + ClobberMemory
// each iteration, and its checksums are computed from the last C after timing.
// dtype = float32 runs the same kernel on the inputs rounded to float once;
// after timing it reports the error counters of C against the float64 product
// of the float64 inputs (OpenBLAS dgemm).
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

#include "cpp/matmul.hpp"
#include "cpp/precision.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab::matmul {

template <typename T>
struct TypedInputs {
  std::vector<T> a;
  std::vector<T> b;
};

// `kernel(a, b, c, n)` computes C = A·B into c.
template <typename T, typename Kernel>
void body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, kMaxN);
  const TypedInputs<T>& inputs = reuse(std::pair{n, params.seed}, [&] {
    Inputs doubles = make_inputs(n, params.seed);
    if constexpr (std::is_same_v<T, double>) {
      return TypedInputs<T>{std::move(doubles.a), std::move(doubles.b)};
    } else {
      return TypedInputs<T>{precision::narrowed<T>(doubles.a), precision::narrowed<T>(doubles.b)};
    }
  });
  std::vector<T> c(static_cast<std::size_t>(n * n));
  poison(c);  // every element must be written: NaN, not a zero that an accumulating kernel could build on
  for (auto _ : state) {
    kernel(inputs.a.data(), inputs.b.data(), c.data(), n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const Checksums sums = checksums(c.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
  if constexpr (!std::is_same_v<T, double>) {
    const Inputs doubles = make_inputs(n, params.seed);
    std::vector<double> exact(c.size());
    openblas(doubles.a.data(), doubles.b.data(), exact.data(), n);
    report_output_errors(state, c.data(), exact.data(), c.size());
  }
}

}  // namespace speedlab::matmul
