// Non-temporal ("streaming") stores for bandwidth-bound kernels, and the
// rule that decides when to use them.
//
// An ordinary store first reads the destination line into the cache
// (read-for-ownership), so writing an array costs a read and a write of
// memory. A streaming store writes the line straight to memory: a third less
// traffic for b + s*c, but the result is not left in the cache, which only
// pays when the arrays are too large to stay cached anyway.
#pragma once

#include <cstdint>

#include "cpp/simd.hpp"
#include "harness/hardware.hpp"

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

// The same for one simd::VecFloat (float32 kernels).
inline void store(float* address, simd::VecFloat value) {
#if defined(__AVX512F__)
  _mm512_stream_ps(address, value);
#elif defined(__AVX__)
  _mm256_stream_ps(address, value);
#else
  _mm_stream_ps(address, value);
#endif
}

// Streaming stores are weakly ordered: call before other threads read the data.
inline void fence() { _mm_sfence(); }
#else
inline constexpr bool kAvailable = false;
inline void store(double* address, simd::VecDouble value) { __builtin_memcpy(address, &value, sizeof value); }
inline void store(float* address, simd::VecFloat value) { __builtin_memcpy(address, &value, sizeof value); }
inline void fence() {}
#endif

// Elements before the first address aligned for store(), at most `count`.
template <typename T>
inline std::int64_t unaligned_head(const T* address, std::int64_t count) {
  std::int64_t head = 0;
  while (head < count && reinterpret_cast<std::uintptr_t>(address + head) % sizeof(simd::Vec<T>) != 0) ++head;
  return head;
}

// How a bandwidth-bound kernel writes its output.
enum class Stores { kCached, kStreaming };

// Streaming stores for a working set larger than the last-level cache that
// `threads` threads can use (it could not stay cached anyway), ordinary stores
// otherwise. The cache size comes from sysfs (harness/hardware.hpp), not
// sysconf, which a VM may answer with the host's whole L3.
inline Stores stores_for_bytes(std::int64_t working_set_bytes, int threads, const hardware::Facts& facts) {
  const std::int64_t cache = hardware::last_level_bytes_for_threads(facts, threads);
  return kAvailable && working_set_bytes > cache ? Stores::kStreaming : Stores::kCached;
}

// The same on this machine.
inline Stores stores_for_bytes(std::int64_t working_set_bytes, int threads) {
  return stores_for_bytes(working_set_bytes, threads, hardware::machine());
}

// The path a kernel took, as a benchmark counter: 1 streaming, 0 ordinary stores.
inline double counter_value(Stores stores) { return stores == Stores::kStreaming ? 1.0 : 0.0; }

}  // namespace speedlab::streaming
