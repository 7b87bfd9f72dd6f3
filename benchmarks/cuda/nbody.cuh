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

// T: double, or float for dtype = float32.
template <typename T>
class SimulationOf {
 public:
  explicit SimulationOf(std::size_t n);
  // Copies the initial state (positions, velocities, masses) to the device (synchronizes).
  void upload(const speedlab::nbody::StateOf<T>& initial);
  // Restores the working state from the uploaded initial state (device copy, asynchronous).
  void reset();
  // Launches `steps` kick-drift-kick steps on the working state (asynchronous).
  void run(int steps, Variant variant);
  // Copies the working positions and velocities back into out (synchronizes).
  void download(speedlab::nbody::StateOf<T>& out) const;
  // Bytes upload() and download() copy.
  std::size_t upload_bytes() const { return 7 * n_ * sizeof(T); }
  std::size_t download_bytes() const { return 6 * n_ * sizeof(T); }

 private:
  void accelerations(Variant variant);
  T* column(const DeviceBuffer<T>& buffer, int index) const { return buffer.data() + index * n_; }

  std::size_t n_;
  DeviceBuffer<T> initial_;       // x y z vx vy vz m, n each
  DeviceBuffer<T> state_;         // the same, advanced by run()
  DeviceBuffer<T> acceleration_;  // ax ay az
};
using Simulation = SimulationOf<double>;

}  // namespace speedlab::cuda::nbody
