#include "cuda/sort.cuh"

#include <cub/device/device_radix_sort.cuh>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::sort {

namespace {

// n <= 2^28 (the workload's limit) fits CUB's int item count.
int items(std::size_t n) { return static_cast<int>(n); }

}  // namespace

RadixSort::RadixSort(std::size_t n) : n_(n) {
  try {
    SPEEDLAB_CUDA_CHECK(cudaMalloc(&input_, n * sizeof(double)));
    SPEEDLAB_CUDA_CHECK(cudaMalloc(&output_, n * sizeof(double)));
    // With no storage, CUB only reports how much it needs.
    SPEEDLAB_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(nullptr, temporary_bytes_, input_, output_, items(n)));
    SPEEDLAB_CUDA_CHECK(cudaMalloc(&temporary_, temporary_bytes_ > 0 ? temporary_bytes_ : 1));
  } catch (...) {
    cudaFree(temporary_);
    cudaFree(output_);
    cudaFree(input_);
    throw;
  }
}

RadixSort::~RadixSort() {
  cudaFree(temporary_);
  cudaFree(output_);
  cudaFree(input_);
}

void RadixSort::upload(const double* host) {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(input_, host, n_ * sizeof(double), cudaMemcpyHostToDevice));
}

void RadixSort::sort() {
  std::size_t bytes = temporary_bytes_;
  SPEEDLAB_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(temporary_, bytes, input_, output_, items(n_)));
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

void RadixSort::download(double* host) const {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(host, output_, n_ * sizeof(double), cudaMemcpyDeviceToHost));
}

}  // namespace speedlab::cuda::sort
