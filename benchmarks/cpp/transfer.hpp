// The transfer workload's payload, shared by cpp.memcpy and the CUDA copies:
// floor(bytes / 8) float64 values from the shared generator in a buffer of
// `bytes` bytes (any remaining bytes zero), and the checksums of what arrived.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "cpp/checksum.hpp"
#include "harness/prng.hpp"

namespace speedlab::transfer {

inline constexpr std::int64_t kMaxBytes = std::int64_t{1} << 34;  // 16 GiB

// Writes the payload into `buffer` (bytes long).
inline void fill(unsigned char* buffer, std::int64_t bytes, std::uint64_t seed) {
  const std::vector<double> values = uniform_vector(static_cast<std::size_t>(bytes / 8), seed);
  std::memcpy(buffer, values.data(), values.size() * sizeof(double));
  std::memset(buffer + values.size() * sizeof(double), 0, static_cast<std::size_t>(bytes % 8));
}

// The checksums of what arrived: the sum of the payload's float64 values and their position-weighted sum
// (cpp/checksum.hpp: a chunk copied to the wrong offset changes it), left to right.
struct Checksums {
  double sum;
  double weighted;
};
inline Checksums checksums(const unsigned char* buffer, std::int64_t bytes) {
  Checksums out{0.0, 0.0};
  for (std::int64_t i = 0; i < bytes / 8; ++i) {
    double value;
    std::memcpy(&value, buffer + 8 * i, sizeof value);  // the buffer need not be aligned for double
    out.sum += value;
    out.weighted += value * static_cast<double>(checksum::position_weight(static_cast<std::uint64_t>(i)));
  }
  return out;
}

}  // namespace speedlab::transfer
