// Google Benchmark bodies for matmul (C++ tiers). Inputs are generated once,
// before any timing (reuse() keeps them across Google Benchmark's calls); C
// goes through DoNotOptimize + ClobberMemory each iteration; the checksums
// are computed from the last C after timing.
#include <Eigen/Core>
#include <utility>

#include "cpp/matmul.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

template <typename Kernel>
void matmul_body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, matmul::kMaxN);
  const matmul::Inputs& inputs = reuse(std::pair{n, params.seed}, [&] { return matmul::make_inputs(n, params.seed); });
  std::vector<double> c(static_cast<std::size_t>(n * n), 0.0);
  for (auto _ : state) {
    kernel(inputs.a.data(), inputs.b.data(), c.data(), n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const matmul::Checksums sums = matmul::checksums(c.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

const Registration naive_registration{"matmul", "cpp.naive", [](benchmark::State& state, const Params& params) {
                                        matmul_body(state, params, matmul::naive);
                                      }};

const Registration loop_order_registration{
    "matmul", "cpp.loop_order",
    [](benchmark::State& state, const Params& params) { matmul_body(state, params, matmul::loop_order); }};

const Registration tiled_registration{
    "matmul", "cpp.tiled", [](benchmark::State& state, const Params& params) {
      matmul_body(state, params, [threads = params.threads](const double* a, const double* b, double* c,
                                                            std::int64_t n) { matmul::tiled(a, b, c, n, threads); });
    }};

const Registration eigen_registration{"matmul", "cpp.eigen", [](benchmark::State& state, const Params& params) {
                                        Eigen::setNbThreads(params.threads);  // Eigen's GEMM uses OpenMP
                                        matmul_body(state, params, matmul::eigen);
                                      }};

// OpenBLAS's thread count was set by the harness (openblas_set_num_threads).
const Registration openblas_registration{
    "matmul", "cpp.openblas",
    [](benchmark::State& state, const Params& params) { matmul_body(state, params, matmul::openblas); }};

}  // namespace
}  // namespace speedlab
