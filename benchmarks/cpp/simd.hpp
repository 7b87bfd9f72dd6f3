// Portable explicit SIMD through GCC/Clang vector extensions: the compiler
// lowers `Vec` to the widest registers the build targets (-march=...), so the
// same source is SSE2, AVX2 or AVX-512 code depending on the build flags (the
// isa axis: speedlab_cpp_x86-64, _avx2, _avx512 are this source compiled three
// more times). VecDouble holds kDoubleLanes doubles, VecFloat twice as many floats.
#pragma once

#include <immintrin.h>

#include <cstring>

namespace speedlab::simd {

#if defined(__AVX512F__)
inline constexpr int kDoubleLanes = 8;
#elif defined(__AVX__)
inline constexpr int kDoubleLanes = 4;
#else
inline constexpr int kDoubleLanes = 2;
#endif

using VecDouble = double __attribute__((vector_size(kDoubleLanes * sizeof(double))));

inline double horizontal_sum(VecDouble v) {
  double sum = 0.0;
  for (int lane = 0; lane < kDoubleLanes; ++lane) sum += v[lane];
  return sum;
}

// What a comparison of two VecDouble gives: per lane -1 (all bits set) where
// true, 0 where false. Usable as a lane count (subtract it), in `mask ? a : b`
// (per-lane select) and in any().
using VecMask = decltype(VecDouble{} < VecDouble{});

// Loads and stores of kDoubleLanes doubles at any alignment.
inline VecDouble load(const double* from) {
  VecDouble v;
  std::memcpy(&v, from, sizeof v);
  return v;
}

inline void store(double* to, VecDouble v) { std::memcpy(to, &v, sizeof v); }

// True if any lane of the mask is set.
inline bool any(VecMask mask) {
#if defined(__AVX512F__)
  return _mm512_test_epi64_mask(reinterpret_cast<__m512i>(mask), reinterpret_cast<__m512i>(mask)) != 0;
#elif defined(__AVX__)
  return _mm256_testz_si256(reinterpret_cast<__m256i>(mask), reinterpret_cast<__m256i>(mask)) == 0;
#else
  return _mm_movemask_pd(reinterpret_cast<__m128d>(mask)) != 0;
#endif
}

// Lane-wise square root, correctly rounded like std::sqrt (vector extensions
// have no sqrt, and std::sqrt per lane stays scalar because of errno).
inline VecDouble sqrt(VecDouble v) {
#if defined(__AVX512F__)
  return reinterpret_cast<VecDouble>(_mm512_sqrt_pd(reinterpret_cast<__m512d>(v)));
#elif defined(__AVX__)
  return reinterpret_cast<VecDouble>(_mm256_sqrt_pd(reinterpret_cast<__m256d>(v)));
#else
  return reinterpret_cast<VecDouble>(_mm_sqrt_pd(reinterpret_cast<__m128d>(v)));
#endif
}

// ---- float32: the same registers hold twice as many floats (dtype = float32 kernels).

inline constexpr int kFloatLanes = 2 * kDoubleLanes;
using VecFloat = float __attribute__((vector_size(kFloatLanes * sizeof(float))));

inline VecFloat load(const float* from) {
  VecFloat v;
  std::memcpy(&v, from, sizeof v);
  return v;
}

inline void store(float* to, VecFloat v) { std::memcpy(to, &v, sizeof v); }

inline VecFloat sqrt(VecFloat v) {
#if defined(__AVX512F__)
  return reinterpret_cast<VecFloat>(_mm512_sqrt_ps(reinterpret_cast<__m512>(v)));
#elif defined(__AVX__)
  return reinterpret_cast<VecFloat>(_mm256_sqrt_ps(reinterpret_cast<__m256>(v)));
#else
  return reinterpret_cast<VecFloat>(_mm_sqrt_ps(reinterpret_cast<__m128>(v)));
#endif
}

// The vector of T (double or float) and its lane count, for kernels written once for both precisions.
template <typename T>
struct VecOf;
template <>
struct VecOf<double> {
  using type = VecDouble;
};
template <>
struct VecOf<float> {
  using type = VecFloat;
};
template <typename T>
using Vec = typename VecOf<T>::type;
template <typename T>
inline constexpr int kLanes = static_cast<int>(sizeof(Vec<T>) / sizeof(T));

}  // namespace speedlab::simd
