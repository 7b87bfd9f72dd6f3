#include "cpp/stream_triad.hpp"

#include <omp.h>
#include <unistd.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstring>

#if defined(__AVX__) || defined(__SSE2__)
#include <immintrin.h>
#endif

#include "harness/prng.hpp"

namespace speedlab::stream_triad {

Arrays make_arrays(std::int64_t n, std::uint64_t seed) {
  const auto count = static_cast<std::size_t>(n);
  return {std::vector<double>(count, 0.0), uniform_vector(count, seed, 0),
          uniform_vector(count, seed, static_cast<std::uint64_t>(n))};
}

double checksum(const double* a, std::int64_t n) {
  double sum = 0.0;
  for (std::int64_t i = 0; i < n; ++i) sum += a[i];
  return sum;
}

void naive(double* a, const double* b, const double* c, double s, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

namespace {

// Streaming stores need the destination aligned to the vector width; the few
// elements before that boundary (and the tail) are done with ordinary stores.
#if defined(__AVX__)
constexpr std::int64_t kStreamLanes = 4;
#else
constexpr std::int64_t kStreamLanes = 2;
#endif

void triad_streaming(double* a, const double* b, const double* c, double s, std::int64_t n) {
#if defined(__AVX__) || defined(__SSE2__)
  std::int64_t i = 0;
  const auto misalignment = reinterpret_cast<std::uintptr_t>(a) % (kStreamLanes * sizeof(double));
  if (misalignment % sizeof(double) != 0) {  // cannot happen for a double array; be safe anyway
    naive(a, b, c, s, n);
    return;
  }
  std::int64_t head = misalignment == 0 ? 0 : kStreamLanes - static_cast<std::int64_t>(misalignment / sizeof(double));
  head = std::min(head, n);
  for (; i < head; ++i) a[i] = b[i] + s * c[i];
#if defined(__AVX__)
  const __m256d scalar = _mm256_set1_pd(s);
  for (; i + kStreamLanes <= n; i += kStreamLanes) {
    const __m256d value = _mm256_add_pd(_mm256_loadu_pd(b + i), _mm256_mul_pd(scalar, _mm256_loadu_pd(c + i)));
    _mm256_stream_pd(a + i, value);
  }
#else
  const __m128d scalar = _mm_set1_pd(s);
  for (; i + kStreamLanes <= n; i += kStreamLanes) {
    const __m128d value = _mm_add_pd(_mm_loadu_pd(b + i), _mm_mul_pd(scalar, _mm_loadu_pd(c + i)));
    _mm_stream_pd(a + i, value);
  }
#endif
  for (; i < n; ++i) a[i] = b[i] + s * c[i];
  _mm_sfence();  // streaming stores are weakly ordered: make them visible before returning
#else
  naive(a, b, c, s, n);
#endif
}

void triad_cached(double* a, const double* b, const double* c, double s, std::int64_t n) {
#pragma omp simd
  for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

std::int64_t last_level_cache_bytes() {
  static const std::int64_t bytes = [] {
    long size = -1;
#ifdef _SC_LEVEL3_CACHE_SIZE
    size = sysconf(_SC_LEVEL3_CACHE_SIZE);
    if (size <= 0) size = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
    return size > 0 ? static_cast<std::int64_t>(size) : std::int64_t{32} << 20;  // unknown: assume 32 MiB
  }();
  return bytes;
}

}  // namespace

bool uses_streaming_stores(std::int64_t n) { return 24 * n > last_level_cache_bytes(); }

void openmp(double* a, const double* b, const double* c, double s, std::int64_t n, int threads) {
  const bool streaming = uses_streaming_stores(n);
  threads = std::max(1, threads);
#pragma omp parallel num_threads(threads)
  {
    // Equal contiguous ranges (static schedule by hand, so each range is one
    // vector loop with its own alignment head).
    const std::int64_t team = omp_get_num_threads();
    const std::int64_t id = omp_get_thread_num();
    const std::int64_t begin = n * id / team;
    const std::int64_t end = n * (id + 1) / team;
    if (streaming) {
      triad_streaming(a + begin, b + begin, c + begin, s, end - begin);
    } else {
      triad_cached(a + begin, b + begin, c + begin, s, end - begin);
    }
  }
}

void eigen(double* a, const double* b, const double* c, double s, std::int64_t n) {
  Eigen::Map<Eigen::VectorXd> out(a, n);
  const Eigen::Map<const Eigen::VectorXd> left(b, n);
  const Eigen::Map<const Eigen::VectorXd> right(c, n);
  out = left + s * right;
}

}  // namespace speedlab::stream_triad
