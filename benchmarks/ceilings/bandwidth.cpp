// STREAM triad and copy, with ordinary and with non-temporal stores: the
// bandwidth candidates. Non-temporal stores are the ones the kernels use
// (cpp/streaming.hpp), so a kernel that streams is measured against a ceiling
// that streams the same way.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

#include "ceilings/ceilings.hpp"
#include "cpp/simd.hpp"
#include "cpp/streaming.hpp"

namespace speedlab::ceilings {
namespace {

using Clock = std::chrono::steady_clock;
using simd::VecDouble;
constexpr std::int64_t kLanes = simd::kDoubleLanes;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// This thread's equal contiguous share of [0, n).
std::pair<std::size_t, std::size_t> my_range(std::size_t n) {
  const std::size_t team = static_cast<std::size_t>(omp_get_num_threads());
  const std::size_t id = static_cast<std::size_t>(omp_get_thread_num());
  return {n * id / team, n * (id + 1) / team};
}

void triad_range(double* a, const double* b, const double* c, double s, std::int64_t n, Stores stores) {
  if (stores == Stores::kOrdinary || !streaming::kAvailable) {
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
    return;
  }
  std::int64_t i = 0;
  for (const std::int64_t head = streaming::unaligned_head(a, n); i < head; ++i) a[i] = b[i] + s * c[i];
  for (; i + kLanes <= n; i += kLanes) streaming::store(a + i, simd::load(b + i) + s * simd::load(c + i));
  for (; i < n; ++i) a[i] = b[i] + s * c[i];
  streaming::fence();
}

void copy_range(double* to, const double* from, std::int64_t n, Stores stores) {
  if (stores == Stores::kOrdinary || !streaming::kAvailable) {
#pragma omp simd
    for (std::int64_t i = 0; i < n; ++i) to[i] = from[i];
    return;
  }
  std::int64_t i = 0;
  for (const std::int64_t head = streaming::unaligned_head(to, n); i < head; ++i) to[i] = from[i];
  for (; i + kLanes <= n; i += kLanes) streaming::store(to + i, simd::load(from + i));
  for (; i < n; ++i) to[i] = from[i];
  streaming::fence();
}

}  // namespace

StreamResult stream(int threads, std::size_t n, int trials, Stores stores) {
  // Uninitialized allocations, first touched in parallel over the same ranges
  // as the loops, so pages sit near the threads that use them.
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  double* pa = a.get();
  double* pb = b.get();
  double* pc = c.get();
#pragma omp parallel num_threads(threads)
  {
    const auto [begin, end] = my_range(n);
    for (std::size_t i = begin; i < end; ++i) {
      pa[i] = 0.0;
      pb[i] = 1.0;
      pc[i] = 2.0;
    }
  }
  const double scalar = 3.0;
  StreamResult best;
  for (int trial = 0; trial < trials; ++trial) {
    auto start = Clock::now();
#pragma omp parallel num_threads(threads)
    {
      const auto [begin, end] = my_range(n);
      triad_range(pa + begin, pb + begin, pc + begin, scalar, static_cast<std::int64_t>(end - begin), stores);
    }
    double elapsed = seconds_since(start);
    best.triad_gbps = std::max(best.triad_gbps, 24.0 * static_cast<double>(n) / elapsed / 1e9);
    start = Clock::now();
#pragma omp parallel num_threads(threads)
    {
      const auto [begin, end] = my_range(n);
      copy_range(pc + begin, pa + begin, static_cast<std::int64_t>(end - begin), stores);
    }
    elapsed = seconds_since(start);
    best.copy_gbps = std::max(best.copy_gbps, 16.0 * static_cast<double>(n) / elapsed / 1e9);
  }
  // Keep the arrays observable so the loops cannot be removed.
  volatile double observe = pa[n / 2] + pc[n / 3];
  (void)observe;
  return best;
}

}  // namespace speedlab::ceilings
