// STREAM triad: a[i] = b[i] + s*c[i] over n float64 values.
// 2n FLOPs; 24n bytes by STREAM's convention (read b and c, write a; the
// read-for-ownership of a that ordinary stores cause is not counted).
#pragma once

#include <cstdint>
#include <vector>

#include "cpp/streaming.hpp"

namespace speedlab::stream_triad {

inline constexpr double kScalar = 3.0;  // s, the same in every language
inline constexpr std::int64_t kMaxN = std::int64_t{1} << 31;  // Java arrays stop at 2^31 - 1

// The workload's inputs: b from the shared generator at offset 0, c at offset
// n, a zero-filled.
struct Arrays {
  std::vector<double> a;
  std::vector<double> b;
  std::vector<double> c;
};
Arrays make_arrays(std::int64_t n, std::uint64_t seed);

// The checksums: the sum of a and its position-weighted sum (cpp/checksum.hpp),
// left to right, in double for either dtype.
struct Checksums {
  double sum;
  double weighted;
};
Checksums checksums(const double* a, std::int64_t n);
Checksums checksums(const float* a, std::int64_t n);

// The plain loop. g++ -O3 vectorizes it by itself (no explicit SIMD).
void naive(double* a, const double* b, const double* c, double s, std::int64_t n);

// dtype = float32: every kernel below also on floats (s = 3 is exact in float):
// half the bytes per element, so a bandwidth-bound loop moves twice the
// elements per second.
void naive(float* a, const float* b, const float* c, float s, std::int64_t n);
void openmp(float* a, const float* b, const float* c, float s, std::int64_t n, int threads);
void eigen(float* a, const float* b, const float* c, float s, std::int64_t n);

// How openmp() writes a: through the cache, or with non-temporal (streaming)
// stores that write a without first reading it into the cache (no
// read-for-ownership): 24 bytes of traffic per element instead of 32, but a
// is not left in the cache (see cpp/streaming.hpp).
using streaming::Stores;

// The stores openmp() uses for this n and thread count: streaming when the
// three arrays are larger than the last-level cache those threads share
// (element_bytes: 8 for double, 4 for float; cache sizes from sysfs).
Stores stores_for(std::int64_t n, std::int64_t element_bytes, int threads);

// OpenMP threads over equal contiguous ranges, explicit SIMD, stores_for(n, 8, threads).
void openmp(double* a, const double* b, const double* c, double s, std::int64_t n, int threads);

// The same with the stores chosen by the caller (the tests use both).
void openmp_with(double* a, const double* b, const double* c, double s, std::int64_t n, int threads, Stores stores);

// Eigen: a = b + s*c on Maps of the same buffers (one fused, vectorized
// expression loop; single-threaded: Eigen parallelizes only its products).
void eigen(double* a, const double* b, const double* c, double s, std::int64_t n);

}  // namespace speedlab::stream_triad
