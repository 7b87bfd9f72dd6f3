// CUDA matmul kernels against the C++ ones (skipped without a GPU: see
// test_leibniz_pi_cuda.cu for the runner that exits 77).
#include "../cpp/catch.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cpp/matmul.hpp"
#include "cuda/matmul.cuh"

namespace {

namespace gpu = speedlab::cuda::matmul;

double worst_relative_error(const std::vector<double>& got, const std::vector<double>& expected) {
  double worst = 0.0;
  for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - expected[i]) / expected[i]);
  return worst;
}

}  // namespace

TEST_CASE("cuda matmul kernels agree with the C++ naive loop") {
  gpu::Cublas cublas;
  for (std::int64_t n : {1, 7, 31, 32, 33, 100, 257}) {  // around the 16- and 32-wide tiles
    INFO("n = " << n);
    const speedlab::matmul::Inputs in = speedlab::matmul::make_inputs(n, 42);
    std::vector<double> expected(static_cast<std::size_t>(n * n));
    speedlab::matmul::naive(in.a.data(), in.b.data(), expected.data(), n);
    gpu::DeviceMatrices<double> device(n);
    device.upload(in.a.data(), in.b.data());
    std::vector<double> got(expected.size());
    gpu::launch_naive(device);
    device.download(got.data());
    CHECK(worst_relative_error(got, expected) < 1e-13);
    gpu::launch_tiled(device);
    device.download(got.data());
    CHECK(worst_relative_error(got, expected) < 1e-13);
    cublas.dgemm(device);
    device.download(got.data());
    CHECK(worst_relative_error(got, expected) < 1e-13);

    // float32: inputs rounded to float, each element within float32 rounding of the float64 result.
    gpu::DeviceMatrices<float> single(n);
    const std::vector<float> a(in.a.begin(), in.a.end());
    const std::vector<float> b(in.b.begin(), in.b.end());
    single.upload(a.data(), b.data());
    cublas.sgemm(single);
    std::vector<float> c(expected.size());
    single.download(c.data());
    CHECK(worst_relative_error(std::vector<double>(c.begin(), c.end()), expected) < 1e-4);
  }
}
