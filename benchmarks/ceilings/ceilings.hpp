// The candidates speedlab_ceilings measures; cpu_ceilings.cpp runs them and
// prints every figure, the runner (runner/speedlab/ceilings.py) takes the best.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace speedlab::ceilings {

// One FMA-throughput microkernel, compiled for one vector width in its own
// translation unit (fma_kernel.cpp, once per width: see CMakeLists.txt).
struct FmaKernel {
  const char* name;   // "fma128", "fma256", "fma512", "mul_add128"
  int vector_bits;    // 128, 256, 512
  int chains;         // independent accumulator vectors, all in registers
  bool fused;         // FMA instructions (false: a multiply and an add, the CPU has no FMA)
  double (*run)(std::int64_t iterations);  // returns a value that depends on every FMA
};

// Every kernel that was compiled into this binary (registered at start-up).
std::vector<FmaKernel>& fma_kernels();

struct RegisterFmaKernel {
  explicit RegisterFmaKernel(const FmaKernel& kernel) { fma_kernels().push_back(kernel); }
};

// Best GFLOP/s of OpenBLAS cblas_dgemm on n×n matrices with `threads` BLAS
// threads, repeated for about `seconds` (the first call is a warm-up).
double dgemm_gflops(int threads, std::int64_t n, double seconds);

// How a STREAM candidate writes: through the cache, or with non-temporal stores.
enum class Stores { kOrdinary, kNonTemporal };

// Best GB/s of STREAM triad (a = b + s*c) or copy (c = a) over `trials`, on
// arrays of n doubles, with `threads` OpenMP threads over equal contiguous
// ranges. Bytes are counted as STREAM counts them -- triad 24 per element
// (read b and c, write a), copy 16 (read a, write c) -- whichever stores are
// used: ordinary stores also read the destination line first
// (write-allocate), which is moved but not counted, as in the manifest's
// counts for the kernels (benchmarks/workloads/stream_triad.toml).
struct StreamResult {
  double triad_gbps = 0.0;
  double copy_gbps = 0.0;
};
StreamResult stream(int threads, std::size_t n, int trials, Stores stores);

}  // namespace speedlab::ceilings
