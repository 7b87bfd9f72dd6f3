// Command-line front of the C++ and CUDA harnesses (the contract: docs/harness-protocol.md).
//
//   speedlab_cpp --list
//   speedlab_cpp --run WORKLOAD/IMPL --param n=1000000 [--param k=10] [--param dtype=float32]
//                [--param isa=avx2] [--threads T] [--seed S] [--repetitions R]
//                [--min-time SECONDS] [--warmup SECONDS] [--benchmark_* flags passed to Google Benchmark]
//
// --run registers exactly one Google Benchmark, runs it with the requested
// repetitions, and prints Google Benchmark's JSON with every entry annotated
// with the structured fields workload, impl and params. A --param value is an
// integer or a choice name (letters, digits, '_', '.', '-'); --param isa=X runs
// the request in the build of the kernels for instruction set X
// (platform_select_isa), or reports it skipped where this CPU lacks X.
#include <omp.h>
#include <cblas.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "harness/registry.hpp"

#ifndef SPEEDLAB_CXX_COMPILER
#define SPEEDLAB_CXX_COMPILER "unknown"
#endif
#ifndef SPEEDLAB_CXX_FLAGS
#define SPEEDLAB_CXX_FLAGS "unknown"
#endif
#ifndef SPEEDLAB_BUILD_TYPE
#define SPEEDLAB_BUILD_TYPE "unknown"
#endif

