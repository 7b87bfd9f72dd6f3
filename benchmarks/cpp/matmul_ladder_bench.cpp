// Google Benchmark bodies for the Leiserson ladder's matmul impls.
#include <utility>

#include "cpp/matmul.hpp"
#include "cpp/matmul_ladder.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

using LadderKernel = void (*)(const double*, const double*, double*, std::int64_t, int);

void ladder_body(benchmark::State& state, const Params& params, LadderKernel kernel) {
  const std::int64_t n = params.get("n", 1, matmul::kMaxN);
  const matmul::Inputs& inputs = reuse(std::pair{n, params.seed}, [&] { return matmul::make_inputs(n, params.seed); });
  std::vector<double> c(static_cast<std::size_t>(n * n), 0.0);
  for (auto _ : state) {
    kernel(inputs.a.data(), inputs.b.data(), c.data(), n, params.threads);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const matmul::Checksums sums = matmul::checksums(c.data(), n);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

Registration register_ladder(const char* impl, LadderKernel kernel) {
  return Registration{"matmul", impl, [kernel](benchmark::State& state, const Params& params) {
                        ladder_body(state, params, kernel);
                      }};
}

const Registration parallel_loops = register_ladder("cpp.parallel_loops", matmul::ladder::parallel_loops);
const Registration parallel_dac = register_ladder("cpp.parallel_dac", matmul::ladder::parallel_dac);
const Registration dac_vectorized = register_ladder("cpp.dac_vectorized", matmul::ladder::dac_vectorized);
const Registration avx = register_ladder("cpp.avx", matmul::ladder::avx);

}  // namespace
}  // namespace speedlab
