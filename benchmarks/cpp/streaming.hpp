// Non-temporal ("streaming") stores for bandwidth-bound kernels, and the
// last-level cache size that decides when to use them.
//
// An ordinary store first reads the destination line into the cache
// (read-for-ownership), so writing an array costs a read and a write of
// memory. A streaming store writes the line straight to memory: a third less
// traffic for b + s*c, but the result is not left in the cache, which only
// pays when the arrays are too large to stay cached anyway.
#pragma once

#include <unistd.h>

#include <cstdint>

#include "cpp/simd.hpp"

#if defined(__AVX512F__) || defined(__AVX__) || defined(__SSE2__)
#include <immintrin.h>
#define SPEEDLAB_HAVE_STREAMING_STORES 1
#endif

namespace speedlab::streaming {

#ifdef SPEEDLAB_HAVE_STREAMING_STORES
inline constexpr bool kAvailable = true;

// A streaming store of one simd::VecDouble to an address aligned to its size.
inline void store(double* address, simd::VecDouble value) {
#if defined(__AVX512F__)
  _mm512_stream_pd(address, value);
#elif defined(__AVX__)
  _mm256_stream_pd(address, value);
#else
  _mm_stream_pd(address, value);
#endif
}

// Streaming stores are weakly ordered: call before other threads read the data.
inline void fence() { _mm_sfence(); }
#else
inline constexpr bool kAvailable = false;
inline void store(double* address, simd::VecDouble value) { __builtin_memcpy(address, &value, sizeof value); }
inline void fence() {}
#endif

// Elements before the first address aligned for store(), at most `count`.
inline std::int64_t unaligned_head(const double* address, std::int64_t count) {
  std::int64_t head = 0;
  while (head < count && reinterpret_cast<std::uintptr_t>(address + head) % sizeof(simd::VecDouble) != 0) ++head;
  return head;
}

// How a bandwidth-bound kernel writes its output.
enum class Stores { kCached, kStreaming };

// The last-level cache in bytes (L3, else L2; 32 MiB if the OS does not say).
inline std::int64_t last_level_cache_bytes() {
  static const std::int64_t bytes = [] {
    long size = -1;
#ifdef _SC_LEVEL3_CACHE_SIZE
    size = sysconf(_SC_LEVEL3_CACHE_SIZE);
    if (size <= 0) size = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
    return size > 0 ? static_cast<std::int64_t>(size) : std::int64_t{32} << 20;
  }();
  return bytes;
}

// Streaming stores for a working set larger than the last-level cache (it
// could not stay cached anyway), ordinary stores otherwise.
inline Stores stores_for_bytes(std::int64_t working_set_bytes) {
  return kAvailable && working_set_bytes > last_level_cache_bytes() ? Stores::kStreaming : Stores::kCached;
}

}  // namespace speedlab::streaming
