// Google Benchmark registrations for the Leiserson ladder's matmul impls: the
// matmul body (cpp/matmul_body.hpp) around each rung's kernel.
#include "cpp/matmul_body.hpp"
#include "cpp/matmul_ladder.hpp"

namespace speedlab {
namespace {

using LadderKernel = void (*)(const double*, const double*, double*, std::int64_t, int);

Registration register_ladder(const char* impl, LadderKernel kernel) {
  return Registration{"matmul", impl, [kernel](benchmark::State& state, const Params& params) {
                        matmul::body<double>(state, params,
                                             [kernel, threads = params.threads](const double* a, const double* b,
                                                                                double* c, std::int64_t n) {
                                               kernel(a, b, c, n, threads);
                                             });
                      }};
}

const Registration parallel_loops = register_ladder("cpp.parallel_loops", matmul::ladder::parallel_loops);
const Registration parallel_dac = register_ladder("cpp.parallel_dac", matmul::ladder::parallel_dac);
const Registration dac_vectorized = register_ladder("cpp.dac_vectorized", matmul::ladder::dac_vectorized);
const Registration avx = register_ladder("cpp.avx", matmul::ladder::avx);

}  // namespace
}  // namespace speedlab
