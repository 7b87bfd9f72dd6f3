#include "cpp/nbody.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "cpp/checksum.hpp"
#include "cpp/simd.hpp"
#include "harness/prng.hpp"

namespace speedlab::nbody {
namespace {

// Bodies i per block: several vectors, so that several divides and square
// roots are in flight and each x[j] load serves more lanes.
constexpr int kVectorsPerBlock = 2;
template <typename T>
constexpr std::size_t kBlock = static_cast<std::size_t>(simd::kLanes<T>) * kVectorsPerBlock;

// Arrays are padded for the larger block (float's), so either type's SIMD loop fits.
std::size_t padded(std::size_t n) {
  constexpr std::size_t block = std::max(kBlock<double>, kBlock<float>);
  return (n + block - 1) / block * block;
}

}  // namespace

State initial_state(std::size_t n, std::uint64_t seed) {
  const std::vector<double> u = uniform_vector(kValuesPerBody * n, seed);
  State s;
  s.count = n;
  for (auto* column : {&s.x, &s.y, &s.z, &s.vx, &s.vy, &s.vz, &s.m, &s.ax, &s.ay, &s.az}) {
    column->assign(padded(n), 0.0);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double* b = &u[kValuesPerBody * i];
    s.x[i] = b[0];
    s.y[i] = b[1];
    s.z[i] = b[2];
    s.vx[i] = (b[3] - 0.5) * 0.1;
    s.vy[i] = (b[4] - 0.5) * 0.1;
    s.vz[i] = (b[5] - 0.5) * 0.1;
    s.m[i] = (0.5 + b[6]) / static_cast<double>(n);
  }
  return s;
}

// Sums in double of each body's values widened to double (as Python sums a float32 run's values).
template <typename T>
Checksums checksums(const StateOf<T>& state) {
  Checksums out;
  for (std::size_t i = 0; i < state.count; ++i) {
    out.position += static_cast<double>(state.x[i]) + static_cast<double>(state.y[i]) + static_cast<double>(state.z[i]);
    out.velocity +=
        static_cast<double>(state.vx[i]) + static_cast<double>(state.vy[i]) + static_cast<double>(state.vz[i]);
  }
  const std::vector<T>* columns[] = {&state.x, &state.y, &state.z, &state.vx, &state.vy, &state.vz};
  out.weighted = checksum::weighted_sum_2d(static_cast<std::int64_t>(state.count), 6,
                                           [&](std::int64_t i, std::int64_t c) { return (*columns[c])[i]; });
  return out;
}

template <typename T>
std::vector<double> phase_space(const StateOf<T>& state) {
  std::vector<double> out;
  out.reserve(6 * state.count);
  for (const auto* column : {&state.x, &state.y, &state.z, &state.vx, &state.vy, &state.vz}) {
    out.insert(out.end(), column->begin(), column->begin() + static_cast<std::ptrdiff_t>(state.count));
  }
  return out;
}

// ------------------------------------------------------------------ naive (AoS)

template <typename T>
std::vector<BodyOf<T>> to_bodies(const StateOf<T>& state) {
  std::vector<BodyOf<T>> bodies(state.count);
  for (std::size_t i = 0; i < state.count; ++i) {
    bodies[i] = {state.x[i], state.y[i], state.z[i], state.vx[i], state.vy[i], state.vz[i], state.m[i], 0, 0, 0};
  }
  return bodies;
}

namespace {

template <typename T>
void accelerations_naive(BodyOf<T>* bodies, std::size_t count) {
  for (BodyOf<T>* bi = bodies; bi != bodies + count; ++bi) {
    T ax = 0;
    T ay = 0;
    T az = 0;
    for (const BodyOf<T>* bj = bodies; bj != bodies + count; ++bj) {
      add_pair(bi->x, bi->y, bi->z, bj->x, bj->y, bj->z, bj->mass, ax, ay, az);
    }
    bi->ax = ax;
    bi->ay = ay;
    bi->az = az;
  }
}

template <typename T>
void kick(BodyOf<T>* bodies, std::size_t count) {
  const T half_dt = static_cast<T>(kHalfDt);
  for (BodyOf<T>* b = bodies; b != bodies + count; ++b) {
    b->vx += half_dt * b->ax;
    b->vy += half_dt * b->ay;
    b->vz += half_dt * b->az;
  }
}

}  // namespace

template <typename T>
void simulate_naive(BodyOf<T>* bodies, std::size_t count, int steps) {
  const T dt = static_cast<T>(kDt);
  accelerations_naive(bodies, count);
  for (int step = 0; step < steps; ++step) {
    kick(bodies, count);
    for (BodyOf<T>* b = bodies; b != bodies + count; ++b) {
      b->x += dt * b->vx;
      b->y += dt * b->vy;
      b->z += dt * b->vz;
    }
    accelerations_naive(bodies, count);
    kick(bodies, count);
  }
}

template <typename T>
Checksums checksums(const std::vector<BodyOf<T>>& bodies) {
  Checksums out;
  for (const BodyOf<T>& b : bodies) {
    out.position += static_cast<double>(b.x) + static_cast<double>(b.y) + static_cast<double>(b.z);
    out.velocity += static_cast<double>(b.vx) + static_cast<double>(b.vy) + static_cast<double>(b.vz);
  }
  out.weighted = checksum::weighted_sum_2d(static_cast<std::int64_t>(bodies.size()), 6, [&](std::int64_t i,
                                                                                           std::int64_t c) {
    const BodyOf<T>& b = bodies[static_cast<std::size_t>(i)];
    const T values[] = {b.x, b.y, b.z, b.vx, b.vy, b.vz};
    return values[c];
  });
  return out;
}

template <typename T>
std::vector<double> phase_space(const std::vector<BodyOf<T>>& bodies) {
  std::vector<double> out(6 * bodies.size());
  const std::size_t n = bodies.size();
  for (std::size_t i = 0; i < n; ++i) {
    const BodyOf<T>& b = bodies[i];
    const T values[6] = {b.x, b.y, b.z, b.vx, b.vy, b.vz};
    for (std::size_t c = 0; c < 6; ++c) out[c * n + i] = static_cast<double>(values[c]);
  }
  return out;
}

// ------------------------------------------------------------------ SIMD + OpenMP (SoA)

template <typename T>
void accelerations_simd(StateOf<T>& state, int threads) {
  using Vec = simd::Vec<T>;
  constexpr int kLanes = simd::kLanes<T>;
  const std::int64_t n = static_cast<std::int64_t>(state.count);
  const std::int64_t blocks = static_cast<std::int64_t>((state.count + kBlock<T> - 1) / kBlock<T>);
  const T softening2 = static_cast<T>(kSoftening2);
  const T* x = state.x.data();
  const T* y = state.y.data();
  const T* z = state.z.data();
  const T* m = state.m.data();
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t block = 0; block < blocks; ++block) {
    const std::size_t first = static_cast<std::size_t>(block) * kBlock<T>;
    Vec xi[kVectorsPerBlock], yi[kVectorsPerBlock], zi[kVectorsPerBlock];
    Vec ax[kVectorsPerBlock] = {}, ay[kVectorsPerBlock] = {}, az[kVectorsPerBlock] = {};
    for (int v = 0; v < kVectorsPerBlock; ++v) {
      xi[v] = simd::load(x + first + v * kLanes);
      yi[v] = simd::load(y + first + v * kLanes);
      zi[v] = simd::load(z + first + v * kLanes);
    }
    for (std::int64_t j = 0; j < n; ++j) {
      for (int v = 0; v < kVectorsPerBlock; ++v) {
        const Vec dx = x[j] - xi[v];
        const Vec dy = y[j] - yi[v];
        const Vec dz = z[j] - zi[v];
        const Vec r2 = dx * dx + dy * dy + dz * dz + softening2;
        const Vec inv_r = T(1) / simd::sqrt(r2);
        const Vec s = m[j] * (inv_r * inv_r * inv_r);
        ax[v] += dx * s;
        ay[v] += dy * s;
        az[v] += dz * s;
      }
    }
    for (int v = 0; v < kVectorsPerBlock; ++v) {
      simd::store(state.ax.data() + first + v * kLanes, ax[v]);
      simd::store(state.ay.data() + first + v * kLanes, ay[v]);
      simd::store(state.az.data() + first + v * kLanes, az[v]);
    }
  }
}

