// Sorting on the GPU with thrust::sort (for float64 keys with the default
// comparison, Thrust dispatches to CUB's radix sort).
#pragma once

#include <thrust/device_vector.h>

#include <cstddef>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::sort {

class ThrustSort {
 public:
  explicit ThrustSort(std::size_t n);
  // Copies the unsorted input from the host to the device (synchronizes).
  void upload(const double* host);
  // On the device: copies the input into the work vector and sorts it (as
  // every CPU impl sorts a fresh copy). Asynchronous copy; thrust::sort
  // itself returns when the sort is done.
  void sort_copy();
  // Copies the sorted work vector to the host (synchronizes).
  void download(double* host) const;

 private:
  std::size_t n_;
  thrust::device_vector<double> input_;
  thrust::device_vector<double> work_;
};

}  // namespace speedlab::cuda::sort
