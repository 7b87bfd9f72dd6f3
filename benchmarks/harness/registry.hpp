// The C++/CUDA harness registry. A workload's *_bench.cpp (or *_bench.cu) file
// registers one body per impl; the harness main looks the impl up by name,
// wraps it as a Google Benchmark with the runner's parameters, and prints
// Google Benchmark's JSON. Bodies own the timing loop (`for (auto _ : state)`),
// kernels stay free of timing code.
#pragma once

#include <benchmark/benchmark.h>

#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cpp/precision.hpp"

namespace speedlab {

// Thrown for bad parameters (missing, out of range); the harness reports the
// message as the benchmark's error and exits non-zero.
struct ParamError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown by a body when this machine cannot or should not run the impl (the
// input would not fit in memory, a CPU feature is missing); the harness
// reports the benchmark as skipped with the message, and exits 0.
struct SkipBenchmark : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Params {
  std::map<std::string, std::int64_t> values;  // numeric workload parameters, e.g. n
  // Choice parameters, by name (--param dtype=float32, --param isa=avx2). The runner leaves out a choice
  // at its default, so an absent choice means the default.
  std::map<std::string, std::string> choices;
  int threads = 1;                             // threads the impl may use
  std::uint64_t seed = 42;                     // input generator seed

  // The value of a required parameter, checked against [min_value, max_value].
  std::int64_t get(const std::string& name, std::int64_t min_value = 1,
                   std::int64_t max_value = INT64_MAX) const;

  // The value of a choice parameter: `fallback` when it was not given; a ParamError naming the
  // allowed values when it is not one of them (an impl that implements float64 only says so).
  std::string choice(const std::string& name, const std::string& fallback,
                     const std::vector<std::string>& allowed) const;

  // Choice parameters given but never asked for with choice(): the impl does not implement them (it has
  // the default only), so the harness reports an error instead of labelling a float64 result float32.
  std::vector<std::string> unread_choices() const;

  mutable std::set<std::string> read;  // the choices choice() was asked for
};

using BenchmarkBody = std::function<void(benchmark::State&, const Params&)>;

enum class Timing {
  kWallClock,  // Google Benchmark measures the loop (CPU impls)
  kManual,     // the body calls state.SetIterationTime (CUDA events)
};

struct Implementation {
  std::string workload;
  std::string impl;
  BenchmarkBody body;
  Timing timing = Timing::kWallClock;
};

std::vector<Implementation>& registry();

// Static registration: `static const Registration r{"leibniz_pi", "cpp.naive", body};`
struct Registration {
  Registration(std::string workload, std::string impl, BenchmarkBody body,
               Timing timing = Timing::kWallClock);
};

// Provided once per binary (platform_cpu.cpp, platform_cuda.cu):
//   why this binary cannot run here ("" when it can), e.g. "no CUDA device";
//   extra context facts (device name, driver, library versions).
std::string platform_unavailable_reason();
std::map<std::string, std::string> platform_context();
std::string platform_language();  // "cpp" or "cuda"

// The `isa` choice parameter (the instruction set the kernels were compiled for). Returns "" when this
// binary is the build for `isa` (run here); otherwise runs the request in the sibling build that is
// (execv: does not return) or returns why it cannot run on this machine (the cell is skipped with that
// reason). Throws ParamError for a name that is not an instruction set.
std::string platform_select_isa(const std::string& isa, char** argv);

// Flag-set variants (harness/flagsets_cpu.cpp): "cpp.naive_FLAGSET" is cpp.naive's code built with a
// published benchmark's compiler flags, in its own binary. platform_variant_impls() lists the (workload, impl)
// pairs this harness offers beyond its registry; platform_select_variant() says which registration runs the
// request here (run_as), or execs the binary that is that build (does not return), or says why the cell is
// skipped. The CUDA harness has none.
struct VariantChoice {
  std::string run_as;  // the registry name to run in this process
  std::string skip;    // non-empty: report the benchmark skipped with this reason
};
std::vector<std::pair<std::string, std::string>> platform_variant_impls();
VariantChoice platform_select_variant(const std::string& workload, const std::string& impl, char** argv);
std::map<std::string, std::string> platform_flagset_context();

// Where workloads keep generated input files (e.g. chunked_reduction's array
// on disk): $SPEEDLAB_DATA_DIR, which the runner sets to a per-run folder and
// deletes after the run; without it (a harness started by hand, the tests) a
// private temporary folder that is removed when the process exits.
std::string data_dir();

// Records a checksum counter in the form every harness uses.
inline void report_checksum(benchmark::State& state, const std::string& name, double value) {
  state.counters[name] = benchmark::Counter(value);
}

// The dtype choice parameter (float64 when not given), checked against the dtypes the impl implements.
inline std::string dtype_of(const Params& params, const std::vector<std::string>& allowed = {"float64", "float32"}) {
  return params.choice("dtype", "float64", allowed);
}

// The measured error of a lower-precision result against the float64 computation, reported beside the
// time: the counters output_rel_error (precision::relative_error, the whole output) and
// output_max_rel_error (precision::max_relative_error, the worst element). The manifest bounds both per
// dtype; the runner fails a cell past them.
template <typename T>
void report_output_errors(benchmark::State& state, const T* result, const double* reference, std::size_t count) {
  state.counters["output_rel_error"] = benchmark::Counter(precision::relative_error(result, reference, count));
  state.counters["output_max_rel_error"] =
      benchmark::Counter(precision::max_relative_error(result, reference, count));
}

}  // namespace speedlab
