// Google Benchmark bodies for chunked_reduction (C++ tiers). The input file is
// generated into the run's data folder before timing (or reused: every impl
// of the same n and seed reads the same file). Each iteration opens the file,
// reads it once and returns the mean and variance; with from_disk = 1 the file
// is first dropped from the page cache, untimed, so the bytes come from the disk.
#include "cpp/chunked_reduction.hpp"
#include "harness/registry.hpp"

namespace speedlab {
namespace {

constexpr std::int64_t kMaxN = std::int64_t{1} << 34;  // 128 GiB

template <typename Reduce>
void run(benchmark::State& state, const Params& params, Reduce reduce) {
  const std::int64_t n = params.get("n", 1, kMaxN);
  const bool from_disk = params.get("from_disk", 0, 1) == 1;
  const std::string path = chunked_reduction::ensure_input_file(data_dir(), n, params.seed);
  chunked_reduction::Moments moments;
  for (auto _ : state) {
    if (from_disk) {  // untimed: only the read that follows is measured
      state.PauseTiming();
      chunked_reduction::drop_from_page_cache(path);
      state.ResumeTiming();
    }
    moments = reduce(path, n);
    benchmark::DoNotOptimize(moments);
  }
  report_checksum(state, "mean", moments.mean);
  report_checksum(state, "variance", moments.variance);
}

void mmap_body(benchmark::State& state, const Params& params) { run(state, params, chunked_reduction::reduce_mmap); }

void stream_body(benchmark::State& state, const Params& params) {
  run(state, params, chunked_reduction::reduce_stream);
}

const Registration mmap_registration{"chunked_reduction", "cpp.mmap", mmap_body};
const Registration stream_registration{"chunked_reduction", "cpp.stream", stream_body};

}  // namespace
}  // namespace speedlab
