// Platform facts for the CUDA harness: runnable only where a CUDA device and
// driver exist; otherwise every impl is reported as skipped with the reason.
#include <cuda_runtime.h>

#include <string>

#include "harness/registry.hpp"

#ifndef SPEEDLAB_CUDA_ARCHITECTURES
#define SPEEDLAB_CUDA_ARCHITECTURES "unknown"
#endif

namespace speedlab {

std::string platform_language() { return "cuda"; }

// GPU code is compiled for the GPU's architectures (CMAKE_CUDA_ARCHITECTURES); the isa axis is the host
// CPU's instruction set, which only the C++ harness has builds for.
std::string platform_select_isa(const std::string& isa, char** /*argv*/) {
  if (isa == "native") return {};
  throw ParamError("isa=" + isa + ": the CUDA harness has no instruction-set builds (isa applies to cpp.* impls)");
}

// The flag-set variants are C++ builds (harness/flagsets_cpu.cpp): the CUDA harness has none.
std::vector<std::pair<std::string, std::string>> platform_variant_impls() { return {}; }
VariantChoice platform_select_variant(const std::string& /*workload*/, const std::string& impl, char** /*argv*/) {
  return {impl, ""};
}
std::map<std::string, std::string> platform_flagset_context() { return {}; }

std::string platform_unavailable_reason() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    return std::string("no usable CUDA device (cudaGetDeviceCount: ") + cudaGetErrorString(status) +
           "); the cuda.* impls need an NVIDIA GPU and its driver";
  }
  if (count == 0) return "no CUDA device found; the cuda.* impls need an NVIDIA GPU";
  return {};
}

std::map<std::string, std::string> platform_context() {
  std::map<std::string, std::string> facts{{"cuda_architectures", SPEEDLAB_CUDA_ARCHITECTURES}};
  int runtime = 0;
  if (cudaRuntimeGetVersion(&runtime) == cudaSuccess) facts["cuda_runtime"] = std::to_string(runtime);
  int driver = 0;
  if (cudaDriverGetVersion(&driver) == cudaSuccess) facts["cuda_driver"] = std::to_string(driver);
  if (!platform_unavailable_reason().empty()) return facts;
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) {
    facts["gpu_name"] = prop.name;
    facts["gpu_compute_capability"] = std::to_string(prop.major) + "." + std::to_string(prop.minor);
    facts["gpu_multiprocessors"] = std::to_string(prop.multiProcessorCount);
    facts["gpu_memory_bytes"] = std::to_string(prop.totalGlobalMem);
  }
  return facts;
}

}  // namespace speedlab
