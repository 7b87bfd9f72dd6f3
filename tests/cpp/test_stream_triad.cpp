#include "catch.hpp"
#include <algorithm>
#include <cmath>
#include <vector>

#include "cpp/stream_triad.hpp"
#include "harness/prng.hpp"

namespace st = speedlab::stream_triad;

namespace {

// a must equal b + s*c to within one rounding (with or without a fused multiply-add).
void check_triad(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c,
                 std::size_t offset = 0) {
  double worst = 0.0;
  for (std::size_t i = offset; i < a.size(); ++i) {
    const double exact = b[i] + st::kScalar * c[i];
    worst = std::max(worst, std::abs(a[i] - exact) / std::abs(exact));
  }
  CHECK(worst <= 4e-16);
}

}  // namespace

TEST_CASE("stream_triad: inputs from the shared generator, b at offset 0 and c at n") {
  const st::Arrays arrays = st::make_arrays(4, 42);
  CHECK(arrays.a == std::vector<double>(4, 0.0));
  CHECK(arrays.b[3] == speedlab::uniform01(42, 3));
  CHECK(arrays.c[0] == speedlab::uniform01(42, 4));
}

TEST_CASE("stream_triad: every kernel computes b + s*c, any length and thread count") {
  for (std::int64_t n : {1, 3, 4, 5, 17, 1000, 100003}) {
    for (int threads : {1, 2, 3}) {
      INFO("n = " << n << ", threads = " << threads);
      st::Arrays arrays = st::make_arrays(n, 42);
      st::naive(arrays.a.data(), arrays.b.data(), arrays.c.data(), st::kScalar, n);
      check_triad(arrays.a, arrays.b, arrays.c);
      st::eigen(arrays.a.data(), arrays.b.data(), arrays.c.data(), st::kScalar, n);
      check_triad(arrays.a, arrays.b, arrays.c);
      for (st::Stores stores : {st::Stores::kCached, st::Stores::kStreaming}) {
        std::fill(arrays.a.begin(), arrays.a.end(), -1.0);
        st::openmp_with(arrays.a.data(), arrays.b.data(), arrays.c.data(), st::kScalar, n, threads, stores);
        check_triad(arrays.a, arrays.b, arrays.c);
      }
    }
  }
}

TEST_CASE("stream_triad: streaming stores handle a destination that is not vector-aligned") {
  st::Arrays arrays = st::make_arrays(1003, 42);
  for (std::size_t shift : {1, 2, 3}) {  // a + shift is 8, 16 or 24 bytes past an aligned address
    std::fill(arrays.a.begin(), arrays.a.end(), -1.0);
    const auto n = static_cast<std::int64_t>(arrays.a.size() - shift);
    st::openmp_with(arrays.a.data() + shift, arrays.b.data() + shift, arrays.c.data() + shift, st::kScalar, n, 2,
                    st::Stores::kStreaming);
    for (std::size_t i = 0; i < shift; ++i) CHECK(arrays.a[i] == -1.0);  // nothing written before the range
    check_triad(arrays.a, arrays.b, arrays.c, shift);
  }
}

TEST_CASE("stream_triad: streaming stores only where the arrays outgrow the cache") {
  CHECK(st::stores_for(1000, 8, 1) == st::Stores::kCached);
  CHECK(st::stores_for(std::int64_t{1} << 30, 8, 1) ==
        (speedlab::streaming::kAvailable ? st::Stores::kStreaming : st::Stores::kCached));
}

TEST_CASE("stream_triad: the checksums are the sum of a and its position-weighted sum") {
  const std::vector<double> a = {1.0, 2.5, -0.5};
  const st::Checksums sums = st::checksums(a.data(), 3);
  CHECK(sums.sum == 3.0);
  // w(0), w(1), w(2) = 289, 881, 898 (the test vectors of cpp/checksum.hpp, shared with Python and Java).
  CHECK(sums.weighted == 1.0 * 289 + 2.5 * 881 - 0.5 * 898);
}