namespace {

template <typename T>
void kick(StateOf<T>& s) {
  const T half_dt = static_cast<T>(kHalfDt);
  for (std::size_t i = 0; i < s.count; ++i) {
    s.vx[i] += half_dt * s.ax[i];
    s.vy[i] += half_dt * s.ay[i];
    s.vz[i] += half_dt * s.az[i];
  }
}

}  // namespace

template <typename T>
void simulate_openmp(StateOf<T>& state, int steps, int threads) {
  const T dt = static_cast<T>(kDt);
  accelerations_simd(state, threads);
  for (int step = 0; step < steps; ++step) {
    kick(state);
    for (std::size_t i = 0; i < state.count; ++i) {
      state.x[i] += dt * state.vx[i];
      state.y[i] += dt * state.vy[i];
      state.z[i] += dt * state.vz[i];
    }
    accelerations_simd(state, threads);
    kick(state);
  }
}

// The two precisions every caller uses.
#define SPEEDLAB_NBODY_INSTANTIATE(T)                                             \
  template Checksums checksums<T>(const StateOf<T>&);                             \
  template std::vector<double> phase_space<T>(const StateOf<T>&);                 \
  template std::vector<BodyOf<T>> to_bodies<T>(const StateOf<T>&);                \
  template void simulate_naive<T>(BodyOf<T>*, std::size_t, int);                 \
  template Checksums checksums<T>(const std::vector<BodyOf<T>>&);                 \
  template std::vector<double> phase_space<T>(const std::vector<BodyOf<T>>&);     \
  template void accelerations_simd<T>(StateOf<T>&, int);                          \
  template void simulate_openmp<T>(StateOf<T>&, int, int);
SPEEDLAB_NBODY_INSTANTIATE(double)
SPEEDLAB_NBODY_INSTANTIATE(float)
#undef SPEEDLAB_NBODY_INSTANTIATE

}  // namespace speedlab::nbody
