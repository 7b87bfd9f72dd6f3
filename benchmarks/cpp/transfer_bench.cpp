// cpp.memcpy for the transfer workload: std::memcpy of the payload from one
// host buffer to another, for scale beside the host <-> GPU copies (each
// byte is read once and written once, as a copy over PCIe reads host memory
// once or writes it once).
#include <cstring>
#include <vector>

#include "cpp/transfer.hpp"
#include "harness/registry.hpp"
#include "harness/reuse.hpp"

namespace speedlab {
namespace {

void memcpy_body(benchmark::State& state, const Params& params) {
  const std::int64_t bytes = params.get("bytes", 1, transfer::kMaxBytes);
  const auto size = static_cast<std::size_t>(bytes);
  std::vector<unsigned char> source(size);
  transfer::fill(source.data(), bytes, params.seed);
  std::vector<unsigned char> destination(size);
  poison(destination);  // 0xFF bytes (NaN doubles): a copy that never happened cannot pass
  for (auto _ : state) {
    std::memcpy(destination.data(), source.data(), size);
    benchmark::DoNotOptimize(destination.data());
    benchmark::ClobberMemory();
  }
  const transfer::Checksums sums = transfer::checksums(destination.data(), bytes);
  report_checksum(state, "checksum", sums.sum);
  report_checksum(state, "checksum_weighted", sums.weighted);
}

const Registration memcpy_registration{"transfer", "cpp.memcpy", memcpy_body};

}  // namespace
}  // namespace speedlab
