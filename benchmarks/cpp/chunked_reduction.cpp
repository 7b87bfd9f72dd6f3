#include "cpp/chunked_reduction.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "harness/prng.hpp"

namespace speedlab::chunked_reduction {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

// An open file descriptor, closed on scope exit.
class File {
 public:
  File(const std::string& path, int flags, mode_t mode = 0) : path_(path), fd_(::open(path.c_str(), flags, mode)) {
    if (fd_ < 0) fail("cannot open", path);
  }
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int fd() const { return fd_; }

  // Reads until `bytes` are in or the file ends; returns the bytes read.
  std::size_t read_fully(char* buffer, std::size_t bytes) const {
    std::size_t done = 0;
    while (done < bytes) {
      const ssize_t got = ::read(fd_, buffer + done, bytes - done);
      if (got < 0) {
        if (errno == EINTR) continue;
        fail("cannot read", path_);
      }
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    return done;
  }

  void write_fully(const char* buffer, std::size_t bytes) const {
    std::size_t done = 0;
    while (done < bytes) {
      const ssize_t put = ::write(fd_, buffer + done, bytes - done);
      if (put < 0) {
        if (errno == EINTR) continue;
        fail("cannot write", path_);
      }
      done += static_cast<std::size_t>(put);
    }
  }

 private:
  std::string path_;
  int fd_;
};

std::size_t file_bytes(std::int64_t n) { return static_cast<std::size_t>(n) * sizeof(double); }

void check_size(const File& file, const std::string& path, std::int64_t n) {
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) fail("cannot stat", path);
  if (static_cast<std::size_t>(info.st_size) != file_bytes(n)) {
    throw std::runtime_error(path + " has " + std::to_string(info.st_size) + " bytes, expected " +
                             std::to_string(file_bytes(n)) + " (n = " + std::to_string(n) + ")");
  }
}

}  // namespace

void CompensatedSum::add(double value) {
  const double t = sum + value;
  if (std::fabs(sum) >= std::fabs(value)) {
    compensation += (sum - t) + value;
  } else {
    compensation += (value - t) + sum;
  }
  sum = t;
}

void Accumulator::add_block(const double* values, std::size_t count) {
  double sums[kLanes] = {};
  double squares[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      const double x = values[i + lane];
      sums[lane] += x;
      squares[lane] += x * x;
    }
  }
  for (std::size_t lane = 0; i < count; ++i, ++lane) {
    sums[lane] += values[i];
    squares[lane] += values[i] * values[i];
  }
  double block_sum = 0.0;
  double block_squares = 0.0;
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    block_sum += sums[lane];
    block_squares += squares[lane];
  }
  sum_.add(block_sum);
  squares_.add(block_squares);
  count_ += count;
}

void Accumulator::add(const double* values, std::size_t count) {
  for (std::size_t start = 0; start < count; start += kBlockValues) {
    add_block(values + start, std::min(kBlockValues, count - start));
  }
}

Moments Accumulator::moments() const {
  if (count_ == 0) return {};
  const double n = static_cast<double>(count_);
  const double mean = sum_.total() / n;
  return {mean, squares_.total() / n - mean * mean};
}

std::string file_name(std::int64_t n, std::uint64_t seed) {
  return "chunked_reduction-n" + std::to_string(n) + "-seed" + std::to_string(seed) + ".f64";
}

std::string ensure_input_file(const std::string& directory, std::int64_t n, std::uint64_t seed) {
  namespace fs = std::filesystem;
  const fs::path path = fs::path(directory) / file_name(n, seed);
  std::error_code error;
  if (fs::exists(path, error) && fs::file_size(path, error) == file_bytes(n)) return path.string();
  fs::create_directories(directory);
  const fs::path temporary = path.string() + ".tmp." + std::to_string(::getpid());
  {
    const File out(temporary.string(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<double> buffer(kStreamBytes / sizeof(double));
    for (std::int64_t start = 0; start < n; start += static_cast<std::int64_t>(buffer.size())) {
      const auto count = static_cast<std::size_t>(std::min<std::int64_t>(buffer.size(), n - start));
      fill_uniform(buffer.data(), count, seed, static_cast<std::uint64_t>(start));
      out.write_fully(reinterpret_cast<const char*>(buffer.data()), count * sizeof(double));
    }
    if (::fsync(out.fd()) != 0) fail("cannot flush", temporary.string());
  }
  fs::rename(temporary, path);  // atomic: readers see the whole file or none
  return path.string();
}

void drop_from_page_cache(const std::string& path) {
  const File file(path, O_RDONLY);
  ::posix_fadvise(file.fd(), 0, 0, POSIX_FADV_DONTNEED);
}

Moments reduce_mmap(const std::string& path, std::int64_t n) {
  const File file(path, O_RDONLY);
  check_size(file, path, n);
  const std::size_t bytes = file_bytes(n);
  Accumulator accumulator;
  if (bytes == 0) return accumulator.moments();
  void* mapping = ::mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE, file.fd(), 0);
  if (mapping == MAP_FAILED) fail("cannot mmap", path);
  ::madvise(mapping, bytes, MADV_SEQUENTIAL);  // read ahead, and pages behind may go
  const auto* base = static_cast<const char*>(mapping);
  for (std::size_t offset = 0; offset < bytes; offset += kWindowBytes) {
    const std::size_t length = std::min(kWindowBytes, bytes - offset);
    accumulator.add(reinterpret_cast<const double*>(base + offset), length / sizeof(double));
    ::madvise(const_cast<char*>(base) + offset, length, MADV_DONTNEED);  // out of our RSS (not out of the cache)
  }
  ::munmap(mapping, bytes);
  return accumulator.moments();
}

Moments reduce_stream(const std::string& path, std::int64_t n) {
  const File file(path, O_RDONLY);
  check_size(file, path, n);
  ::posix_fadvise(file.fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<double> buffer(kStreamBytes / sizeof(double));
  Accumulator accumulator;
  for (;;) {
    const std::size_t got = file.read_fully(reinterpret_cast<char*>(buffer.data()), kStreamBytes);
    accumulator.add(buffer.data(), got / sizeof(double));
    if (got < kStreamBytes) break;
  }
  if (accumulator.count() != static_cast<std::uint64_t>(n)) {
    throw std::runtime_error(path + " ended after " + std::to_string(accumulator.count()) + " values, expected " +
                             std::to_string(n));
  }
  return accumulator.moments();
}

}  // namespace speedlab::chunked_reduction
