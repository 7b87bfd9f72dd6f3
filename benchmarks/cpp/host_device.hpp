// Marks an inline function that both g++ (C++ kernels) and nvcc (CUDA
// kernels) compile, so the CPU and GPU impls share one definition of the
// per-element arithmetic instead of two copies that could drift apart.
#pragma once

#if defined(__CUDACC__)
#define SPEEDLAB_HOST_DEVICE __host__ __device__
#else
#define SPEEDLAB_HOST_DEVICE
#endif
