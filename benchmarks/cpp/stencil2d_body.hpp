// The Google Benchmark body of stencil2d's C++ impls (stencil2d_bench.cpp
// registers it; tests/cpp/test_poison.cpp runs it with a kernel that only
// works once). Every iteration runs k sweeps from the same initial grid (see
// stencil2d.hpp), so no reset is timed; the grids are generated once (reuse()
// keeps them across Google Benchmark's calls). The work grids' interiors are
// poisoned with NaN before the timed loop: a kernel that skipped the sweeps
// reports NaN checksums, not the last call's grid.
#pragma once

#include <utility>

#include "cpp/stencil2d.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab::stencil2d {

// `kernel(initial, work_a, work_b, n, sweeps)` returns the grid that holds the result.
template <typename Kernel>
void body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", kMinN, kMaxN);
  const std::int64_t sweeps = params.get("k", 1, kMaxSweeps);
  Grids& grids = reuse(std::pair{n, params.seed}, [&] { return make_grids(n, params.seed); });
  poison_interior(grids.work_a.data(), n);
  poison_interior(grids.work_b.data(), n);
  const double* result = grids.work_a.data();
  for (auto _ : state) {
    result = kernel(grids.initial.data(), grids.work_a.data(), grids.work_b.data(), n, sweeps);
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  const Checksums sums = checksums(result, n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

}  // namespace speedlab::stencil2d
