// Sorting on the GPU with CUB's radix sort (cub::DeviceRadixSort::SortKeys: what thrust::sort runs for
// float64 keys with the default comparison). Called directly rather than through thrust::sort, which
// allocates and frees CUB's temporary storage inside every call -- inside the timed event window. Here
// the storage is allocated once, in the constructor. The CUB types live in sort.cu only: their headers
// take nvcc long per file and architecture, so the bench and test files do not include them.
#pragma once

#include <cstddef>

namespace speedlab::cuda::sort {

class RadixSort {
 public:
  // Allocates the device input and output (n doubles each) and CUB's temporary storage for n keys.
  explicit RadixSort(std::size_t n);
  ~RadixSort();
  RadixSort(const RadixSort&) = delete;
  RadixSort& operator=(const RadixSort&) = delete;

  // Copies an unsorted input from the host to the device input (synchronizes).
  void upload(const double* host);
  // On the device: sorts the input into the output; allocates nothing. Asynchronous (time it with events).
  void sort();
  // Copies the sorted output to the host (synchronizes).
  void download(double* host) const;

  std::size_t temporary_bytes() const { return temporary_bytes_; }

 private:
  std::size_t n_;
  double* input_ = nullptr;
  double* output_ = nullptr;
  void* temporary_ = nullptr;
  std::size_t temporary_bytes_ = 0;
};

}  // namespace speedlab::cuda::sort
