#include "catch.hpp"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cpp/call_overhead.hpp"
#include "cpp/chunked_reduction.hpp"
#include "harness/prng.hpp"

namespace cr = speedlab::chunked_reduction;

namespace {

// A folder of its own for the generated files, removed at the end of the test.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "speedlab-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
};

// The message of the exception `action` throws ("" if none): Catch2 v2 and v3 name their matchers differently.
template <typename Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("chunked_reduction: the file holds the generator's values under the name every language uses") {
  ScratchDir scratch;
  CHECK(cr::file_name(1000, 42) == "chunked_reduction-n1000-seed42.f64");  // python_baselines uses the same name
  const std::string path = cr::ensure_input_file(scratch.path.string(), 1000, 42);
  CHECK(path == (scratch.path / "chunked_reduction-n1000-seed42.f64").string());
  std::vector<double> values(1000);
  std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(values.data()), 8000);
  CHECK(values == speedlab::uniform_vector(1000, 42));
  const auto written = std::filesystem::last_write_time(path);
  CHECK(cr::ensure_input_file(scratch.path.string(), 1000, 42) == path);  // reused, not rewritten
  CHECK(std::filesystem::last_write_time(path) == written);
  CHECK(std::distance(std::filesystem::directory_iterator(scratch.path), {}) == 1);  // no temporary left behind
}

TEST_CASE("chunked_reduction: mmap and stream agree bit for bit with the exact moments") {
  ScratchDir scratch;
  // 2^18 + 3 values: several stream buffers, a window, and a partial block at the end.
  const std::int64_t n = (std::int64_t{1} << 18) + 3;
  const std::string path = cr::ensure_input_file(scratch.path.string(), n, 7);
  const cr::Moments mapped = cr::reduce_mmap(path, n);
  const cr::Moments streamed = cr::reduce_stream(path, n);
  CHECK(mapped.mean == streamed.mean);
  CHECK(mapped.variance == streamed.variance);
  // Exact reference in integers: x = k 2^-53, sums of k and k^2 in 128 bits.
  unsigned __int128 sum = 0;
  unsigned __int128 squares = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint64_t k = speedlab::splitmix64(7 + static_cast<std::uint64_t>(i)) >> 11;
    sum += k;
    squares += static_cast<unsigned __int128>(k) * k;
  }
  const long double mean = static_cast<long double>(sum) / n / 0x1p53L;
  const long double variance = static_cast<long double>(squares) / n / 0x1p106L - mean * mean;
  CHECK(mapped.mean == Approx(static_cast<double>(mean)).epsilon(1e-15));
  CHECK(mapped.variance == Approx(static_cast<double>(variance)).epsilon(1e-14));
}

TEST_CASE("chunked_reduction: how the values are cut into pieces does not change the sums") {
  const std::vector<double> values = speedlab::uniform_vector(3 * cr::kBlockValues + 5, 1);
  cr::Accumulator whole;
  whole.add(values.data(), values.size());
  cr::Accumulator pieces;
  pieces.add(values.data(), 2 * cr::kBlockValues);
  pieces.add(values.data() + 2 * cr::kBlockValues, values.size() - 2 * cr::kBlockValues);
  CHECK(whole.count() == values.size());
  CHECK(whole.moments().mean == pieces.moments().mean);
  CHECK(whole.moments().variance == pieces.moments().variance);
}

TEST_CASE("chunked_reduction: a file of the wrong size is an error that names it") {
  ScratchDir scratch;
  const std::string path = cr::ensure_input_file(scratch.path.string(), 100, 42);
  CHECK(error_of([&] { cr::reduce_mmap(path, 101); }).find("has 800 bytes, expected 808") != std::string::npos);
  CHECK(error_of([&] { cr::reduce_stream(path, 101); }).find("has 800 bytes, expected 808") != std::string::npos);
}

TEST_CASE("call_overhead: the dot product adds the products left to right") {
  const std::vector<double> a = {1.0, 2.0, 3.0};
  const std::vector<double> b = {4.0, 5.0, 6.0};
  CHECK(speedlab::call_overhead::dot(a.data(), b.data(), 3) == 32.0);
  CHECK(speedlab::call_overhead::dot(a.data(), b.data(), 0) == 0.0);
}
