// CUDA triad kernels against the C++ ones (skipped without a GPU).
#include "../cpp/catch.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cpp/stream_triad.hpp"
#include "cuda/stream_triad.cuh"

TEST_CASE("cuda triad kernels compute b + s*c") {
  namespace st = speedlab::stream_triad;
  for (std::int64_t n : {1, 255, 256, 257, 1000003}) {
    INFO("n = " << n);
    st::Arrays host = st::make_arrays(n, 42);
    std::vector<double> expected(host.a.size());
    st::naive(expected.data(), host.b.data(), host.c.data(), st::kScalar, n);
    speedlab::cuda::stream_triad::DeviceArrays device(n);
    device.upload(host.b.data(), host.c.data());
    for (int variant = 0; variant < 2; ++variant) {
      if (variant == 0) {
        speedlab::cuda::stream_triad::launch_naive(device, st::kScalar);
      } else {
        speedlab::cuda::stream_triad::thrust_transform(device, st::kScalar);
      }
      std::fill(host.a.begin(), host.a.end(), -1.0);
      device.download(host.a.data());
      double worst = 0.0;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        worst = std::max(worst, std::abs(host.a[i] - expected[i]) / expected[i]);
      }
      CHECK(worst <= 4e-16);  // one rounding apart at most (fused multiply-add or not)
    }
  }
}
