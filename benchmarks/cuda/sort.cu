#include "cuda/sort.cuh"

#include <thrust/device_vector.h>
#include <thrust/sort.h>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda::sort {

struct ThrustSort::Vectors {
  explicit Vectors(std::size_t n) : input(n), work(n) {}
  thrust::device_vector<double> input;
  thrust::device_vector<double> work;
};

ThrustSort::ThrustSort(std::size_t n) : n_(n), vectors_(std::make_unique<Vectors>(n)) {}

ThrustSort::~ThrustSort() = default;

void ThrustSort::upload(const double* host) {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(thrust::raw_pointer_cast(vectors_->input.data()), host, n_ * sizeof(double),
                                 cudaMemcpyHostToDevice));
}

void ThrustSort::sort_copy() {
  SPEEDLAB_CUDA_CHECK(cudaMemcpyAsync(thrust::raw_pointer_cast(vectors_->work.data()),
                                      thrust::raw_pointer_cast(vectors_->input.data()), n_ * sizeof(double),
                                      cudaMemcpyDeviceToDevice));
  thrust::sort(vectors_->work.begin(), vectors_->work.end());  // throws thrust::system_error (a std::runtime_error)
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

void ThrustSort::download(double* host) const {
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(host, thrust::raw_pointer_cast(vectors_->work.data()), n_ * sizeof(double),
                                 cudaMemcpyDeviceToHost));
}

}  // namespace speedlab::cuda::sort
