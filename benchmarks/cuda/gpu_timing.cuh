// The timed loop the GPU benchmark bodies share. Per iteration:
//   copy_in()   host -> device transfers (in the end-to-end time only)
//   device()    the work, between two CUDA events: the kernel time, reported
//               as the iteration time (the body is registered Timing::kManual)
//   copy_out()  device -> host transfers, synchronizing (end-to-end only)
// The counter end_to_end_s is the host-clock time of all three, per iteration.
#pragma once

#include <benchmark/benchmark.h>

#include "cuda/cuda_check.cuh"

namespace speedlab::cuda {

template <typename CopyIn, typename Device, typename CopyOut>
void time_iterations(benchmark::State& state, CopyIn copy_in, Device device, CopyOut copy_out) {
  EventTimer timer;
  double end_to_end = 0.0;
  for (auto _ : state) {
    const auto begin = HostClock::now();
    copy_in();
    timer.start();
    device();
    timer.stop();
    copy_out();
    end_to_end += seconds_between(begin, HostClock::now());
    state.SetIterationTime(timer.seconds());
  }
  state.counters["end_to_end_s"] = benchmark::Counter(end_to_end, benchmark::Counter::kAvgIterations);
}

// The bytes one iteration copies host -> device (copy_in) and device -> host
// (copy_out): the report sets end_to_end_s minus the kernel time against what
// the transfer workload measured for that many bytes.
inline void report_copy_bytes(benchmark::State& state, double to_device, double from_device) {
  state.counters["h2d_bytes"] = benchmark::Counter(to_device);
  state.counters["d2h_bytes"] = benchmark::Counter(from_device);
}

}  // namespace speedlab::cuda
