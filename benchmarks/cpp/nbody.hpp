// N-body: all-pairs gravity with softening, k kick-drift-kick leapfrog steps.
// The definition (initial state from the shared generator, G = 1,
// eps^2 = 0.01, dt = 0.01, the order of every operation) is the one in
// python_baselines/workloads/nbody.py:
//   acceleration of i = sum over ALL j in index order (j == i adds 0) of
//     dx = x[j] - x[i] (dy, dz likewise); r2 = dx*dx + dy*dy + dz*dz + eps^2;
//     inv_r = 1 / sqrt(r2); s = m[j] * (inv_r * inv_r * inv_r); a += d * s
//   a = acc(x); k times: v += 0.005 a; x += 0.01 v; a = acc(x); v += 0.005 a
// 20 FLOPs per pair, n^2 pairs per acceleration, k + 1 accelerations. Every
// kernel is a template over double and (dtype = float32) float.
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

// Structure of arrays of T (double; float for dtype = float32). The arrays are
// padded past `count` to a whole number of SIMD blocks of either type
// (padding: zeros, so massless bodies that no loop visits as j).
template <typename T>
struct StateOf {
  std::size_t count = 0;
  std::vector<T> x, y, z, vx, vy, vz, m, ax, ay, az;
};
using State = StateOf<double>;

// sqrt of the pair's type: g++ (host) and nvcc (device) both have sqrt and sqrtf.
SPEEDLAB_HOST_DEVICE inline double root(double value) { return sqrt(value); }
SPEEDLAB_HOST_DEVICE inline float root(float value) { return sqrtf(value); }

// What body j adds to body i's acceleration (ax, ay, az): the one definition
// of the pair arithmetic, compiled by g++ (cpp.naive) and nvcc (cuda.*), in
// double or (dtype = float32) in float, constants rounded to float once.
template <typename T>
SPEEDLAB_HOST_DEVICE inline void add_pair(T xi, T yi, T zi, T xj, T yj, T zj, T mj, T& ax, T& ay, T& az) {
  const T dx = xj - xi;
  const T dy = yj - yi;
  const T dz = zj - zi;
  const T r2 = dx * dx + dy * dy + dz * dz + static_cast<T>(kSoftening2);
  const T inv_r = T(1) / root(r2);
  const T s = mj * (inv_r * inv_r * inv_r);
  ax += dx * s;
  ay += dy * s;
  az += dz * s;
}

// Body i from generator values 7i .. 7i+6: position (u0, u1, u2), velocity
// ((u3 - 0.5) * 0.1, ...), mass (0.5 + u6) / n.
State initial_state(std::size_t n, std::uint64_t seed);

// The float64 state rounded to T once (the float32 impls' initial state).
template <typename T>
StateOf<T> converted(const State& state) {
  StateOf<T> out;
  out.count = state.count;
  const std::vector<double>* from[] = {&state.x,  &state.y, &state.z,  &state.vx, &state.vy,
                                       &state.vz, &state.m, &state.ax, &state.ay, &state.az};
  std::vector<T>* to[] = {&out.x, &out.y, &out.z, &out.vx, &out.vy, &out.vz, &out.m, &out.ax, &out.ay, &out.az};
  for (int c = 0; c < 10; ++c) to[c]->assign(from[c]->begin(), from[c]->end());
  return out;
}

struct Checksums {
  double position = 0.0;  // sum over bodies of (x + y + z), in index order, in double
  double velocity = 0.0;  // sum over bodies of (vx + vy + vz)
  // The position-weighted sum of the n x 6 table, row i = (x, y, z, vx, vy, vz) of body i
  // (checksum::weighted_sum_2d): a permuted body or two swapped coordinates change it.
  double weighted = 0.0;
};
template <typename T>
Checksums checksums(const StateOf<T>& state);

// The final positions and velocities as 6n doubles (x.., y.., z.., vx.., vy.., vz..):
// what output_rel_error compares between a float32 run and the float64 one.
template <typename T>
std::vector<double> phase_space(const StateOf<T>& state);

// ---- cpp.naive: an array of structs, the plain double loop.
template <typename T>
struct BodyOf {
  T x, y, z, vx, vy, vz, mass, ax, ay, az;
};
using Body = BodyOf<double>;
template <typename T>
std::vector<BodyOf<T>> to_bodies(const StateOf<T>& state);
// The simulation on `count` bodies in caller-owned memory: python.cpp_ext passes a
// NumPy (n, 10) float64 array's buffer here, without a copy.
template <typename T>
void simulate_naive(BodyOf<T>* bodies, std::size_t count, int steps);
template <typename T>
void simulate_naive(std::vector<BodyOf<T>>& bodies, int steps) {
  simulate_naive(bodies.data(), bodies.size(), steps);
}
template <typename T>
Checksums checksums(const std::vector<BodyOf<T>>& bodies);
template <typename T>
std::vector<double> phase_space(const std::vector<BodyOf<T>>& bodies);

// ---- cpp.openmp: structure of arrays; blocks of kVectorsPerBlock SIMD
// vectors of bodies i accumulate over all j (x[j] broadcast), so each lane
// does exactly the scalar operations in the scalar order (the same bits as
// naive); OpenMP threads take the blocks. A float vector holds twice the lanes.
template <typename T>
void accelerations_simd(StateOf<T>& state, int threads);
template <typename T>
void simulate_openmp(StateOf<T>& state, int steps, int threads);

}  // namespace speedlab::nbody
