// chunked_reduction: the mean and variance of n float64 values stored in a
// file (raw native-endian doubles, value i = uniform01(seed, i)), read in one
// pass with bounded memory. The file is generated once per (n, seed) into the
// run's data folder and shared by every impl, in every language
// (python_baselines/workloads/chunked_reduction.py has the same definition).
//
//   mean = S / n,  variance = Q / n - mean^2   (population variance)
//   S = sum of x_i,  Q = sum of x_i^2
//
// Summation: the values are added in blocks of kBlockValues, each block with
// kLanes independent accumulators (SIMD-friendly, no -ffast-math needed), and
// the block totals are added with Neumaier's compensated sum, so the error
// does not grow with n (measured in benchmarks/workloads/chunked_reduction.toml).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace speedlab::chunked_reduction {

inline constexpr std::size_t kBlockValues = 4096;  // values per compensated block total
inline constexpr std::size_t kLanes = 8;           // independent accumulators within a block
inline constexpr std::size_t kStreamBytes = std::size_t{1} << 20;  // cpp.stream: one read() per MiB
inline constexpr std::size_t kWindowBytes = std::size_t{1} << 24;  // cpp.mmap: pages released every 16 MiB

// s + c, kept as a value and its running rounding error (Neumaier's variant of Kahan).
struct CompensatedSum {
  double sum = 0.0;
  double compensation = 0.0;
  void add(double value);
  double total() const { return sum + compensation; }
};

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
};

// Sums of values and of squares, fed in pieces of any length that are
// multiples of kBlockValues (the last piece may be shorter): the result does
// not depend on how the pieces were cut, so cpp.mmap and cpp.stream agree bit
// for bit.
class Accumulator {
 public:
  void add(const double* values, std::size_t count);
  std::uint64_t count() const { return count_; }
  Moments moments() const;

 private:
  void add_block(const double* values, std::size_t count);
  CompensatedSum sum_;
  CompensatedSum squares_;
  std::uint64_t count_ = 0;
};

// The file's name in the data folder: one per (n, seed), shared by all impls.
std::string file_name(std::int64_t n, std::uint64_t seed);

// Makes sure `directory`/file_name(n, seed) exists with the n generator values
// and returns its path. An existing file of the right size is reused; a new
// one is written under a temporary name, flushed to the disk (so its pages can
// later be dropped from the page cache) and renamed into place: another
// process never sees a half-written file.
std::string ensure_input_file(const std::string& directory, std::int64_t n, std::uint64_t seed);

// Asks the kernel to drop the file's pages from the page cache
// (posix_fadvise DONTNEED), so the next read comes from the disk.
void drop_from_page_cache(const std::string& path);

// cpp.mmap: maps the whole file read-only (MADV_SEQUENTIAL) and reduces it in
// one pass; every kWindowBytes the pages already read are unmapped from the
// process (MADV_DONTNEED), so resident memory stays at one window (mapped file
// pages count in the RSS while mapped; they stay in the page cache).
Moments reduce_mmap(const std::string& path, std::int64_t n);

// cpp.stream: read() into one buffer of kStreamBytes, reduced block by block.
Moments reduce_stream(const std::string& path, std::int64_t n);

}  // namespace speedlab::chunked_reduction
