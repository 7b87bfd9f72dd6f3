#include "cuda/sort.cuh"

#include <thrust/sort.h>

namespace speedlab::cuda::sort {

ThrustSort::ThrustSort(std::size_t n) : n_(n), input_(n), work_(n) {}

void ThrustSort::upload(const double* host) {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(thrust::raw_pointer_cast(input_.data()), host, n_ * sizeof(double),
                                 cudaMemcpyHostToDevice));
}

void ThrustSort::sort_copy() {
  SPEEDLAB_CUDA_CHECK(cudaMemcpyAsync(thrust::raw_pointer_cast(work_.data()),
                                      thrust::raw_pointer_cast(input_.data()), n_ * sizeof(double),
                                      cudaMemcpyDeviceToDevice));
  thrust::sort(work_.begin(), work_.end());  // throws thrust::system_error (a std::runtime_error) on failure
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

void ThrustSort::download(double* host) const {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(host, thrust::raw_pointer_cast(work_.data()), n_ * sizeof(double),
                                 cudaMemcpyDeviceToHost));
}

}  // namespace speedlab::cuda::sort
