// Platform facts for the CPU harness: always runnable, and the instruction-set
// builds of its kernels.
//
// speedlab_cpp is compiled with SPEEDLAB_CPU_FLAGS (-march=native by default):
// it is isa=native. CMake also builds the kernels of cpp.naive and the
// hand-optimized cpp.* impls for fixed targets, one binary each beside it:
//   speedlab_cpp_x86-64   -march=x86-64     the 2003 baseline: SSE2, 2 doubles a vector
//   speedlab_cpp_avx2     -march=x86-64-v3  AVX2 + FMA (+ BMI, F16C, MOVBE): 4 doubles, fused multiply-add
//   speedlab_cpp_avx512   -march=x86-64-v4  AVX-512 F/BW/CD/DQ/VL: 8 doubles, 32 vector registers
// `--param isa=avx2` makes whichever binary received it exec the avx2 one with
// the same arguments, after checking that this CPU has what the avx2 code
// needs; where it does not, the benchmark is reported skipped with the
// missing features. Each binary names its own build in the JSON context.
#include <unistd.h>

#include <Eigen/Core>
#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "cpp/simd.hpp"
#include "harness/hardware.hpp"
#include "harness/registry.hpp"

#ifndef SPEEDLAB_ISA
#define SPEEDLAB_ISA "native"  // the main build, SPEEDLAB_CPU_FLAGS
#endif
#ifndef SPEEDLAB_ISA_FLAGS
#define SPEEDLAB_ISA_FLAGS ""
#endif

