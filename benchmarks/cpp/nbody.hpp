// N-body: all-pairs gravity with softening, k kick-drift-kick leapfrog steps.
// The definition (initial state from the shared generator, G = 1,
// eps^2 = 0.01, dt = 0.01, the order of every operation) is the one in
// python_baselines/workloads/nbody.py:
//   acceleration of i = sum over ALL j in index order (j == i adds 0) of
//     dx = x[j] - x[i] (dy, dz likewise); r2 = dx*dx + dy*dy + dz*dz + eps^2;
//     inv_r = 1 / sqrt(r2); s = m[j] * (inv_r * inv_r * inv_r); a += d * s
//   a = acc(x); k times: v += 0.005 a; x += 0.01 v; a = acc(x); v += 0.005 a
// 20 FLOPs per pair, n^2 pairs per acceleration, k + 1 accelerations.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpp/host_device.hpp"

namespace speedlab::nbody {

inline constexpr double kSoftening2 = 0.01;
inline constexpr double kDt = 0.01;
inline constexpr double kHalfDt = 0.005;
inline constexpr int kValuesPerBody = 7;  // generator values per body: x y z vx vy vz m

// Structure of arrays. The arrays are padded past `count` to a whole number of
// SIMD blocks (padding: zeros, so massless bodies that no loop visits as j).
struct State {
  std::size_t count = 0;
  std::vector<double> x, y, z, vx, vy, vz, m, ax, ay, az;
};

// What body j adds to body i's acceleration (ax, ay, az): the one definition
// of the pair arithmetic, compiled by g++ (cpp.naive) and nvcc (cuda.*).
SPEEDLAB_HOST_DEVICE inline void add_pair(double xi, double yi, double zi, double xj, double yj, double zj, double mj,
                                          double& ax, double& ay, double& az) {
  const double dx = xj - xi;
  const double dy = yj - yi;
  const double dz = zj - zi;
  const double r2 = dx * dx + dy * dy + dz * dz + kSoftening2;
  const double inv_r = 1.0 / sqrt(r2);
  const double s = mj * (inv_r * inv_r * inv_r);
  ax += dx * s;
  ay += dy * s;
  az += dz * s;
}

// Body i from generator values 7i .. 7i+6: position (u0, u1, u2), velocity
// ((u3 - 0.5) * 0.1, ...), mass (0.5 + u6) / n.
State initial_state(std::size_t n, std::uint64_t seed);

struct Checksums {
  double position = 0.0;  // sum over bodies of (x + y + z), in index order
  double velocity = 0.0;  // sum over bodies of (vx + vy + vz)
};
Checksums checksums(const State& state);

// ---- cpp.naive: an array of structs, the plain double loop.
struct Body {
  double x, y, z, vx, vy, vz, mass, ax, ay, az;
};
std::vector<Body> to_bodies(const State& state);
void simulate_naive(std::vector<Body>& bodies, int steps);
// The same on `count` bodies in caller-owned memory: python.cpp_ext passes a
// NumPy (n, 10) float64 array's buffer here, without a copy.
void simulate_naive(Body* bodies, std::size_t count, int steps);
Checksums checksums(const std::vector<Body>& bodies);

// ---- cpp.openmp: structure of arrays; blocks of kVectorsPerBlock SIMD
// vectors of bodies i accumulate over all j (x[j] broadcast), so each lane
// does exactly the scalar operations in the scalar order (the same bits as
// naive); OpenMP threads take the blocks.
void accelerations_simd(State& state, int threads);
void simulate_openmp(State& state, int steps, int threads);

}  // namespace speedlab::nbody
