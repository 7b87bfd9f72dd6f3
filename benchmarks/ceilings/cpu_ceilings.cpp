// speedlab_ceilings: what this CPU can do at most, measured.
//
//   speedlab_ceilings [--threads 1,2] [--array-mib MIB] [--seconds S]
//
// Prints JSON with
//   clock      the core clock measured with a chain of dependent integer adds
//              (one cycle each on every x86 core since the 486), so it sees
//              turbo and VM throttling that /proc/cpuinfo does not;
//   fma        double-precision GFLOP/s of an FMA-throughput microkernel:
//              independent vector FMA chains per thread (enough to cover 4-cycle
//              latency on 2 FMA units), vectors as wide as the build targets;
//   triad/copy STREAM-style bandwidth (GB/s, STREAM's byte counts: triad 24n,
//              copy 16n) on arrays far larger than the last-level cache, best of
//              several trials, first-touch by the same threads.
// Each at 1 thread and at all threads (or the --threads list).
// This file is compiled with -ffp-contract=fast so `a * b + c` becomes an FMA.
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cpp/simd.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using speedlab::simd::kDoubleLanes;
using speedlab::simd::VecDouble;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---------------------------------------------------------------- clock
double measured_clock_ghz(double seconds) {
#if defined(__x86_64__) || defined(__i386__)
  const auto probe = [](std::int64_t loops) {
    std::uint64_t x = 0;
    const auto start = Clock::now();
    for (std::int64_t i = 0; i < loops; ++i) {
      asm volatile(".rept 100\n\tadd $1, %0\n\t.endr" : "+r"(x));
    }
    return std::make_pair(seconds_since(start), x);
  };
  std::int64_t loops = 1000;
  while (probe(loops).first < 0.02) loops *= 4;
  double best = 0.0;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  do {
    const auto [elapsed, x] = probe(loops);
    best = std::max(best, static_cast<double>(x) / elapsed / 1e9);
  } while (Clock::now() < deadline);
  return best;
#else
  (void)seconds;
  return 0.0;  // unknown on this architecture: the runner falls back to the OS's figure
#endif
}

// ---------------------------------------------------------------- FMA peak
// Independent chains: at least latency (4 cycles) x FMA pipes (2) = 8 in
// flight, but no more than fit in registers with the two constants: 16 vector
// registers below AVX-512 (so 12), 32 with it (so 24). Spilling one chain to
// the stack would make the store-load latency the bottleneck.
#if defined(__AVX512F__)
constexpr int kChains = 24;
#else
constexpr int kChains = 12;
#endif

double fma_chains(std::int64_t iterations) {
  VecDouble acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = VecDouble{} + (1.0 + 0.001 * c);
  const VecDouble mul = VecDouble{} + 0.9999;  // fixed point 1: no overflow, no denormals
  const VecDouble add = VecDouble{} + 0.0001;
  for (std::int64_t i = 0; i < iterations; ++i) {
    for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * mul + add;
  }
  double sum = 0.0;
  for (int c = 0; c < kChains; ++c) sum += speedlab::simd::horizontal_sum(acc[c]);
  return sum;
}

double fma_gflops(int threads, double seconds) {
  std::int64_t iterations = 1 << 16;
  volatile double sink = 0.0;
  double best = 0.0;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  do {
    const auto start = Clock::now();
    double total = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    total += fma_chains(iterations);
    const double elapsed = seconds_since(start);
    sink = total;
    if (elapsed < 0.05) {
      iterations *= 4;
      continue;
    }
    const double flops = 2.0 * kChains * kDoubleLanes * static_cast<double>(iterations) * threads;
    best = std::max(best, flops / elapsed / 1e9);
  } while (Clock::now() < deadline || best == 0.0);
  (void)sink;
  return best;
}

// ---------------------------------------------------------------- bandwidth
struct Bandwidth {
  double triad_gbps = 0.0;
  double copy_gbps = 0.0;
};