namespace speedlab {
namespace {

struct Isa {
  const char* name;
  const char* flags;        // what CMake compiles that build with
  const char* description;  // what the build may use
};

// In the order the report lists them; "native" is speedlab_cpp itself.
const std::vector<Isa>& isas() {
  static const std::vector<Isa> list = {
      {"x86-64", "-march=x86-64", "SSE2 only: 128-bit vectors (2 doubles), no FMA"},
      {"avx2", "-march=x86-64-v3", "AVX2 + FMA: 256-bit vectors (4 doubles), fused multiply-add"},
      {"avx512", "-march=x86-64-v4", "AVX-512: 512-bit vectors (8 doubles), 32 vector registers, masks"},
      {"native", "SPEEDLAB_CPU_FLAGS", "everything this build machine has (-march=native by default)"},
  };
  return list;
}

const Isa* find_isa(const std::string& name) {
  for (const auto& isa : isas()) {
    if (name == isa.name) return &isa;
  }
  return nullptr;
}

// The CPU features an ISA build needs that this CPU (and OS) lack; empty when it can run.
std::vector<std::string> missing_features(const std::string& name) {
  std::vector<std::pair<const char*, bool>> needed;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (name == "avx2") {
    needed = {{"avx", __builtin_cpu_supports("avx")},   {"avx2", __builtin_cpu_supports("avx2")},
              {"fma", __builtin_cpu_supports("fma")},   {"bmi", __builtin_cpu_supports("bmi")},
              {"bmi2", __builtin_cpu_supports("bmi2")}, {"x86-64-v3", __builtin_cpu_supports("x86-64-v3")}};
  } else if (name == "avx512") {
    needed = {{"avx512f", __builtin_cpu_supports("avx512f")},   {"avx512bw", __builtin_cpu_supports("avx512bw")},
              {"avx512cd", __builtin_cpu_supports("avx512cd")}, {"avx512dq", __builtin_cpu_supports("avx512dq")},
              {"avx512vl", __builtin_cpu_supports("avx512vl")}, {"x86-64-v4", __builtin_cpu_supports("x86-64-v4")}};
  }
#endif
  std::vector<std::string> missing;
  for (const auto& [feature, present] : needed) {
    if (!present) missing.emplace_back(feature);
  }
  // The level (x86-64-v3/v4: the last entry) also covers features not listed; name it only when it is
  // the one thing missing.
  if (missing.size() > 1 && missing.back().rfind("x86-64", 0) == 0) missing.pop_back();
  return missing;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

std::string self_directory() {
  char path[PATH_MAX];
  const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return ".";
  std::string text(path, static_cast<std::size_t>(length));
  const auto slash = text.rfind('/');
  return slash == std::string::npos ? "." : text.substr(0, slash);
}

std::string binary_for(const std::string& isa) {
  return self_directory() + "/" + (isa == "native" ? std::string("speedlab_cpp") : "speedlab_cpp_" + isa);
}

// Why the build for `isa` cannot run here ("" when it can).
std::string isa_unavailable_reason(const std::string& isa) {
#if !defined(__x86_64__)
  if (isa != "native") return "isa=" + isa + " is an x86-64 instruction set; this build is not for x86-64";
#endif
  const std::vector<std::string> missing = missing_features(isa);
  if (!missing.empty()) {
    const Isa* known = find_isa(isa);
    return "this CPU lacks " + join(missing) + ", which the " + isa + " build (" + known->flags +
           ") needs: it cannot run here";
  }
  if (isa != SPEEDLAB_ISA && ::access(binary_for(isa).c_str(), X_OK) != 0) {
    return binary_for(isa) + " is not built (CMake builds it on x86-64 when the compiler accepts " +
           find_isa(isa)->flags + " and SPEEDLAB_ISA_VARIANTS is ON)";
  }
  return {};
}

}  // namespace

std::string platform_unavailable_reason() {
  // An instruction-set build started by hand on a CPU without that instruction set.
  if (std::string(SPEEDLAB_ISA) != "native") {
    const std::vector<std::string> missing = missing_features(SPEEDLAB_ISA);
    if (!missing.empty()) return "this CPU lacks " + join(missing) + ", which this " SPEEDLAB_ISA " build needs";
  }
  return {};
}

std::string platform_language() { return "cpp"; }

std::string platform_select_isa(const std::string& isa, char** argv) {
  if (find_isa(isa) == nullptr) {
    std::string known;
    for (const auto& candidate : isas()) known += (known.empty() ? "" : ", ") + std::string(candidate.name);
    throw ParamError("isa=" + isa + " is not an instruction set of this harness (isa is one of " + known + ")");
  }
  if (isa == SPEEDLAB_ISA) return {};
  if (std::string reason = isa_unavailable_reason(isa); !reason.empty()) return reason;
  const std::string path = binary_for(isa);
  argv[0] = const_cast<char*>(path.c_str());
  ::execv(path.c_str(), argv);
  return "cannot start " + path + ": exec failed";
}

std::map<std::string, std::string> platform_context() {
  std::map<std::string, std::string> facts = {
      {"eigen_version", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                            std::to_string(EIGEN_MINOR_VERSION)},
      {"isa", SPEEDLAB_ISA},
      // The vector width this binary's kernels were compiled for, and the caches their size-dependent
      // choices read (harness/hardware.hpp: sysfs), so a result says which path a kernel could take.
      {"kernel_vector_bits", std::to_string(simd::kDoubleLanes * 64)},
      {"hardware_l1d_bytes", std::to_string(hardware::machine().l1d_bytes)},
      {"hardware_last_level_cache_bytes", std::to_string(hardware::machine().last_level_bytes)},
      {"hardware_cache_source", hardware::machine().cache_source},
  };
  if (std::string(SPEEDLAB_ISA_FLAGS).size() > 0) {
    facts["isa_flags"] = SPEEDLAB_ISA_FLAGS;
#ifdef SPEEDLAB_ISA_CXX_FLAGS
    facts["cxx_flags"] = SPEEDLAB_ISA_CXX_FLAGS;  // this binary's kernels, not the main build's
#endif
  }
  // Which instruction-set builds can run on this machine, and why not (the machine card shows it).
  for (const auto& isa : isas()) {
    const std::string name = isa.name;
    if (name == "native") continue;
    const std::string reason = isa_unavailable_reason(name);
    facts["isa_build_" + name] = reason.empty() ? std::string("runs here (") + isa.flags + ": " + isa.description + ")"
                                                : "skipped: " + reason;
  }
  return facts;
}

}  // namespace speedlab
