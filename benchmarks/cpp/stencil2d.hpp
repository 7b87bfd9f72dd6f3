// 2-D Jacobi heat diffusion: a 5-point stencil over an n×n grid, k sweeps,
// fixed boundary. Each sweep sets every interior point to the mean of its four
// neighbours in the previous grid:
//   out[i][j] = 0.25 * (((in[i-1][j] + in[i+1][j]) + in[i][j-1]) + in[i][j+1])
// in exactly this order in every language, so every impl produces the same
// grid bit for bit (0.25 is exact; there is no multiply-add to contract) and
// checksums differ only in how the final sum is added up.
// 4·(n-2)^2·k FLOPs; at least 16·n^2·k bytes (each sweep reads and writes a grid).
//
// A run never modifies its initial grid: sweep 1 reads it and writes work
// grid A, later sweeps alternate A -> B -> A ... So every timed iteration
// starts from the same state without a copy. Both work grids carry the
// boundary (copied once, untimed); sweeps write only interior points.
#pragma once

#include <cstdint>
#include <vector>

#include "cpp/host_device.hpp"
#include "cpp/streaming.hpp"

namespace speedlab::stencil2d {

inline constexpr std::int64_t kMinN = 3;  // at least one interior point
inline constexpr std::int64_t kMaxN = 65536;
inline constexpr std::int64_t kMaxSweeps = 1000000;

// The new value of an interior point from its four neighbours, in the order
// every impl adds them (C++ scalar and vector code, CUDA: this one definition;
// Python and Java write the same expression).
template <typename T>
SPEEDLAB_HOST_DEVICE inline T jacobi_point(T up, T down, T left, T right) {
  return 0.25 * (up + down + left + right);
}

// The initial grid from the shared generator (element (i, j) at offset i*n + j)
// and two work grids holding copies of it.
struct Grids {
  std::vector<double> initial;
  std::vector<double> work_a;
  std::vector<double> work_b;
};
Grids make_grids(std::int64_t n, std::uint64_t seed);

// The checksums: the sum of the final grid (matrix::sum) and its position-weighted
// sum (checksum::weighted_sum_2d).
struct Checksums {
  double sum;
  double weighted;
};
Checksums checksums(const double* grid, std::int64_t n);

// k sweeps with plain loops over rows and columns; returns the grid holding
// the result (work_a when k is odd, work_b when even).
const double* naive(const double* initial, double* work_a, double* work_b, std::int64_t n, std::int64_t sweeps);

// The same sweeps, rows split over OpenMP threads (one parallel region for all
// sweeps, a barrier between sweeps), the inner loop explicitly vectorized,
// and streaming stores when two grids exceed the last-level cache (each
// sweep's output then goes to memory anyway: 16 bytes of traffic per point
// instead of 24).
const double* openmp(const double* initial, double* work_a, double* work_b, std::int64_t n, std::int64_t sweeps,
                     int threads);

// The stores openmp() uses for an n×n grid on `threads` threads: streaming when
// two grids exceed the last-level cache those threads share (sizes from sysfs).
streaming::Stores stores_for(std::int64_t n, int threads);

// openmp() with the stores chosen by the caller (the tests use both).
const double* openmp_with(const double* initial, double* work_a, double* work_b, std::int64_t n,
                          std::int64_t sweeps, int threads, streaming::Stores stores);

}  // namespace speedlab::stencil2d
