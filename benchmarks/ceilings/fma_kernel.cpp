// One FMA-throughput microkernel, compiled once per vector width
// (SPEEDLAB_FMA_BITS = 128, 256, 512) with that width's target flags
// (CMakeLists.txt: -march=x86-64-v3 for 128 and 256, -march=x86-64-v4 for 512,
// -march=x86-64 for the no-FMA mul_add128; -ffp-contract=fast so that
// `acc * mul + add` is one FMA). The runner chooses at run time which of them
// this CPU can execute (cpu_ceilings.cpp, hardware::cpu_vectors()).
//
// Independent chains: at least latency (4 cycles) x FMA pipes (2; 4 on some
// ARM cores) in flight, and no more than fit in registers with the two
// constants: 16 vector registers without AVX-512 (so 12 chains), 32 with
// AVX-512 or on AArch64 (so 24). A chain that lived in memory would measure
// store-to-load forwarding, not the FMA units.
//
// Evidence (objdump -d --no-show-raw-insn build/bin/speedlab_ceilings, g++
// 12.2 -O3, the loop of each chains()): register-to-register arithmetic and
// the loop counter only, no memory operand --
//   fma128      12 x vfmadd132pd %xmm1,%xmm0,%xmmN   (N = 2..13), add, cmp, jne
//   fma256      12 x vfmadd132pd %ymm1,%ymm0,%ymmN   (N = 2..13), add, cmp, jne
//   fma512      24 x vfmadd132pd %zmm1,%zmm0,%zmmN   (24 of zmm3..zmm28), add, cmp, jne
//   mul_add128  12 x mulpd %xmm14,%xmmN + 12 x addpd %xmm1,%xmmN, add, cmp, jne
// (%xmm1/%xmm0 etc. hold mul and add). Re-check after changing this file or
// the compiler: disassemble and count the vfmadd in the loop of each chains().
#include <cstdint>

#include "ceilings/ceilings.hpp"

#ifndef SPEEDLAB_FMA_BITS
#error "compile fma_kernel.cpp with -DSPEEDLAB_FMA_BITS=128, 256 or 512"
#endif
#ifndef SPEEDLAB_FMA_NAME
#error "compile fma_kernel.cpp with -DSPEEDLAB_FMA_NAME=\"fma256\" (the candidate's name)"
#endif

namespace speedlab::ceilings {
namespace {

constexpr int kBits = SPEEDLAB_FMA_BITS;
#if defined(__AVX512F__) || defined(__aarch64__)
constexpr int kChains = 24;
#else
constexpr int kChains = 12;
#endif
#if defined(__FMA__) || defined(__aarch64__)
constexpr bool kFused = true;
#else
constexpr bool kFused = false;
#endif

using Vec = double __attribute__((vector_size(kBits / 8)));

// The starting values come through a volatile so that the compiler cannot
// evaluate a chain: it did, for a chain starting at exactly 1.0 (the fixed
// point of x*0.9999 + 0.0001), and dropped that chain from the loop.
volatile double start_value = 1.0;

__attribute__((noinline)) double chains(std::int64_t iterations) {
  const double start = start_value;
  Vec acc[kChains];
#pragma GCC unroll 32
  for (int c = 0; c < kChains; ++c) acc[c] = Vec{} + (start + 0.001 * (c + 1));
  const Vec mul = Vec{} + 0.9999 * start;  // x -> x*0.9999 + 0.0001 converges to 1: no overflow, no denormals
  const Vec add = Vec{} + 0.0001 * start;
  for (std::int64_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 32
    for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * mul + add;
  }
  double sum = 0.0;
#pragma GCC unroll 32
  for (int c = 0; c < kChains; ++c) {
    for (int lane = 0; lane < kBits / 64; ++lane) sum += acc[c][lane];
  }
  return sum;
}

const RegisterFmaKernel registration{FmaKernel{SPEEDLAB_FMA_NAME, kBits, kChains, kFused, chains}};

}  // namespace
}  // namespace speedlab::ceilings
