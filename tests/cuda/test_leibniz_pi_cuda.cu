// CUDA kernels against the C++ reference. Without a GPU the program prints
// why and exits 77, which ctest reports as skipped.
#define CATCH_CONFIG_RUNNER
#include "../cpp/catch.hpp"
#include <cuda_runtime.h>

#include <cstdio>

#include "cpp/leibniz_pi.hpp"
#include "cuda/leibniz_pi.cuh"

TEST_CASE("cuda.naive leibniz_pi agrees with cpp.naive") {
  speedlab::cuda::leibniz_pi::Naive kernel;
  for (std::int64_t n : {1, 1000, 1000001, 50000000}) {
    kernel.launch(n);
    INFO("n = " << n);
    CHECK(kernel.finish() == Approx(speedlab::leibniz_pi::naive(n)).epsilon(1e-10));
  }
}

int main(int argc, char** argv) {
  int devices = 0;
  const cudaError_t status = cudaGetDeviceCount(&devices);
  if (status != cudaSuccess || devices == 0) {
    std::printf("SKIPPED: no usable CUDA device (%s); run on a machine with an NVIDIA GPU\n",
                status != cudaSuccess ? cudaGetErrorString(status) : "device count is 0");
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
