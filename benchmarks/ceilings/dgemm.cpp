// A large OpenBLAS DGEMM: the compute candidate that a tuned library reaches.
// A microkernel can fall short of the FMA units (a chain spilled to memory, a
// width the core splits in two); a vendor-tuned GEMM that beats it shows the
// machine can do more, and the ceiling must be at least that.
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "ceilings/ceilings.hpp"

namespace speedlab::ceilings {

double dgemm_gflops(int threads, std::int64_t n, double seconds) {
  using Clock = std::chrono::steady_clock;
  openblas_set_num_threads(std::max(1, threads));
  const auto count = static_cast<std::size_t>(n * n);
  // Values in [0.5, 1.5): no denormals, no overflow; the product is not checked.
  std::vector<double> a(count), b(count), c(count, 0.0);
  for (std::size_t i = 0; i < count; ++i) {
    a[i] = 0.5 + static_cast<double>((i * 7919) % 1000) / 1000.0;
    b[i] = 0.5 + static_cast<double>((i * 104729) % 1000) / 1000.0;
  }
  const auto size = static_cast<blasint>(n);
  const double flops = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  double best = 0.0;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  for (int call = 0; call < 2 || Clock::now() < deadline; ++call) {
    const auto start = Clock::now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.0, a.data(), size, b.data(), size,
                0.0, c.data(), size);
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (call > 0) best = std::max(best, flops / elapsed / 1e9);  // call 0 warms up (threads, pages, packing)
  }
  volatile double observe = c[count / 2];
  (void)observe;
  return best;
}

}  // namespace speedlab::ceilings
