// Mandelbrot on the GPU: one thread per pixel, the same escape loop and pixel
// centres as the CPU impls (benchmarks/cpp/mandelbrot.hpp). nvcc contracts
// the centre's and 2*zr*zi + ci's multiply-add into FMAs; the checksum
// tolerance in benchmarks/workloads/mandelbrot.toml covers it.
#pragma once

#include <cstdint>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::mandelbrot {

inline constexpr int kBlockSide = 16;  // 16 x 16 threads per block: 8 warps, each two rows of 16 pixels

class Naive {
 public:
  Naive();
  // Zeroes the device total and launches the kernel on the default stream (asynchronous).
  void launch(std::int64_t n);
  // Copies the total back (synchronizes).
  std::int64_t finish();

 private:
  DeviceBuffer<unsigned long long> total_;
};

}  // namespace speedlab::cuda::mandelbrot
