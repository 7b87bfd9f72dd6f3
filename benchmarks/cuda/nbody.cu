#include "cuda/nbody.cuh"

namespace speedlab::cuda::nbody {
namespace {

namespace cpu = speedlab::nbody;
enum Column { kX, kY, kZ, kVx, kVy, kVz, kMass, kColumns };

unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + kThreadsPerBlock - 1) / kThreadsPerBlock); }

__global__ void accelerations_naive(int n, const double* __restrict__ x, const double* __restrict__ y,
                                    const double* __restrict__ z, const double* __restrict__ m,
                                    double* __restrict__ ax, double* __restrict__ ay, double* __restrict__ az) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double xi = x[i];
  const double yi = y[i];
  const double zi = z[i];
  double sx = 0.0;
  double sy = 0.0;
  double sz = 0.0;
  for (int j = 0; j < n; ++j) cpu::add_pair(xi, yi, zi, x[j], y[j], z[j], m[j], sx, sy, sz);
  ax[i] = sx;
  ay[i] = sy;
  az[i] = sz;
}

// blockDim.x must be kThreadsPerBlock: each thread loads one body of the tile.
__global__ void accelerations_shared(int n, const double* __restrict__ x, const double* __restrict__ y,
                                     const double* __restrict__ z, const double* __restrict__ m,
                                     double* __restrict__ ax, double* __restrict__ ay, double* __restrict__ az) {
  __shared__ double tile_x[kThreadsPerBlock];
  __shared__ double tile_y[kThreadsPerBlock];
  __shared__ double tile_z[kThreadsPerBlock];
  __shared__ double tile_m[kThreadsPerBlock];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const bool owns_body = i < n;  // threads past n still help load tiles
  const double xi = owns_body ? x[i] : 0.0;
  const double yi = owns_body ? y[i] : 0.0;
  const double zi = owns_body ? z[i] : 0.0;
  double sx = 0.0;
  double sy = 0.0;
  double sz = 0.0;
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
__global__ void kick_kernel(int n, double* __restrict__ state, const double* __restrict__ acceleration, bool drift) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  for (int axis = 0; axis < 3; ++axis) {
    double& v = state[(kVx + axis) * n + i];
    v += cpu::kHalfDt * acceleration[axis * n + i];
    if (drift) state[(kX + axis) * n + i] += cpu::kDt * v;
  }
}

}  // namespace

Simulation::Simulation(std::size_t n)
    : n_(n), initial_(kColumns * n), state_(kColumns * n), acceleration_(3 * n) {}

void Simulation::upload(const cpu::State& initial) {
  const std::vector<double>* columns[kColumns] = {&initial.x,  &initial.y,  &initial.z, &initial.vx,
                                                  &initial.vy, &initial.vz, &initial.m};
  for (int c = 0; c < kColumns; ++c) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(column(initial_, c), columns[c]->data(), n_ * sizeof(double),
                                   cudaMemcpyHostToDevice));
  }
}

void Simulation::reset() {
  SPEEDLAB_CUDA_CHECK(cudaMemcpyAsync(state_.data(), initial_.data(), kColumns * n_ * sizeof(double),
                                      cudaMemcpyDeviceToDevice));
}

void Simulation::accelerations(Variant variant) {
  const int n = static_cast<int>(n_);
  auto* kernel = variant == Variant::kShared ? accelerations_shared : accelerations_naive;
  kernel<<<blocks_for(n_), kThreadsPerBlock>>>(n, column(state_, kX), column(state_, kY), column(state_, kZ),
                                               column(state_, kMass), column(acceleration_, 0),
                                               column(acceleration_, 1), column(acceleration_, 2));
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
}

void Simulation::run(int steps, Variant variant) {
  const int n = static_cast<int>(n_);
  accelerations(variant);
  for (int step = 0; step < steps; ++step) {
    kick_kernel<<<blocks_for(n_), kThreadsPerBlock>>>(n, state_.data(), acceleration_.data(), true);
    SPEEDLAB_CUDA_CHECK(cudaGetLastError());
    accelerations(variant);
    kick_kernel<<<blocks_for(n_), kThreadsPerBlock>>>(n, state_.data(), acceleration_.data(), false);
    SPEEDLAB_CUDA_CHECK(cudaGetLastError());
  }
}

void Simulation::download(cpu::State& out) const {
  std::vector<double>* columns[6] = {&out.x, &out.y, &out.z, &out.vx, &out.vy, &out.vz};
  for (int c = 0; c < 6; ++c) {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(columns[c]->data(), column(state_, c), n_ * sizeof(double),
                                   cudaMemcpyDeviceToHost));
  }
}

}  // namespace speedlab::cuda::nbody
