// Google Benchmark registrations for matmul (C++ tiers); the body is
// cpp/matmul_body.hpp.
#include <Eigen/Core>

#include "cpp/matmul_body.hpp"

namespace speedlab {
namespace {

// One body for float64 and float32, by the dtype parameter; `kernel` is generic (auto pointers) and
// calls the kernel's overload for that type.
template <typename Kernel>
void either_dtype(benchmark::State& state, const Params& params, Kernel kernel) {
  if (dtype_of(params) == "float32") {
    matmul::body<float>(state, params, kernel);
  } else {
    matmul::body<double>(state, params, kernel);
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
      matmul::body<double>(state, params, [threads = params.threads](const double* a, const double* b, double* c,
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
