#include "cuda/nbody.cuh"

namespace speedlab::cuda::nbody {
namespace {

namespace cpu = speedlab::nbody;
enum Column { kX, kY, kZ, kVx, kVy, kVz, kMass, kColumns };

unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + kThreadsPerBlock - 1) / kThreadsPerBlock); }

template <typename T>
__global__ void accelerations_naive(int n, const T* __restrict__ x, const T* __restrict__ y, const T* __restrict__ z,
                                    const T* __restrict__ m, T* __restrict__ ax, T* __restrict__ ay,
                                    T* __restrict__ az) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const T xi = x[i];
  const T yi = y[i];
  const T zi = z[i];
  T sx = 0;
  T sy = 0;
  T sz = 0;
  for (int j = 0; j < n; ++j) cpu::add_pair(xi, yi, zi, x[j], y[j], z[j], m[j], sx, sy, sz);
  ax[i] = sx;
  ay[i] = sy;
  az[i] = sz;
}

// blockDim.x must be kThreadsPerBlock: each thread loads one body of the tile.
template <typename T>
__global__ void accelerations_shared(int n, const T* __restrict__ x, const T* __restrict__ y, const T* __restrict__ z,
                                     const T* __restrict__ m, T* __restrict__ ax, T* __restrict__ ay,
                                     T* __restrict__ az) {
  __shared__ T tile_x[kThreadsPerBlock];
  __shared__ T tile_y[kThreadsPerBlock];
  __shared__ T tile_z[kThreadsPerBlock];
  __shared__ T tile_m[kThreadsPerBlock];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const bool owns_body = i < n;  // threads past n still help load tiles
  const T xi = owns_body ? x[i] : T(0);
  const T yi = owns_body ? y[i] : T(0);
  const T zi = owns_body ? z[i] : T(0);
  T sx = 0;
  T sy = 0;
  T sz = 0;
  for (int first = 0; first < n; first += kThreadsPerBlock) {
    const int j = first + threadIdx.x;
    if (j < n) {
      tile_x[threadIdx.x] = x[j];
      tile_y[threadIdx.x] = y[j];
      tile_z[threadIdx.x] = z[j];
      tile_m[threadIdx.x] = m[j];
    }
    __syncthreads();
    const int count = min(kThreadsPerBlock, n - first);
    for (int t = 0; t < count; ++t) cpu::add_pair(xi, yi, zi, tile_x[t], tile_y[t], tile_z[t], tile_m[t], sx, sy, sz);
    __syncthreads();  // the tile is overwritten next round
  }
  if (owns_body) {
    ax[i] = sx;
    ay[i] = sy;
    az[i] = sz;
  }
}

// v += dt/2 a, then (drift) x += dt v when `drift` is set.
template <typename T>
__global__ void kick_kernel(int n, T* __restrict__ state, const T* __restrict__ acceleration, bool drift) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  for (int axis = 0; axis < 3; ++axis) {
    T& v = state[(kVx + axis) * n + i];
    v += static_cast<T>(cpu::kHalfDt) * acceleration[axis * n + i];
    if (drift) state[(kX + axis) * n + i] += static_cast<T>(cpu::kDt) * v;
  }
}

}  // namespace

template <typename T>
SimulationOf<T>::SimulationOf(std::size_t n)
    : n_(n), initial_(kColumns * n), state_(kColumns * n), acceleration_(3 * n) {}

template <typename T>
void SimulationOf<T>::upload(const cpu::StateOf<T>& initial) {
  const std::vector<T>* columns[kColumns] = {&initial.x,  &initial.y,  &initial.z, &initial.vx,
                                             &initial.vy, &initial.vz, &initial.m};
  for (int c = 0; c < kColumns; ++c) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(column(initial_, c), columns[c]->data(), n_ * sizeof(T), cudaMemcpyHostToDevice));
  }
}

template <typename T>
void SimulationOf<T>::reset() {
  SPEEDLAB_CUDA_CHECK(
      cudaMemcpyAsync(state_.data(), initial_.data(), kColumns * n_ * sizeof(T), cudaMemcpyDeviceToDevice));
}

template <typename T>
void SimulationOf<T>::accelerations(Variant variant) {
  const int n = static_cast<int>(n_);
  auto* kernel = variant == Variant::kShared ? accelerations_shared<T> : accelerations_naive<T>;
  kernel<<<blocks_for(n_), kThreadsPerBlock>>>(n, column(state_, kX), column(state_, kY), column(state_, kZ),
                                               column(state_, kMass), column(acceleration_, 0),
                                               column(acceleration_, 1), column(acceleration_, 2));
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

template <typename T>
void SimulationOf<T>::run(int steps, Variant variant) {
  const int n = static_cast<int>(n_);
  accelerations(variant);
  for (int step = 0; step < steps; ++step) {
    kick_kernel<T><<<blocks_for(n_), kThreadsPerBlock>>>(n, state_.data(), acceleration_.data(), true);
    SPEEDLAB_CUDA_CHECK(cudaGetLastError());
    accelerations(variant);
    kick_kernel<T><<<blocks_for(n_), kThreadsPerBlock>>>(n, state_.data(), acceleration_.data(), false);
    SPEEDLAB_CUDA_CHECK(cudaGetLastError());
  }
}

template <typename T>
void SimulationOf<T>::download(cpu::StateOf<T>& out) const {
  std::vector<T>* columns[6] = {&out.x, &out.y, &out.z, &out.vx, &out.vy, &out.vz};
  for (int c = 0; c < 6; ++c) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(columns[c]->data(), column(state_, c), n_ * sizeof(T), cudaMemcpyDeviceToHost));
  }
}

template class SimulationOf<double>;
template class SimulationOf<float>;

}  // namespace speedlab::cuda::nbody
