// The dataloader workload on the GPU (python_baselines/workloads/dataloader_data.py has the definition):
// the host reads each batch's sample files into a pinned buffer, the batch is copied to the device,
// decoded there (uint8 -> float32 / 255) and multiplied by the weights with cuBLAS SGEMM (the training step).
//   sync:    one stream; the host waits for each step before it reads the next batch (copy and step take turns)
//   overlap: two pinned buffers, a copy stream and a compute stream: batch k+1 is read and copied while
//            the GPU steps on batch k
// Per epoch the loader reports the GPU's step time (CUDA events around every decode + SGEMM) and the
// epoch's host-clock time; step idle share = 1 - step / epoch.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::dataloader {

inline constexpr std::uint64_t kWeightOffset = std::uint64_t{1} << 40;

struct Shape {
  std::int64_t batches, batch, features, outputs;
  std::int64_t samples() const { return batches * batch; }
  std::size_t batch_bytes() const { return static_cast<std::size_t>(batch * features); }
};

// Host side: the sample files (written here too when missing, the same bytes as Python's), reading them.
std::string ensure_samples(const std::string& data_dir, const Shape& shape, std::uint64_t seed);
void read_batch(const std::string& folder, const Shape& shape, std::int64_t index, unsigned char* out);
void drop_samples(const std::string& folder, const Shape& shape);
std::vector<float> weights(const Shape& shape, std::uint64_t seed);

struct EpochTimes {
  double step_s = 0.0;   // the GPU's decode + SGEMM time, summed over the batches (CUDA events)
  double epoch_s = 0.0;  // the whole epoch, host clock: reads, copies, steps, the outputs copied back
};

// Buffers, streams and events for one shape, made once (untimed) and reused by every epoch.
class Loader {
 public:
  Loader(const Shape& shape, const std::string& folder, const std::vector<float>& host_weights);
  ~Loader();
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;
  EpochTimes epoch(bool overlap, float* host_outputs);  // host_outputs: samples x outputs, row-major

 private:
  void step(std::int64_t index, int slot, cudaStream_t stream);
  Shape shape_;
  std::string folder_;
  unsigned char* pinned_[2] = {nullptr, nullptr};
  DeviceBuffer<unsigned char> raw0_, raw1_;
  DeviceBuffer<float> x_, w_, y_;
  cudaStream_t copy_{}, compute_{};
  cudaEvent_t copied_[2]{}, decoded_[2]{};
  std::vector<cudaEvent_t> start_, stop_;
  cublasHandle_t cublas_{};
};

}  // namespace speedlab::cuda::dataloader
