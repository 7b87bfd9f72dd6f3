// Small CUDA helpers shared by the CUDA kernels and benchmark bodies.
#pragma once

#include <cuda_runtime.h>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

#define SPEEDLAB_CUDA_CHECK(expr)                                                                   \
  do {                                                                                              \
    const cudaError_t speedlab_cuda_status = (expr);                                                \
    if (speedlab_cuda_status != cudaSuccess) {                                                      \
      throw std::runtime_error(std::string(#expr) + " failed: " + cudaGetErrorString(speedlab_cuda_status)); \
    }                                                                                               \
  } while (0)

namespace speedlab::cuda {

// Device memory owned for the lifetime of a scope.
template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t count) : count_(count) {
    SPEEDLAB_CUDA_CHECK(cudaMalloc(&data_, count * sizeof(T)));
  }
  ~DeviceBuffer() { cudaFree(data_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* data() const { return data_; }
  std::size_t size() const { return count_; }

 private:
  T* data_ = nullptr;
  std::size_t count_ = 0;
};

// Kernel time from CUDA events (what the GPU spent), in seconds.
class EventTimer {
 public:
  EventTimer() {
    SPEEDLAB_CUDA_CHECK(cudaEventCreate(&start_));
    SPEEDLAB_CUDA_CHECK(cudaEventCreate(&stop_));
  }
  ~EventTimer() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;
  void start(cudaStream_t stream = nullptr) { SPEEDLAB_CUDA_CHECK(cudaEventRecord(start_, stream)); }
  void stop(cudaStream_t stream = nullptr) { SPEEDLAB_CUDA_CHECK(cudaEventRecord(stop_, stream)); }
  double seconds() const {
    SPEEDLAB_CUDA_CHECK(cudaEventSynchronize(stop_));
    float milliseconds = 0.0f;
    SPEEDLAB_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, start_, stop_));
    return static_cast<double>(milliseconds) * 1e-3;
  }

 private:
  cudaEvent_t start_{};
  cudaEvent_t stop_{};
};

// Number of streaming multiprocessors of the current device (sizes grids).
inline int multiprocessor_count() {
  int device = 0;
  int count = 0;
  SPEEDLAB_CUDA_CHECK(cudaGetDevice(&device));
  SPEEDLAB_CUDA_CHECK(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, device));
  return count;
}

using HostClock = std::chrono::steady_clock;

inline double seconds_between(HostClock::time_point begin, HostClock::time_point end) {
  return std::chrono::duration<double>(end - begin).count();
}

}  // namespace speedlab::cuda
