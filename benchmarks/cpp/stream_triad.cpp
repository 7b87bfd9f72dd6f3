#include "cpp/stream_triad.hpp"

#include <omp.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstring>

#include "cpp/checksum.hpp"
#include "cpp/simd.hpp"
#include "cpp/streaming.hpp"
#include "harness/prng.hpp"

namespace speedlab::stream_triad {

Arrays make_arrays(std::int64_t n, std::uint64_t seed) {
  const auto count = static_cast<std::size_t>(n);
  return {std::vector<double>(count, 0.0), uniform_vector(count, seed, 0),
          uniform_vector(count, seed, static_cast<std::uint64_t>(n))};
}

namespace {

template <typename T>
void triad_loop(T* a, const T* b, const T* c, T s, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

}  // namespace

Checksums checksums(const double* a, std::int64_t n) { return {checksum::sum(a, n), checksum::weighted_sum(a, n)}; }
Checksums checksums(const float* a, std::int64_t n) { return {checksum::sum(a, n), checksum::weighted_sum(a, n)}; }

void naive(double* a, const double* b, const double* c, double s, std::int64_t n) { triad_loop(a, b, c, s, n); }
void naive(float* a, const float* b, const float* c, float s, std::int64_t n) { triad_loop(a, b, c, s, n); }

namespace {

// Streaming stores need the destination aligned to the vector width: the few
// elements before that boundary, and the tail, use ordinary stores. The
// arithmetic is the same expression as everywhere else (b + s*c, which g++
// contracts to one FMA in the vector and the scalar code alike).
template <typename T>
void triad_streaming(T* a, const T* b, const T* c, T s, std::int64_t n) {
  using Vec = simd::Vec<T>;
  constexpr std::int64_t kLanes = simd::kLanes<T>;
  std::int64_t i = 0;
  for (const std::int64_t head = streaming::unaligned_head(a, n); i < head; ++i) a[i] = b[i] + s * c[i];
  for (; i + kLanes <= n; i += kLanes) {
    Vec vb;
    Vec vc;
    std::memcpy(&vb, b + i, sizeof vb);
    std::memcpy(&vc, c + i, sizeof vc);
    streaming::store(a + i, vb + s * vc);
  }
  for (; i < n; ++i) a[i] = b[i] + s * c[i];
  streaming::fence();
}

template <typename T>
void triad_cached(T* a, const T* b, const T* c, T s, std::int64_t n) {
#pragma omp simd
  for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

template <typename T>
void triad_threads(T* a, const T* b, const T* c, T s, std::int64_t n, int threads, Stores stores) {
#pragma omp parallel num_threads(std::max(1, threads))
  {
    // Equal contiguous ranges (a static schedule by hand, so each range is one
    // vector loop with its own alignment head).
    const std::int64_t team = omp_get_num_threads();
    const std::int64_t id = omp_get_thread_num();
    const std::int64_t begin = n * id / team;
    const std::int64_t end = n * (id + 1) / team;
    if (stores == Stores::kStreaming) {
      triad_streaming(a + begin, b + begin, c + begin, s, end - begin);
    } else {
      triad_cached(a + begin, b + begin, c + begin, s, end - begin);
    }
  }
}

template <typename T>
void eigen_triad(T* a, const T* b, const T* c, T s, std::int64_t n) {
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  Eigen::Map<Vector> out(a, n);
  const Eigen::Map<const Vector> left(b, n);
  const Eigen::Map<const Vector> right(c, n);
  out = left + s * right;
}

}  // namespace

Stores stores_for(std::int64_t n, std::int64_t element_bytes, int threads) {
  return streaming::stores_for_bytes(3 * element_bytes * n, threads);
}

void openmp(double* a, const double* b, const double* c, double s, std::int64_t n, int threads) {
  openmp_with(a, b, c, s, n, threads, stores_for(n, sizeof(double), threads));
}

void openmp(float* a, const float* b, const float* c, float s, std::int64_t n, int threads) {
  triad_threads(a, b, c, s, n, threads, stores_for(n, sizeof(float), threads));
}

void openmp_with(double* a, const double* b, const double* c, double s, std::int64_t n, int threads, Stores stores) {
  triad_threads(a, b, c, s, n, threads, stores);
}

void eigen(double* a, const double* b, const double* c, double s, std::int64_t n) { eigen_triad(a, b, c, s, n); }
void eigen(float* a, const float* b, const float* c, float s, std::int64_t n) { eigen_triad(a, b, c, s, n); }

}  // namespace speedlab::stream_triad
