// The shared input generator: counter-based SplitMix64.
//   u_i = splitmix64(seed + i)            (a 64-bit integer)
//   x_i = (u_i >> 11) * 2^-53             (a double in [0, 1))
// Counter-based, so any element can be produced independently (threads, GPU
// threads, NumPy vectors all give the same values). The same definition exists
// in python_baselines/prng.py and java_baselines/.../SplitMix64.java; the test
// vectors in each language's tests pin them to each other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace speedlab {

inline constexpr std::uint64_t kSplitMix64Gamma = 0x9E3779B97F4A7C15ULL;

constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  std::uint64_t z = x + kSplitMix64Gamma;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr double uniform01(std::uint64_t seed, std::uint64_t index) noexcept {
  return static_cast<double>(splitmix64(seed + index) >> 11) * 0x1.0p-53;
}

// Fills out[i] = uniform01(seed, offset + i).
inline void fill_uniform(double* out, std::size_t count, std::uint64_t seed, std::uint64_t offset = 0) noexcept {
  for (std::size_t i = 0; i < count; ++i) out[i] = uniform01(seed, offset + i);
}

inline std::vector<double> uniform_vector(std::size_t count, std::uint64_t seed, std::uint64_t offset = 0) {
  std::vector<double> out(count);
  fill_uniform(out.data(), count, seed, offset);
  return out;
}

}  // namespace speedlab
