#include "cpp/nbody.hpp"

#include <omp.h>

#include <cmath>

#include "cpp/simd.hpp"
#include "harness/prng.hpp"

namespace speedlab::nbody {
namespace {

using simd::kDoubleLanes;
using simd::VecDouble;

// Bodies i per block: several vectors, so that several divides and square
// roots are in flight and each x[j] load serves more lanes.
constexpr int kVectorsPerBlock = 2;
constexpr std::size_t kBlock = static_cast<std::size_t>(kDoubleLanes) * kVectorsPerBlock;

std::size_t padded(std::size_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

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

Checksums checksums(const State& state) {
  Checksums out;
  for (std::size_t i = 0; i < state.count; ++i) {
    out.position += state.x[i] + state.y[i] + state.z[i];
    out.velocity += state.vx[i] + state.vy[i] + state.vz[i];
  }
  return out;
}

// ------------------------------------------------------------------ naive (AoS)

std::vector<Body> to_bodies(const State& state) {
  std::vector<Body> bodies(state.count);
  for (std::size_t i = 0; i < state.count; ++i) {
    bodies[i] = {state.x[i], state.y[i], state.z[i], state.vx[i], state.vy[i], state.vz[i], state.m[i], 0, 0, 0};
  }
  return bodies;
}

namespace {

void accelerations_naive(Body* bodies, std::size_t count) {
  for (Body* bi = bodies; bi != bodies + count; ++bi) {
    double ax = 0.0;
    double ay = 0.0;
    double az = 0.0;
    for (const Body* bj = bodies; bj != bodies + count; ++bj) {
      add_pair(bi->x, bi->y, bi->z, bj->x, bj->y, bj->z, bj->mass, ax, ay, az);
    }
    bi->ax = ax;
    bi->ay = ay;
    bi->az = az;
  }
}

void kick(Body* bodies, std::size_t count) {
  for (Body* b = bodies; b != bodies + count; ++b) {
    b->vx += kHalfDt * b->ax;
    b->vy += kHalfDt * b->ay;
    b->vz += kHalfDt * b->az;
  }
}

}  // namespace

void simulate_naive(Body* bodies, std::size_t count, int steps) {
  accelerations_naive(bodies, count);
  for (int step = 0; step < steps; ++step) {
    kick(bodies, count);
    for (Body* b = bodies; b != bodies + count; ++b) {
      b->x += kDt * b->vx;
      b->y += kDt * b->vy;
      b->z += kDt * b->vz;
    }
    accelerations_naive(bodies, count);
    kick(bodies, count);
  }
}

void simulate_naive(std::vector<Body>& bodies, int steps) { simulate_naive(bodies.data(), bodies.size(), steps); }

Checksums checksums(const std::vector<Body>& bodies) {
  Checksums out;
  for (const Body& b : bodies) {
    out.position += b.x + b.y + b.z;
    out.velocity += b.vx + b.vy + b.vz;
  }
  return out;
}

// ------------------------------------------------------------------ SIMD + OpenMP (SoA)

void accelerations_simd(State& state, int threads) {
  const std::int64_t n = static_cast<std::int64_t>(state.count);
  const std::int64_t blocks = static_cast<std::int64_t>(padded(state.count) / kBlock);
  const double* x = state.x.data();
  const double* y = state.y.data();
  const double* z = state.z.data();
  const double* m = state.m.data();
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t block = 0; block < blocks; ++block) {
    const std::size_t first = static_cast<std::size_t>(block) * kBlock;
    VecDouble xi[kVectorsPerBlock], yi[kVectorsPerBlock], zi[kVectorsPerBlock];
    VecDouble ax[kVectorsPerBlock] = {}, ay[kVectorsPerBlock] = {}, az[kVectorsPerBlock] = {};
    for (int v = 0; v < kVectorsPerBlock; ++v) {
      xi[v] = simd::load(x + first + v * kDoubleLanes);
      yi[v] = simd::load(y + first + v * kDoubleLanes);
      zi[v] = simd::load(z + first + v * kDoubleLanes);
    }
    for (std::int64_t j = 0; j < n; ++j) {
      for (int v = 0; v < kVectorsPerBlock; ++v) {
        const VecDouble dx = x[j] - xi[v];
        const VecDouble dy = y[j] - yi[v];
        const VecDouble dz = z[j] - zi[v];
        const VecDouble r2 = dx * dx + dy * dy + dz * dz + kSoftening2;
        const VecDouble inv_r = 1.0 / simd::sqrt(r2);
        const VecDouble s = m[j] * (inv_r * inv_r * inv_r);
        ax[v] += dx * s;
        ay[v] += dy * s;
        az[v] += dz * s;
      }
    }
    for (int v = 0; v < kVectorsPerBlock; ++v) {
      simd::store(state.ax.data() + first + v * kDoubleLanes, ax[v]);
      simd::store(state.ay.data() + first + v * kDoubleLanes, ay[v]);
      simd::store(state.az.data() + first + v * kDoubleLanes, az[v]);
    }
  }
}

namespace {

void kick(State& s) {
  for (std::size_t i = 0; i < s.count; ++i) {
    s.vx[i] += kHalfDt * s.ax[i];
    s.vy[i] += kHalfDt * s.ay[i];
    s.vz[i] += kHalfDt * s.az[i];
  }
}

}  // namespace

void simulate_openmp(State& state, int steps, int threads) {
  accelerations_simd(state, threads);
  for (int step = 0; step < steps; ++step) {
    kick(state);
    for (std::size_t i = 0; i < state.count; ++i) {
      state.x[i] += kDt * state.vx[i];
      state.y[i] += kDt * state.vy[i];
      state.z[i] += kDt * state.vz[i];
    }
    accelerations_simd(state, threads);
    kick(state);
  }
}

}  // namespace speedlab::nbody