Bandwidth stream(int threads, std::size_t n, int trials) {
  // Uninitialized allocations, first touched in parallel with the same static
  // schedule as the kernels, so pages sit near the threads that use them.
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  double* pa = a.get();
  double* pb = b.get();
  double* pc = c.get();
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    pa[i] = 0.0;
    pb[i] = 1.0;
    pc[i] = 2.0;
  }
  const double scalar = 3.0;
  Bandwidth best;
  for (int trial = 0; trial < trials; ++trial) {
    auto start = Clock::now();
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + scalar * pc[i];
    double elapsed = seconds_since(start);
    best.triad_gbps = std::max(best.triad_gbps, 24.0 * static_cast<double>(n) / elapsed / 1e9);
    start = Clock::now();
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::size_t i = 0; i < n; ++i) pc[i] = pa[i];
    elapsed = seconds_since(start);
    best.copy_gbps = std::max(best.copy_gbps, 16.0 * static_cast<double>(n) / elapsed / 1e9);
  }
  // Keep the arrays observable so the loops cannot be removed.
  volatile double observe = pa[n / 2] + pc[n / 3];
  (void)observe;
  return best;
}

// Size of the highest-level cache of cpu0, from sysfs ("32768K"); sysconf's
// figure is unreliable inside VMs. 0 when unknown.
long last_level_cache_bytes() {
  long best_level = 0;
  long best_bytes = 0;
  for (int index = 0; index < 10; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
    std::ifstream level_file(dir + "level");
    std::ifstream size_file(dir + "size");
    long level = 0;
    std::string size;
    if (!(level_file >> level) || !(size_file >> size) || size.empty()) continue;
    long bytes = std::atol(size.c_str());
    if (size.back() == 'K') bytes <<= 10;
    if (size.back() == 'M') bytes <<= 20;
    if (level > best_level) {
      best_level = level;
      best_bytes = bytes;
    }
  }
  return best_bytes > 0 ? best_bytes : std::max(sysconf(_SC_LEVEL3_CACHE_SIZE), 0L);
}

std::vector<int> parse_threads(const std::string& text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item == "all") {
      out.push_back(omp_get_num_procs());
    } else if (!item.empty()) {
      out.push_back(std::max(1, std::atoi(item.c_str())));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> threads = parse_threads("1,all");
  double seconds = 0.5;
  long array_mib = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = parse_threads(argv[++i]);
    } else if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (arg == "--array-mib" && i + 1 < argc) {
      array_mib = std::atol(argv[++i]);
    } else {
      std::cerr << "speedlab_ceilings: unknown argument '" << arg
                << "'\nusage: speedlab_ceilings [--threads 1,all] [--seconds S] [--array-mib MIB]\n";
      return 2;
    }
  }
  const long llc = last_level_cache_bytes();
  if (array_mib <= 0) {
    // STREAM's rule: each array at least 4x the last-level cache. 8x here,
    // between 64 MiB and 1 GiB (three arrays must fit comfortably in memory).
    array_mib = std::clamp<long>(8 * llc / (1 << 20), 64, 1024);
  }
  const std::size_t n = static_cast<std::size_t>(array_mib) * (1 << 20) / sizeof(double);

  nlohmann::ordered_json out;
  out["vector_bits"] = kDoubleLanes * 64;
  out["fma_chains"] = kChains;
  out["clock_ghz_measured"] = measured_clock_ghz(std::min(seconds, 0.3));
  out["last_level_cache_bytes"] = llc;
  out["array_bytes"] = n * sizeof(double);
  out["fma"] = nlohmann::ordered_json::array();
  out["stream"] = nlohmann::ordered_json::array();
  for (int t : threads) out["fma"].push_back({{"threads", t}, {"gflops", fma_gflops(t, seconds)}});
  for (int t : threads) {
    const Bandwidth bw = stream(t, n, 8);
    out["stream"].push_back({{"threads", t}, {"triad_gbps", bw.triad_gbps}, {"copy_gbps", bw.copy_gbps}});
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
