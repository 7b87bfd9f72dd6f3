#include "cpp/leibniz_pi.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

#include "cpp/simd.hpp"

namespace speedlab::leibniz_pi {

double naive(std::int64_t n) {
  double sum = 0.0;
  double sign = 1.0;
  for (std::int64_t k = 0; k < n; ++k) {
    sum += sign / (2.0 * static_cast<double>(k) + 1.0);
    sign = -sign;
  }
  return 4.0 * sum;
}

double simd_partial_sum(std::int64_t begin, std::int64_t end) {
  using simd::kDoubleLanes;
  using simd::VecDouble;
  constexpr int kAccumulators = 4;  // divides are pipelined: keep several in flight
  constexpr std::int64_t kBlock = kDoubleLanes * kAccumulators;

  VecDouble accumulators[kAccumulators] = {};
  VecDouble denominators[kAccumulators];
  VecDouble signs;  // lane j holds (-1)^(begin + j); kBlock is even, so it never changes
  for (int lane = 0; lane < kDoubleLanes; ++lane) {
    signs[lane] = ((begin + lane) % 2 == 0) ? 1.0 : -1.0;
    for (int a = 0; a < kAccumulators; ++a) {
      denominators[a][lane] = 2.0 * static_cast<double>(begin + a * kDoubleLanes + lane) + 1.0;
    }
  }
  const double step = 2.0 * static_cast<double>(kBlock);

  std::int64_t k = begin;
  for (; k + kBlock <= end; k += kBlock) {
    for (int a = 0; a < kAccumulators; ++a) {
      accumulators[a] += signs / denominators[a];
      denominators[a] += step;
    }
  }
  double sum = 0.0;
  for (int a = 0; a < kAccumulators; ++a) sum += simd::horizontal_sum(accumulators[a]);
  for (; k < end; ++k) sum += ((k % 2 == 0) ? 1.0 : -1.0) / (2.0 * static_cast<double>(k) + 1.0);
  return sum;
}

double simd(std::int64_t n, int threads) {
  if (threads <= 1) return 4.0 * simd_partial_sum(0, n);
  std::vector<double> partial(static_cast<std::size_t>(threads), 0.0);
  const std::int64_t chunk = (n + threads - 1) / threads;
#pragma omp parallel for num_threads(threads) schedule(static, 1)
  for (int t = 0; t < threads; ++t) {
    const std::int64_t begin = std::min<std::int64_t>(n, t * chunk);
    const std::int64_t end = std::min<std::int64_t>(n, begin + chunk);
    partial[static_cast<std::size_t>(t)] = simd_partial_sum(begin, end);
  }
  double sum = 0.0;
  for (double p : partial) sum += p;  // fixed order: reproducible result
  return 4.0 * sum;
}

}  // namespace speedlab::leibniz_pi
