// speedlab_ceilings_cuda: what this GPU can do at most, measured.
//
//   speedlab_ceilings_cuda [--gemm-n N] [--copy-mib MIB]
//
// Prints JSON: the device (name, SMs, clocks, memory, bus width), device-to-
// device copy bandwidth (cudaMemcpy, read + write counted), a large cuBLAS
// DGEMM and SGEMM rate on random matrices, and host<->device transfer bandwidth
// for pageable and pinned host memory across sizes. Without a usable GPU it prints
// {"present": false, "reason": ...} and exits 0.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "harness/prng.hpp"

namespace {

using speedlab::cuda::DeviceBuffer;
using speedlab::cuda::EventTimer;

#define CUBLAS_CHECK(expr)                                                                      \
  do {                                                                                          \
    const cublasStatus_t status = (expr);                                                       \
    if (status != CUBLAS_STATUS_SUCCESS) throw std::runtime_error(#expr " failed: cuBLAS status " + \
                                                                  std::to_string(static_cast<int>(status))); \
  } while (0)

int attribute(cudaDeviceAttr attr) {
  int value = 0;
  SPEEDLAB_CUDA_CHECK(cudaDeviceGetAttribute(&value, attr, 0));
  return value;
}

// Best of several timed repetitions of `work`, in seconds.
template <typename Work>
double best_seconds(Work work, int repetitions = 5) {
  EventTimer timer;
  work();  // warm-up: context, clocks, cuBLAS heuristics
  double best = 1e30;
  for (int r = 0; r < repetitions; ++r) {
    timer.start();
    work();
    timer.stop();
    best = std::min(best, timer.seconds());
  }
  return best;
}

double d2d_copy_gbps(std::size_t bytes) {
  DeviceBuffer<char> src(bytes), dst(bytes);
  SPEEDLAB_CUDA_CHECK(cudaMemset(src.data(), 1, bytes));
  const double seconds = best_seconds([&] {
    SPEEDLAB_CUDA_CHECK(cudaMemcpy(dst.data(), src.data(), bytes, cudaMemcpyDeviceToDevice));
  });
  return 2.0 * static_cast<double>(bytes) / seconds / 1e9;  // each byte is read once and written once
}

// A matrix of the shared generator's values mapped to [-1, 1), on the device. GEMM on random data, not
// zeros: a GPU's power draw, and with it the clock it sustains, depend on how many bits toggle, so a
// product of zero matrices runs faster than any real one and would overstate the ceiling.
template <typename T>
void fill_random(DeviceBuffer<T>& matrix, std::uint64_t seed) {
  std::vector<T> host(matrix.size());
  for (std::size_t i = 0; i < host.size(); ++i) host[i] = static_cast<T>(2.0 * speedlab::uniform01(seed, i) - 1.0);
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(matrix.data(), host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice));
}

template <typename T>
double gemm_gflops(cublasHandle_t handle, int n) {
  const std::size_t count = static_cast<std::size_t>(n) * n;
  DeviceBuffer<T> a(count), b(count), c(count);
  fill_random(a, 1);
  fill_random(b, 2);
  const T alpha = 1, beta = 0;
  const double seconds = best_seconds([&] {
    if constexpr (sizeof(T) == 8) {
      CUBLAS_CHECK(cublasDgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, a.data(), n, b.data(), n, &beta,
                               c.data(), n));
    } else {
      CUBLAS_CHECK(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, a.data(), n, b.data(), n, &beta,
                               c.data(), n));
    }
  });
  return 2.0 * static_cast<double>(n) * n * n / seconds / 1e9;
}

nlohmann::ordered_json transfer(std::size_t bytes) {
  DeviceBuffer<char> device(bytes);
  std::vector<char> pageable(bytes, 1);
  char* pinned = nullptr;
  SPEEDLAB_CUDA_CHECK(cudaMallocHost(&pinned, bytes));
  std::fill(pinned, pinned + bytes, 1);
  const auto rate = [bytes](double seconds) { return static_cast<double>(bytes) / seconds / 1e9; };
  nlohmann::ordered_json out = {
      {"bytes", bytes},
      {"h2d_pageable_gbps", rate(best_seconds([&] {
         SPEEDLAB_CUDA_CHECK(cudaMemcpy(device.data(), pageable.data(), bytes, cudaMemcpyHostToDevice));
       }))},
      {"h2d_pinned_gbps", rate(best_seconds([&] {
         SPEEDLAB_CUDA_CHECK(cudaMemcpy(device.data(), pinned, bytes, cudaMemcpyHostToDevice));
       }))},
      {"d2h_pageable_gbps", rate(best_seconds([&] {
         SPEEDLAB_CUDA_CHECK(cudaMemcpy(pageable.data(), device.data(), bytes, cudaMemcpyDeviceToHost));
       }))},
      {"d2h_pinned_gbps", rate(best_seconds([&] {
         SPEEDLAB_CUDA_CHECK(cudaMemcpy(pinned, device.data(), bytes, cudaMemcpyDeviceToHost));
       }))},
  };
  cudaFreeHost(pinned);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int gemm_n = 8192;
  std::size_t copy_mib = 1024;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--gemm-n" && i + 1 < argc) {
      gemm_n = std::atoi(argv[++i]);
    } else if (arg == "--copy-mib" && i + 1 < argc) {
      copy_mib = static_cast<std::size_t>(std::atol(argv[++i]));
    } else {
      std::cerr << "speedlab_ceilings_cuda: unknown argument '" << arg << "'\n";
      return 2;
    }
  }
  nlohmann::ordered_json out;
  int devices = 0;
  const cudaError_t status = cudaGetDeviceCount(&devices);
  if (status != cudaSuccess || devices == 0) {
    out["present"] = false;
    out["reason"] = std::string("no usable CUDA device (") +
                    (status != cudaSuccess ? cudaGetErrorString(status) : "device count is 0") + ")";
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  try {
    cudaDeviceProp prop{};
    SPEEDLAB_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
    const int memory_clock_khz = attribute(cudaDevAttrMemoryClockRate);
    const int bus_bits = attribute(cudaDevAttrGlobalMemoryBusWidth);
    out["present"] = true;
    out["device"] = {
        {"name", prop.name},
        {"compute_capability", std::to_string(prop.major) + "." + std::to_string(prop.minor)},
        {"multiprocessors", prop.multiProcessorCount},
        {"sm_clock_mhz", attribute(cudaDevAttrClockRate) / 1000.0},
        {"memory_clock_mhz", memory_clock_khz / 1000.0},
        {"memory_bus_bits", bus_bits},
        {"memory_bytes", prop.totalGlobalMem},
        // DDR-style memory: two transfers per clock.
        {"theoretical_bandwidth_gbps", 2.0 * memory_clock_khz * 1e3 * (bus_bits / 8.0) / 1e9},
    };
    out["d2d_copy_gbps"] = d2d_copy_gbps(copy_mib << 20);
    cublasHandle_t handle;
    CUBLAS_CHECK(cublasCreate(&handle));
    out["gemm_n"] = gemm_n;
    out["dgemm_gflops"] = gemm_gflops<double>(handle, gemm_n);
    out["sgemm_gflops"] = gemm_gflops<float>(handle, gemm_n);
    cublasDestroy(handle);
    out["transfer"] = nlohmann::ordered_json::array();
    for (std::size_t bytes : {std::size_t{1} << 16, std::size_t{1} << 20, std::size_t{1} << 24, std::size_t{1} << 28}) {
      out["transfer"].push_back(transfer(bytes));
    }
  } catch (const std::exception& error) {
    out["present"] = true;
    out["error"] = error.what();
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
