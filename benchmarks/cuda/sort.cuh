// Sorting on the GPU with thrust::sort on a device_vector (for float64 keys
// with the default comparison, Thrust dispatches to CUB's radix sort). The
// Thrust types live in sort.cu only: Thrust's headers take nvcc tens of
// seconds per file and architecture, so the bench and test files do not
// include them.
#pragma once

#include <cstddef>
#include <memory>

namespace speedlab::cuda::sort {

class ThrustSort {
 public:
  explicit ThrustSort(std::size_t n);
  ~ThrustSort();
  ThrustSort(const ThrustSort&) = delete;
  ThrustSort& operator=(const ThrustSort&) = delete;

  // Copies the unsorted input from the host to the device (synchronizes).
  void upload(const double* host);
  // On the device: copies the input into the work vector and sorts it (as
  // every CPU impl sorts a fresh copy). thrust::sort returns when the sort is done.
  void sort_copy();
  // Copies the sorted work vector to the host (synchronizes).
  void download(double* host) const;

 private:
  struct Vectors;  // the input and work thrust::device_vector<double>
  std::size_t n_;
  std::unique_ptr<Vectors> vectors_;
};

}  // namespace speedlab::cuda::sort
