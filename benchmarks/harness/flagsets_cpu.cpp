// Flag-set variants of cpp.naive: the same source built with a published benchmark's compiler flags, so that
// `speedlab reproduce` measures the source's program under the source's conditions (README: "Reproducing
// published tables"). CMake builds one harness binary per flag set beside speedlab_cpp, from the named
// workloads' kernels and registrations only:
//   speedlab_cpp_flags_assoc  niklas-heer/speed-comparison's C++ flags (its Earthfile), which let g++ reorder
//                             the sum (-fassociative-math); g++ 12 still leaves this loop scalar, as its sign
//                             flip is a first-order recurrence it does not vectorize
//   speedlab_cpp_flags_o2     the Julia micro-benchmarks' C flags (their Makefile: -std=c99 -O2), no -march
// In such a binary, impl "cpp.naive_FLAGSET" is its cpp.naive registration. speedlab_cpp lists every variant
// and execs the flag-set binary to run one (as `--param isa=` execs an instruction-set build), or reports the
// cell skipped when that binary is not built.
#include <unistd.h>

#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "harness/registry.hpp"

#ifndef SPEEDLAB_FLAGSET
#define SPEEDLAB_FLAGSET ""  // speedlab_cpp and the instruction-set builds: not a flag-set build
#endif

namespace speedlab {
namespace {

struct FlagSet {
  const char* name;
  const char* flags;  // what CMake compiles it with (CMakeLists.txt: SPEEDLAB_FLAGSETS), after -O3 -DNDEBUG
  std::vector<const char*> workloads;
};

// Kept in step with SPEEDLAB_FLAGSETS in CMakeLists.txt (tests/python/test_reproduce_conditions.py checks both
// against each binary's --list facts).
const std::vector<FlagSet>& flagsets() {
#ifdef SPEEDLAB_NO_FLAGSETS  // a harness without cpp.naive (tests/harness: speedlab_harness_check)
  static const std::vector<FlagSet> none;
  return none;
#endif
  static const std::vector<FlagSet> list = {
      {"assoc",
       "-O3 -flto -march=native -mtune=native -fomit-frame-pointer -fno-signed-zeros -fno-trapping-math "
       "-fassociative-math",
       {"leibniz_pi"}},
      {"o2", "-O2", {"fib", "mandelbrot", "sort", "pi_sum"}},
  };
  return list;
}

const std::string kPrefix = "cpp.naive_";

const FlagSet* flagset_of(const std::string& workload, const std::string& impl) {
  if (impl.rfind(kPrefix, 0) != 0) return nullptr;
  const std::string name = impl.substr(kPrefix.size());
  for (const auto& set : flagsets()) {
    if (name != set.name) continue;
    for (const char* w : set.workloads) {
      if (workload == w) return &set;
    }
  }
  return nullptr;
}

std::string binary_of(const FlagSet& set) {
  char path[PATH_MAX];
  const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  std::string text = length > 0 ? std::string(path, static_cast<std::size_t>(length)) : std::string("./x");
  return text.substr(0, text.rfind('/')) + "/speedlab_cpp_flags_" + set.name;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> platform_variant_impls() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& set : flagsets()) {
    for (const char* workload : set.workloads) out.emplace_back(workload, kPrefix + set.name);
  }
  return out;
}

VariantChoice platform_select_variant(const std::string& workload, const std::string& impl, char** argv) {
  const FlagSet* set = flagset_of(workload, impl);
  if (set == nullptr) return {impl, ""};
  if (std::string(SPEEDLAB_FLAGSET) == set->name) return {"cpp.naive", ""};  // this binary is that build
  const std::string path = binary_of(*set);
  if (::access(path.c_str(), X_OK) != 0) {
    return {impl, path + " is not built (CMake builds it with " + set->flags + " when the compiler accepts them)"};
  }
  argv[0] = const_cast<char*>(path.c_str());
  ::execv(path.c_str(), argv);
  return {impl, "cannot start " + path + ": exec failed"};
}

std::map<std::string, std::string> platform_flagset_context() {
  std::map<std::string, std::string> facts;
  if (std::string(SPEEDLAB_FLAGSET).empty()) {
    for (const auto& set : flagsets()) {
      const std::string path = binary_of(set);
      facts["flags_build_" + std::string(set.name)] =
          (::access(path.c_str(), X_OK) == 0 ? "built (" : "not built (") + std::string(set.flags) + ")";
    }
    return facts;
  }
  facts["flagset"] = SPEEDLAB_FLAGSET;
#ifdef SPEEDLAB_FLAGSET_CXX_FLAGS
  facts["cxx_flags"] = SPEEDLAB_FLAGSET_CXX_FLAGS;  // this binary's kernels, not the main build's
#endif
  return facts;
}

}  // namespace speedlab
