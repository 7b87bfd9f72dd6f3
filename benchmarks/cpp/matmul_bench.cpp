// Google Benchmark bodies for matmul (C++ tiers). Inputs are generated once,
// before any timing (reuse() keeps them across Google Benchmark's calls); C
// goes through DoNotOptimize + ClobberMemory each iteration; the checksums
// are computed from the last C after timing. dtype = float32 runs the same
// kernel on the inputs rounded to float once; after timing it reports
// output_rel_error, C's relative error against the float64 product of the
// float64 inputs (OpenBLAS dgemm).
#include <Eigen/Core>
#include <utility>

#include "cpp/matmul.hpp"
#include "cpp/precision.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

template <typename T>
struct TypedInputs {
  std::vector<T> a;
  std::vector<T> b;
};

template <typename T, typename Kernel>
void matmul_body(benchmark::State& state, const Params& params, Kernel kernel) {
  const std::int64_t n = params.get("n", 1, matmul::kMaxN);
  const TypedInputs<T>& inputs = reuse(std::pair{n, params.seed}, [&] {
    matmul::Inputs doubles = matmul::make_inputs(n, params.seed);
    if constexpr (std::is_same_v<T, double>) {
      return TypedInputs<T>{std::move(doubles.a), std::move(doubles.b)};
    } else {
      return TypedInputs<T>{precision::narrowed<T>(doubles.a), precision::narrowed<T>(doubles.b)};
    }
  });
  std::vector<T> c(static_cast<std::size_t>(n * n), T{0});
  for (auto _ : state) {
    kernel(inputs.a.data(), inputs.b.data(), c.data(), n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const matmul::Checksums sums = matmul::checksums(c.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
  if constexpr (!std::is_same_v<T, double>) {
    const matmul::Inputs doubles = matmul::make_inputs(n, params.seed);
    std::vector<double> exact(c.size());
    matmul::openblas(doubles.a.data(), doubles.b.data(), exact.data(), n);
    report_output_error(state, precision::relative_error(c.data(), exact.data(), c.size()));
  }
}

// One body for float64 and float32, by the dtype parameter; `kernel` is generic (auto pointers) and
// calls the kernel's overload for that type.
template <typename Kernel>
void either_dtype(benchmark::State& state, const Params& params, Kernel kernel) {
  if (dtype_of(params) == "float32") {
    matmul_body<float>(state, params, kernel);
  } else {
    matmul_body<double>(state, params, kernel);
  }
}

const Registration naive_registration{
    "matmul", "cpp.naive", [](benchmark::State& state, const Params& params) {
      either_dtype(state, params, [](const auto* a, const auto* b, auto* c, std::int64_t n) { matmul::naive(a, b, c, n); });
    }};

const Registration loop_order_registration{
    "matmul", "cpp.loop_order", [](benchmark::State& state, const Params& params) {
      either_dtype(state, params,
                   [](const auto* a, const auto* b, auto* c, std::int64_t n) { matmul::loop_order(a, b, c, n); });
    }};

const Registration tiled_registration{
    "matmul", "cpp.tiled", [](benchmark::State& state, const Params& params) {
      dtype_of(params, {"float64"});  // its micro-kernel is sized for doubles
      // The blocking it took: from this machine's caches (sysfs) and this build's vector width.
      const matmul::TiledBlocking blocking = matmul::tiled_blocking();
      state.counters["tile_kc"] = static_cast<double>(blocking.kc);
      state.counters["tile_mc"] = static_cast<double>(blocking.mc);
      state.counters["tile_nc"] = static_cast<double>(blocking.nc);
      state.counters["tile_nr"] = static_cast<double>(blocking.nr);
      matmul_body<double>(state, params, [threads = params.threads](const double* a, const double* b, double* c,
                                                                    std::int64_t n) {
        matmul::tiled(a, b, c, n, threads);
      });
    }};

const Registration eigen_registration{
    "matmul", "cpp.eigen", [](benchmark::State& state, const Params& params) {
      Eigen::setNbThreads(params.threads);  // Eigen's GEMM uses OpenMP
      either_dtype(state, params, [](const auto* a, const auto* b, auto* c, std::int64_t n) { matmul::eigen(a, b, c, n); });
    }};

// OpenBLAS's thread count was set by the harness (openblas_set_num_threads).
const Registration openblas_registration{
    "matmul", "cpp.openblas", [](benchmark::State& state, const Params& params) {
      either_dtype(state, params,
                   [](const auto* a, const auto* b, auto* c, std::int64_t n) { matmul::openblas(a, b, c, n); });
    }};

}  // namespace
}  // namespace speedlab