namespace speedlab {
namespace {

constexpr int kUsageError = 2;
const std::string kSkipPrefix = "speedlab-skip: ";

struct Options {
  bool list = false;
  std::string selection;                                   // WORKLOAD/IMPL
  std::vector<std::pair<std::string, std::string>> params;  // in command-line order: integers or choice names
  int threads = 1;
  std::uint64_t seed = 42;
  int repetitions = 5;
  double min_time = 0.1;
  double warmup = 0.1;
  std::vector<std::string> benchmark_flags;  // --benchmark_* passthrough
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "speedlab_" << platform_language() << ": " << message << "\n"
            << "usage: --list | --run WORKLOAD/IMPL --param NAME=VALUE... [--threads T] [--seed S]"
               " [--repetitions R] [--min-time SECONDS] [--warmup SECONDS]\n";
  std::exit(kUsageError);
}

// An integer parameter value, or std::nullopt for a choice name.
std::optional<std::int64_t> integer_value(const std::string& text) {
  try {
    std::size_t used = 0;
    const std::int64_t value = std::stoll(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

bool is_choice_name(const std::string& text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-') return false;
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

template <typename T>
T parse_number(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    T value{};
    if constexpr (std::is_floating_point_v<T>) {
      value = static_cast<T>(std::stod(text, &used));
    } else {
      value = static_cast<T>(std::stoll(text, &used));
    }
    if (used != text.size()) throw std::invalid_argument("trailing characters");
    return value;
  } catch (const std::exception&) {
    usage_error(flag + " expects a number, got '" + text + "'");
  }
}

Options parse_options(int argc, char** argv) {
  Options options;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto value_of = [&](std::size_t& i) -> const std::string& {
    if (i + 1 >= args.size()) usage_error(args[i] + " needs a value");
    return args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--list" || arg == "--benchmark_list_tests" || arg == "--benchmark_list_tests=true") {
      options.list = true;
    } else if (arg == "--run") {
      options.selection = value_of(i);
    } else if (arg == "--param") {
      const std::string& kv = value_of(i);
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) usage_error("--param expects NAME=VALUE, got '" + kv + "'");
      const std::string value = kv.substr(eq + 1);
      if (!integer_value(value) && !is_choice_name(value)) {
        usage_error("--param " + kv.substr(0, eq) + " expects an integer or a choice name, got '" + value + "'");
      }
      options.params.emplace_back(kv.substr(0, eq), value);
    } else if (arg == "--threads") {
      options.threads = parse_number<int>(arg, value_of(i));
      if (options.threads < 1) usage_error("--threads must be >= 1");
    } else if (arg == "--seed") {
      options.seed = parse_number<std::uint64_t>(arg, value_of(i));
    } else if (arg == "--repetitions") {
      options.repetitions = parse_number<int>(arg, value_of(i));
      if (options.repetitions < 1) usage_error("--repetitions must be >= 1");
    } else if (arg == "--min-time" || arg == "--warmup") {
      // NaN would make calibration run forever (no time compares >= NaN); a negative time means nothing.
      const std::string& text = value_of(i);
      const double seconds = parse_number<double>(arg, text);
      if (!std::isfinite(seconds) || seconds < 0) {
        usage_error(arg + " must be a finite number of seconds >= 0, got '" + text + "'");
      }
      (arg == "--min-time" ? options.min_time : options.warmup) = seconds;
    } else if (arg.rfind("--benchmark_", 0) == 0) {
      options.benchmark_flags.push_back(arg);
    } else {
      usage_error("unknown argument '" + arg + "'");
    }
  }
  if (!options.list && options.selection.empty()) usage_error("nothing to do");
  return options;
}

std::string known_impls() {
  std::string out;
  for (const auto& impl : registry()) out += "\n  " + impl.workload + "/" + impl.impl;
  return out;
}

nlohmann::ordered_json speedlab_context(const Options& options) {
  nlohmann::ordered_json ctx = {
      {"harness", platform_language()},
      {"compiler", SPEEDLAB_CXX_COMPILER},
      {"cxx_flags", SPEEDLAB_CXX_FLAGS},
      {"build_type", SPEEDLAB_BUILD_TYPE},
      {"seed", options.seed},
      {"threads", options.threads},
      {"openmp_max_threads", omp_get_max_threads()},
      {"blas", openblas_get_config()},
      {"blas_threads", openblas_get_num_threads()},
      {"blas_core", openblas_get_corename()},
  };
  for (const auto& [key, value] : platform_context()) ctx[key] = value;
  for (const auto& [key, value] : platform_flagset_context()) ctx[key] = value;
  return ctx;
}

int list_implementations(const Options& options) {
  nlohmann::ordered_json impls = nlohmann::ordered_json::array();
  for (const auto& impl : registry()) impls.push_back({{"workload", impl.workload}, {"impl", impl.impl}});
  for (const auto& [workload, impl] : platform_variant_impls()) impls.push_back({{"workload", workload}, {"impl", impl}});
  const std::string reason = platform_unavailable_reason();
  nlohmann::ordered_json out = {{"harness", platform_language()},
                        {"available", reason.empty()},
                        {"unavailable_reason", reason},
                        {"implementations", impls},
                        {"context", speedlab_context(options)}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

// The JSON a run prints when this machine cannot run the binary at all (a CUDA
// build without a GPU): Google Benchmark's newer "skipped" form, exit 0.
int print_skipped(const Implementation& impl, const std::string& name, const nlohmann::ordered_json& params,
                  const std::string& reason, const Options& options) {
  nlohmann::ordered_json out = {
      {"context", {{"executable", platform_language()}, {"speedlab", speedlab_context(options)}}},
      {"benchmarks",
       {{{"name", name},
         {"run_name", name},
         {"run_type", "iteration"},
         {"repetitions", 0},
         {"skipped", true},
         {"skip_message", reason},
         {"workload", impl.workload},
         {"impl", impl.impl},
         {"params", params}}}}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

// Google Benchmark 1.7 computes a "cv" aggregate of every counter, and the cv
// of a counter that is 0 in every repetition (streaming_stores = 0: the path
// not taken) is 0/0 = NaN, which is not JSON. The runner recomputes
// aggregates from the repetitions, so a non-finite counter of an aggregate is
// dropped here; one of a repetition (a broken checksum) stays, for the runner
// to report.
class FiniteAggregatesReporter : public benchmark::JSONReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    std::vector<Run> kept = runs;
    for (Run& run : kept) {
      if (run.run_type != Run::RT_Aggregate) continue;
      for (auto it = run.counters.begin(); it != run.counters.end();) {
        it = std::isfinite(it->second.value) ? std::next(it) : run.counters.erase(it);
      }
    }
    benchmark::JSONReporter::ReportRuns(kept);
  }
};

int run_one(const Options& options, char** argv) {
  const char* argv0 = argv[0];
  const auto slash = options.selection.find('/');
  if (slash == std::string::npos) usage_error("--run expects WORKLOAD/IMPL, got '" + options.selection + "'");
  const std::string workload = options.selection.substr(0, slash);
  const std::string impl_name = options.selection.substr(slash + 1);

  // Another instruction set's build of the kernels runs this request (and prints the result) in place of
  // this process; where this CPU cannot run it, the benchmark is reported skipped with the reason.
  std::string isa_skip;
  for (const auto& [key, value] : options.params) {
    if (key != "isa") continue;
    try {
      isa_skip = platform_select_isa(value, argv);
    } catch (const ParamError& error) {
      usage_error(error.what());
    }
  }

  // A flag-set variant runs in the binary built with those flags (exec), as its cpp.naive registration.
  const VariantChoice variant = platform_select_variant(workload, impl_name, argv);
  const Implementation* found = nullptr;
  for (const auto& impl : registry()) {
    if (impl.workload == workload && impl.impl == variant.run_as) found = &impl;
  }
  const Implementation not_built{workload, impl_name, nullptr};
  if (found == nullptr && !variant.skip.empty()) found = &not_built;  // reported skipped below
  if (found == nullptr) {
    std::cerr << "speedlab_" << platform_language() << ": unknown implementation '" << options.selection
              << "'; this harness has:" << known_impls() << "\n";
    return kUsageError;
  }

  Params params;
  params.threads = options.threads;
  params.seed = options.seed;
  std::string name = workload + "/" + impl_name;
  nlohmann::ordered_json params_json = nlohmann::ordered_json::object();
  for (const auto& [key, value] : options.params) {
    name += "/" + key + ":" + value;
    if (const auto number = integer_value(value)) {
      params.values[key] = *number;
      params_json[key] = *number;
    } else {
      params.choices[key] = value;
      params_json[key] = value;
    }
  }
  name += "/threads:" + std::to_string(options.threads);
  params_json["threads"] = options.threads;

  if (!isa_skip.empty()) return print_skipped(*found, name, params_json, isa_skip, options);
  if (!variant.skip.empty()) return print_skipped(*found, name, params_json, variant.skip, options);
  if (const std::string reason = platform_unavailable_reason(); !reason.empty()) {
    return print_skipped(*found, name, params_json, reason, options);
  }

  // Threads for OpenMP and OpenBLAS come from the runner, never from defaults.
  omp_set_num_threads(options.threads);
  openblas_set_num_threads(options.threads);

  const BenchmarkBody body = found->body;
  params.read.insert("isa");  // chosen above: this binary is that build
  auto* bench = benchmark::RegisterBenchmark(name.c_str(), [body, params, impl_name](benchmark::State& state) {
    try {
      body(state, params);
      if (const auto unread = params.unread_choices(); !unread.empty()) {
        std::string list;
        for (const auto& item : unread) list += (list.empty() ? "" : ", ") + item;
        state.SkipWithError((impl_name + " does not implement " + list + " (it has the default only)").c_str());
      }
    } catch (const SkipBenchmark& reason) {
      state.SkipWithError((kSkipPrefix + reason.what()).c_str());
    } catch (const std::exception& error) {
      state.SkipWithError(error.what());
    }
  });
  // One or the other: Google Benchmark aborts when a benchmark asks for both (its checks are compiled in
  // Debian's build), which would kill every manual-timing (cuda.*) cell. tests/harness/ runs a
  // manual-timing body through this path on every machine.
  if (found->timing == Timing::kManual) {
    bench->UseManualTime();  // the body reports each iteration's time (CUDA events)
  } else {
    bench->UseRealTime();  // threaded impls: wall time is what the user waits for
    // cpu_time is every thread's (OpenMP, BLAS), not the main thread's: cpu_time / real_time is the cores
    // the timed iterations used, the GIL lesson's number (runner/speedlab/cores.py).
    bench->MeasureProcessCPUTime();
  }

  std::vector<std::string> flags = {
      argv0,
      "--benchmark_repetitions=" + std::to_string(options.repetitions),
      "--benchmark_min_time=" + std::to_string(options.min_time),
      "--benchmark_min_warmup_time=" + std::to_string(options.warmup),
  };
  flags.insert(flags.end(), options.benchmark_flags.begin(), options.benchmark_flags.end());
  std::vector<char*> gb_argv;
  for (auto& flag : flags) gb_argv.push_back(flag.data());
  int gb_argc = static_cast<int>(gb_argv.size());
  benchmark::Initialize(&gb_argc, gb_argv.data());
  if (benchmark::ReportUnrecognizedArguments(gb_argc, gb_argv.data())) return kUsageError;

  std::ostringstream captured;
  FiniteAggregatesReporter reporter;
  reporter.SetOutputStream(&captured);
  reporter.SetErrorStream(&std::cerr);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  nlohmann::ordered_json out;
  try {
    out = nlohmann::ordered_json::parse(captured.str());
  } catch (const nlohmann::ordered_json::parse_error&) {
    // NaN/Infinity counters are not JSON; pass Google Benchmark's text through
    // untouched (the runner's parser accepts them and reports the bad value).
    std::cout << captured.str();
    return 0;
  }
  out["context"]["speedlab"] = speedlab_context(options);
  for (auto& entry : out["benchmarks"]) {
    // Google Benchmark 1.7 has only SkipWithError; a SkipBenchmark becomes its newer "skipped" form.
    const std::string message = entry.value("error_message", "");
    if (entry.value("error_occurred", false) && message.rfind(kSkipPrefix, 0) == 0) {
      entry.erase("error_occurred");
      entry.erase("error_message");
      entry["skipped"] = true;
      entry["skip_message"] = message.substr(kSkipPrefix.size());
    }
    entry["workload"] = workload;
    entry["impl"] = impl_name;
    entry["params"] = params_json;
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace
}  // namespace speedlab

int main(int argc, char** argv) {
  const speedlab::Options options = speedlab::parse_options(argc, argv);
  if (options.list) return speedlab::list_implementations(options);
  return speedlab::run_one(options, argv);
}
