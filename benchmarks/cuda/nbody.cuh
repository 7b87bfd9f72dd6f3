// N-body on the GPU: the same state, constants and operation order as the
// CPU impls (benchmarks/cpp/nbody.hpp), one thread per body i. The whole
// simulation runs on the device: an acceleration kernel per evaluation and
// kick / drift kernels between them.
#pragma once

#include <cstddef>

#include "cpp/nbody.hpp"
#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::nbody {

inline constexpr int kThreadsPerBlock = 256;  // also the shared-memory tile of cuda.shared

enum class Variant {
  kNaive,   // every thread reads all bodies j from global memory (through the caches)
  kShared,  // a block stages bodies j in shared memory, a tile of kThreadsPerBlock at a time
};

class Simulation {
 public:
  explicit Simulation(std::size_t n);
  // Copies the initial state (positions, velocities, masses) to the device (synchronizes).
  void upload(const speedlab::nbody::State& initial);
  // Restores the working state from the uploaded initial state (device copy, asynchronous).
  void reset();
  // Launches `steps` kick-drift-kick steps on the working state (asynchronous).
  void run(int steps, Variant variant);
  // Copies the working positions and velocities back into out (synchronizes).
  void download(speedlab::nbody::State& out) const;

 private:
  void accelerations(Variant variant);
  double* column(const DeviceBuffer<double>& buffer, int index) const { return buffer.data() + index * n_; }

  std::size_t n_;
  DeviceBuffer<double> initial_;  // x y z vx vy vz m, n each
  DeviceBuffer<double> state_;    // the same, advanced by run()
  DeviceBuffer<double> acceleration_;  // ax ay az
};

}  // namespace speedlab::cuda::nbody
