// Google Benchmark bodies for dataloader on the GPU (cuda.sync, cuda.overlap; dataloader.cuh). One
// iteration is one epoch. The iteration time (manual) is the GPU's step time, decode + SGEMM from CUDA
// events, so the table's median is the step alone ("kernel only"), and end_to_end_s is the epoch on the host
// clock: reads, copies, steps and the outputs copied back. step_idle_share = 1 - step / epoch, the share of
// the epoch the GPU's step waited for data. from_disk = 1 drops the sample files' cached pages before
// every epoch, outside both clocks.
#include <vector>

#include "cpp/checksum.hpp"
#include "cuda/dataloader.cuh"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

namespace loader = cuda::dataloader;

void epoch_body(benchmark::State& state, const Params& params, bool overlap) {
  const loader::Shape shape{params.get("batches", 1, 1 << 20), params.get("batch", 1, 1 << 16),
                            params.get("features", 1, 1 << 24), params.get("outputs", 1, 1 << 16)};
  const bool from_disk = params.get("from_disk", 0, 1) == 1;
  const std::string folder = loader::ensure_samples(data_dir(), shape, params.seed);
  loader::Loader epochs(shape, folder, loader::weights(shape, params.seed));
  std::vector<float> outputs(static_cast<std::size_t>(shape.samples() * shape.outputs));
  double step_s = 0.0, epoch_s = 0.0;
  for (auto _ : state) {
    if (from_disk) loader::drop_samples(folder, shape);
    poison(outputs);  // a skipped copy back cannot pass with the last epoch's outputs
    const loader::EpochTimes times = epochs.epoch(overlap, outputs.data());
    state.SetIterationTime(times.step_s);
    step_s += times.step_s;
    epoch_s += times.epoch_s;
    benchmark::DoNotOptimize(outputs.data());
  }
  state.counters["end_to_end_s"] = benchmark::Counter(epoch_s, benchmark::Counter::kAvgIterations);
  state.counters["step_idle_share"] = benchmark::Counter(epoch_s > 0 ? 1.0 - step_s / epoch_s : 0.0);
  report_checksum(state, "checksum", checksum::sum(outputs.data(), shape.samples() * shape.outputs));
  report_checksum(state, "checksum_weighted", checksum::weighted_sum_2d(outputs.data(), shape.samples(), shape.outputs));
}

const Registration sync_registration{"dataloader", "cuda.sync",
                                     [](benchmark::State& state, const Params& params) {
                                       epoch_body(state, params, false);
                                     },
                                     Timing::kManual};
const Registration overlap_registration{"dataloader", "cuda.overlap",
                                        [](benchmark::State& state, const Params& params) {
                                          epoch_body(state, params, true);
                                        },
                                        Timing::kManual};

}  // namespace
}  // namespace speedlab
