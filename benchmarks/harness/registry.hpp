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
#include <stdexcept>
#include <string>
#include <vector>

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
  std::map<std::string, std::int64_t> values;  // workload parameters, e.g. n
  int threads = 1;                             // threads the impl may use
  std::uint64_t seed = 42;                     // input generator seed

  // The value of a required parameter, checked against [min_value, max_value].
  std::int64_t get(const std::string& name, std::int64_t min_value = 1,
                   std::int64_t max_value = INT64_MAX) const;
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

// Where workloads keep generated input files (e.g. chunked_reduction's array
// on disk): $SPEEDLAB_DATA_DIR, which the runner sets to a per-run folder and
// deletes after the run; without it (a harness started by hand, the tests) a
// private temporary folder that is removed when the process exits.
std::string data_dir();

// Records a checksum counter in the form every harness uses.
inline void report_checksum(benchmark::State& state, const std::string& name, double value) {
  state.counters[name] = benchmark::Counter(value);
}

}  // namespace speedlab
