// Leibniz pi on the GPU: a grid-stride loop, a shared-memory reduction per
// block, and the per-block partial sums added on the host in a fixed order.
#pragma once

#include <cstdint>
#include <vector>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::leibniz_pi {

inline constexpr int kThreadsPerBlock = 256;

class Naive {
 public:
  Naive();  // sizes the grid for the current device: 8 blocks per SM
  // Launches the kernel on the default stream (asynchronous).
  void launch(std::int64_t n);
  // Copies the partial sums back (synchronizes) and returns 4 * their sum.
  double finish();
  int blocks() const { return blocks_; }

 private:
  int blocks_;
  DeviceBuffer<double> block_sums_;
  std::vector<double> host_sums_;
};

}  // namespace speedlab::cuda::leibniz_pi
