// The transfer workload: cudaMemcpy of `bytes` bytes host -> device (h2d) or
// device -> host (d2h), from pageable host memory (std::vector: the driver
// stages it through its own pinned buffer, chunk by chunk) or pinned host
// memory (cudaMallocHost: the GPU's DMA engine reads or writes it directly).
// Timed with the host clock around the copy and a device synchronization:
// what a program waits for (a pageable copy may return before its DMA ends).
// After timing, whatever reached the destination is checked: d2h sums the
// host buffer; h2d copies the device buffer back (untimed) and sums that. The
// destination is filled with 0xFF bytes (NaN doubles) before the timed loop:
// a fresh cudaMalloc or cudaMallocHost may hold the last call's payload.
#include <cstring>
#include <memory>
#include <vector>

#include "cpp/transfer.hpp"
#include "cuda/cuda_check.cuh"
#include "cuda/gpu_timing.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

enum class Direction { kToDevice, kToHost };
enum class Memory { kPageable, kPinned };

// A host buffer of either kind.
class HostBuffer {
 public:
  HostBuffer(std::size_t bytes, Memory memory) : bytes_(bytes) {
    if (memory == Memory::kPinned) {
      SPEEDLAB_CUDA_CHECK(cudaMallocHost(&pinned_, bytes == 0 ? 1 : bytes));
    } else {
      pageable_.assign(bytes, 0);  // touched: the pages exist before timing
    }
  }
  ~HostBuffer() {
    if (pinned_ != nullptr) cudaFreeHost(pinned_);
  }
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  unsigned char* data() { return pinned_ != nullptr ? static_cast<unsigned char*>(pinned_) : pageable_.data(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t bytes_;
  void* pinned_ = nullptr;
  std::vector<unsigned char> pageable_;
};

void copy_body(benchmark::State& state, const Params& params, Direction direction, Memory memory) {
  const std::int64_t bytes = params.get("bytes", 1, transfer::kMaxBytes);
  const auto size = static_cast<std::size_t>(bytes);
  HostBuffer host(size, memory);
  cuda::DeviceBuffer<unsigned char> device(size);
  if (direction == Direction::kToDevice) {
    transfer::fill(host.data(), bytes, params.seed);
  } else {  // the payload starts on the device
    std::vector<unsigned char> payload(size);
    transfer::fill(payload.data(), bytes, params.seed);
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(device.data(), payload.data(), size, cudaMemcpyHostToDevice));
  }
  if (direction == Direction::kToDevice) {
    SPEEDLAB_CUDA_CHECK(cudaMemset(device.data(), 0xFF, size));
  } else {
    poison(host.data(), size);
  }
  for (auto _ : state) {
    if (direction == Direction::kToDevice) {
      SPEEDLAB_CUDA_CHECK(cudaMemcpy(device.data(), host.data(), size, cudaMemcpyHostToDevice));
    } else {
      SPEEDLAB_CUDA_CHECK(cudaMemcpy(host.data(), device.data(), size, cudaMemcpyDeviceToHost));
    }
    SPEEDLAB_CUDA_CHECK(cudaDeviceSynchronize());
    benchmark::DoNotOptimize(host.data());
  }
  std::vector<unsigned char> arrived(size);
  if (direction == Direction::kToDevice) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(arrived.data(), device.data(), size, cudaMemcpyDeviceToHost));
  } else {
    std::memcpy(arrived.data(), host.data(), size);
  }
  cuda::report_copy_bytes(state, direction == Direction::kToDevice ? bytes : 0,
                          direction == Direction::kToHost ? bytes : 0);
  const transfer::Checksums sums = transfer::checksums(arrived.data(), bytes);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

const Registration h2d_pageable{"transfer", "cuda.h2d_pageable", [](benchmark::State& state, const Params& params) {
                                  copy_body(state, params, Direction::kToDevice, Memory::kPageable);
                                }};
const Registration h2d_pinned{"transfer", "cuda.h2d_pinned", [](benchmark::State& state, const Params& params) {
                                copy_body(state, params, Direction::kToDevice, Memory::kPinned);
                              }};
const Registration d2h_pageable{"transfer", "cuda.d2h_pageable", [](benchmark::State& state, const Params& params) {
                                  copy_body(state, params, Direction::kToHost, Memory::kPageable);
                                }};
const Registration d2h_pinned{"transfer", "cuda.d2h_pinned", [](benchmark::State& state, const Params& params) {
                                copy_body(state, params, Direction::kToHost, Memory::kPinned);
                              }};

}  // namespace
}  // namespace speedlab
