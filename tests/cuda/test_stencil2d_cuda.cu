// CUDA stencil kernels against the C++ ones: the same grid bit for bit
// (skipped without a GPU).
#include "../cpp/catch.hpp"

#include <vector>

#include "cuda/cuda_check.cuh"

#include "cpp/stencil2d.hpp"
#include "cuda/stencil2d.cuh"

TEST_CASE("cuda stencil kernels compute the C++ grid bit for bit") {
  namespace sd = speedlab::stencil2d;
  namespace gpu = speedlab::cuda::stencil2d;
  for (std::int64_t n : {3, 4, 33, 34, 35, 100, 257}) {  // around the 32x8 tiles
    for (std::int64_t sweeps : {1, 2, 7}) {
      INFO("n = " << n << ", sweeps = " << sweeps);
      sd::Grids host = sd::make_grids(n, 42);
      const double* expected = sd::naive(host.initial.data(), host.work_a.data(), host.work_b.data(), n, sweeps);
      const std::vector<double> want(expected, expected + n * n);
      gpu::DeviceGrids device(n);
      device.upload(host.initial.data());
      device.prepare_boundaries();
      for (auto run : {gpu::sweeps_naive, gpu::sweeps_shared}) {
        const double* result = run(device, sweeps);
        std::vector<double> got(want.size());
        SPEEDLAB_CUDA_CHECK(cudaMemcpy(got.data(), result, device.bytes(), cudaMemcpyDeviceToHost));
        CHECK(got == want);
      }
    }
  }
}
