// stream_triad's CUDA body (cuda/stream_triad_body.cuh) run through Google
// Benchmark with a launch that computes on its first call only: device a is
// memset to NaN outside the timed window before every repetition, so every
// later repetition reports NaN checksums (cudaMalloc may hand the last call's
// memory back, result and all). tests/cpp/test_poison.cpp does the same for
// the C++ bodies. Skipped without a GPU (the main() of test_leibniz_pi_cuda.cu).
#include <benchmark/benchmark.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "../cpp/catch.hpp"
#include "cuda/stream_triad_body.cuh"

namespace {

using Counters = std::map<std::string, double>;

class Capture : public benchmark::BenchmarkReporter {
 public:
  std::vector<Counters> repetitions;
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      Counters counters;
      for (const auto& [name, counter] : run.counters) counters[name] = counter.value;
      repetitions.push_back(counters);
    }
  }
};

std::vector<Counters> run_body(const std::function<void(benchmark::State&)>& body) {
  benchmark::ClearRegisteredBenchmarks();
  benchmark::RegisterBenchmark("poison_test_cuda", [body](benchmark::State& state) { body(state); })
      ->Iterations(2)
      ->Repetitions(3)
      ->UseManualTime();
  Capture capture;
  benchmark::RunSpecifiedBenchmarks(&capture);
  benchmark::ClearRegisteredBenchmarks();
  return capture.repetitions;
}

}  // namespace

TEST_CASE("poison: the CUDA triad body catches a launch that works on its first call only") {
  namespace st = speedlab::stream_triad;
  namespace gpu = speedlab::cuda::stream_triad;
  const std::int64_t n = 4096;
  st::Arrays host = st::make_arrays(n, 42);
  st::naive(host.a.data(), host.b.data(), host.c.data(), st::kScalar, n);
  const st::Checksums right = st::checksums(host.a.data(), n);
  speedlab::Params params;
  params.values["n"] = n;
  for (bool lazy : {false, true}) {
    int calls = 0;
    const auto launch = [&calls, lazy](gpu::DeviceArraysOf<double>& arrays, double s) {
      if (!lazy || calls++ == 0) gpu::launch_naive(arrays, s);
    };
    const auto reps = run_body([&](benchmark::State& state) { gpu::body<double>(state, params, launch); });
    REQUIRE(reps.size() == 3);
    for (std::size_t r = 0; r < reps.size(); ++r) {
      INFO("lazy = " << lazy << ", repetition " << r);
      if (lazy && r > 0) {
        CHECK(std::isnan(reps[r].at("checksum")));
        CHECK(std::isnan(reps[r].at("checksum_weighted")));
      } else {
        CHECK(reps[r].at("checksum") == Approx(right.sum).epsilon(1e-13));
        CHECK(reps[r].at("checksum_weighted") == Approx(right.weighted).epsilon(1e-13));
      }
    }
  }
}
