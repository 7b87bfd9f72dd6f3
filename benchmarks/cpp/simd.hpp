// Portable explicit SIMD through GCC/Clang vector extensions: the compiler
// lowers `Vec` to the widest registers the build targets (-march=...), so the
// same source is SSE2, AVX2 or AVX-512 code depending on the build flags.
#pragma once

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

}  // namespace speedlab::simd
