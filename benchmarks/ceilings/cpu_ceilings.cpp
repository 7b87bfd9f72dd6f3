// speedlab_ceilings: what this CPU can do at most, measured as the best of
// several candidates, every one of them reported.
//
//   speedlab_ceilings [--threads 1,all] [--array-mib MIB] [--seconds S] [--dgemm-n N]
//
// Prints JSON (method_version 2) with
//   hardware   what the hardware module read (harness/hardware.hpp: sysfs, sysconf only as a fallback);
//   clock      the core clock measured with a chain of dependent integer adds
//              (one cycle each on every x86 core since the 486), so it sees
//              turbo and VM throttling that /proc/cpuinfo does not;
//   compute    per thread count, the FP64 GFLOP/s of every candidate: an
//              FMA-throughput microkernel at each vector width this CPU runs
//              (fma_kernel.cpp, one translation unit per width, chosen at run
//              time) and a large OpenBLAS DGEMM;
//   bandwidth  per thread count, STREAM triad and copy with ordinary and with
//              non-temporal stores (GB/s, STREAM's byte counts: triad 24n, copy
//              16n), arrays far larger than the last-level cache, best of trials.
// The runner (runner/speedlab/ceilings.py) takes the best candidate of each
// as the ceiling and names it; this program only measures.
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "ceilings/ceilings.hpp"
#include "cpp/simd.hpp"
#include "harness/hardware.hpp"

#ifndef SPEEDLAB_CXX_FLAGS
#define SPEEDLAB_CXX_FLAGS "unknown"
#endif

namespace speedlab::ceilings {

std::vector<FmaKernel>& fma_kernels() {
  static std::vector<FmaKernel> kernels;
  return kernels;
}

namespace {

constexpr int kMethodVersion = 2;  // runner/speedlab/ceilings.py METHOD_VERSION: a cache of another version is not reused
using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Lets the threads of one candidate (OpenMP's or OpenBLAS's, which spin a
// little after their work) go idle before the next candidate starts.
void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

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

// ---------------------------------------------------------------- FMA candidates
// The kernels this CPU can execute: every fused width it supports; the
// multiply-and-add kernel only where there is no FMA at all.
std::vector<FmaKernel> runnable_kernels(const hardware::Vectors& vectors) {
  std::vector<FmaKernel> out;
  for (const FmaKernel& kernel : fma_kernels()) {
    const bool width = std::find(vectors.widths_bits.begin(), vectors.widths_bits.end(), kernel.vector_bits) !=
                       vectors.widths_bits.end();
    const bool fma_ok = kernel.fused ? vectors.fma && (kernel.vector_bits < 512 || vectors.avx512f) : !vectors.fma;
    if (width && fma_ok) out.push_back(kernel);
  }
  std::sort(out.begin(), out.end(), [](const FmaKernel& x, const FmaKernel& y) { return x.vector_bits < y.vector_bits; });
  return out;
}

double fma_gflops(const FmaKernel& kernel, int threads, double seconds) {
  std::int64_t iterations = 1 << 14;
  volatile double sink = 0.0;
  double best = 0.0;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  do {
    const auto start = Clock::now();
    double total = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    total += kernel.run(iterations);
    const double elapsed = seconds_since(start);
    sink = total;
    if (elapsed < 0.05) {
      iterations *= 4;
      continue;
    }
    const double flops = 2.0 * kernel.chains * (kernel.vector_bits / 64) * static_cast<double>(iterations) * threads;
    best = std::max(best, flops / elapsed / 1e9);
  } while (Clock::now() < deadline || best == 0.0);
  (void)sink;
  return best;
}

// DGEMM size: 2048 on one thread (17 GFLOP a call: well past OpenBLAS's
// blocking), larger with more threads so each still gets a big share; at most
// 6144 (three matrices of 288 MiB).
std::int64_t dgemm_size(int threads) {
  const double scaled = 2048.0 * std::cbrt(static_cast<double>(threads));
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(scaled / 256.0 + 0.5) * 256, 2048, 6144);
}

Json compute_entry(int threads, double seconds, std::int64_t dgemm_n, const hardware::Vectors& vectors) {
  Json candidates = Json::array();
  for (const FmaKernel& kernel : runnable_kernels(vectors)) {
    settle();
    const double gflops = fma_gflops(kernel, threads, seconds);
    candidates.push_back({{"name", kernel.name},
                          {"method", std::string(kernel.fused ? "FMA" : "multiply + add") + " microkernel, " +
                                         std::to_string(kernel.vector_bits) + "-bit vectors, " +
                                         std::to_string(kernel.chains) + " independent chains in registers"},
                          {"vector_bits", kernel.vector_bits},
                          {"chains", kernel.chains},
                          {"gflops", gflops}});
  }
  settle();
  const std::int64_t n = dgemm_n > 0 ? dgemm_n : dgemm_size(threads);
  candidates.push_back({{"name", "dgemm"},
                        {"method", "OpenBLAS cblas_dgemm, n = " + std::to_string(n) + ", " + std::to_string(threads) +
                                       " BLAS thread(s)"},
                        {"n", n},
                        {"gflops", dgemm_gflops(threads, n, seconds)}});
  return {{"threads", threads}, {"candidates", candidates}};
}

// ---------------------------------------------------------------- bandwidth candidates
Json bandwidth_entry(int threads, std::size_t n) {
  Json candidates = Json::array();
  for (const Stores stores : {Stores::kOrdinary, Stores::kNonTemporal}) {
    settle();
    const StreamResult result = stream(threads, n, 8, stores);
    const bool nt = stores == Stores::kNonTemporal;
    const std::string suffix = nt ? "_nt" : "";
    const std::string how = nt ? "non-temporal stores" : "ordinary stores";
    candidates.push_back({{"name", "triad" + suffix}, {"method", "STREAM triad, " + how}, {"stores", nt ? "non-temporal" : "ordinary"},
                          {"counted_bytes_per_element", 24}, {"moved_bytes_per_element", nt ? 24 : 32},
                          {"gbps", result.triad_gbps}});
    candidates.push_back({{"name", "copy" + suffix}, {"method", "STREAM copy, " + how}, {"stores", nt ? "non-temporal" : "ordinary"},
                          {"counted_bytes_per_element", 16}, {"moved_bytes_per_element", nt ? 16 : 24},
                          {"gbps", result.copy_gbps}});
  }
  return {{"threads", threads}, {"candidates", candidates}};
}

Json hardware_json(const hardware::Facts& facts, const hardware::Vectors& vectors) {
  Json caches = Json::array();
  for (const auto& cache : facts.caches) {
    caches.push_back({{"level", cache.level}, {"type", cache.type}, {"bytes", cache.bytes},
                      {"shared_cpu_list", cache.shared_cpu_list}});
  }
  return {{"cache_source", facts.cache_source},   {"cpu_source", facts.cpu_source},
          {"logical_cpus", facts.logical_cpus},   {"physical_cores", facts.physical_cores},
          {"l1d_bytes", facts.l1d_bytes},         {"l2_bytes", facts.l2_bytes},
          {"last_level", facts.last_level},       {"last_level_bytes", facts.last_level_bytes},
          {"last_level_instances", facts.last_level_instances},
          {"last_level_sharing", facts.last_level_sharing},
          {"caches", caches},                     {"vector_widths_bits", vectors.widths_bits},
          {"fma", vectors.fma},                   {"avx512f", vectors.avx512f}};
}

std::vector<int> parse_threads(const std::string& text, int all) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item == "all") {
      out.push_back(all);
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

int usage(const std::string& arg) {
  std::cerr << "speedlab_ceilings: unknown argument '" << arg
            << "'\nusage: speedlab_ceilings [--threads 1,all] [--seconds S] [--array-mib MIB] [--dgemm-n N]\n";
  return 2;
}

}  // namespace
}  // namespace speedlab::ceilings

int main(int argc, char** argv) {
  using namespace speedlab::ceilings;
  namespace hardware = speedlab::hardware;
  const hardware::Facts& facts = hardware::machine();
  const hardware::Vectors vectors = hardware::cpu_vectors();
  const int all = std::max(1, omp_get_num_procs());  // the CPUs this process may use (affinity)
  std::vector<int> threads = parse_threads("1,all", all);
  double seconds = 0.5;
  long array_mib = 0;
  long dgemm_n = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage(arg);
    if (arg == "--threads") {
      threads = parse_threads(argv[++i], all);
    } else if (arg == "--seconds") {
      seconds = std::atof(argv[++i]);
    } else if (arg == "--array-mib") {
      array_mib = std::atol(argv[++i]);
    } else if (arg == "--dgemm-n") {
      dgemm_n = std::atol(argv[++i]);
    } else {
      return usage(arg);
    }
  }
  // STREAM's rule: each array at least 4x the caches it could sit in. 8x the
  // last-level cache all threads share, between 64 MiB and 1 GiB, and at most
  // an eighth of memory (three arrays must fit comfortably).
  const std::int64_t llc = hardware::last_level_bytes_for_threads(facts, threads.back());
  if (array_mib <= 0) {
    const long memory_mib = sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE) / (1L << 20);
    array_mib = std::clamp<long>(8 * llc / (1 << 20), 64, 1024);
    if (memory_mib > 0) array_mib = std::max(16L, std::min(array_mib, memory_mib / 8));
  }
  const std::size_t n = static_cast<std::size_t>(array_mib) * (1 << 20) / sizeof(double);

  Json out;
  out["method_version"] = kMethodVersion;
  out["hardware"] = hardware_json(facts, vectors);
  out["build"] = {{"cxx_flags", SPEEDLAB_CXX_FLAGS},
                  {"vector_bits", speedlab::simd::kDoubleLanes * 64},
                  {"fma_kernels_built", [] {
                     Json names = Json::array();
                     for (const auto& kernel : fma_kernels()) names.push_back(kernel.name);
                     return names;
                   }()}};
  // The clock is read before and again after the FMA candidates, the higher kept: a single short reading
  // taken while the cores were still ramping up read ~1% low, and the theoretical peak derived from it fell
  // below what the FMA loop then measured.
  const double clock_before = measured_clock_ghz(std::min(seconds, 0.3));
  out["clock_ghz_measured"] = clock_before;
  out["last_level_cache_bytes"] = llc;
  out["array_bytes"] = n * sizeof(double);
  out["byte_counting"] =
      "STREAM's: triad 24 bytes per element (read b and c, write a), copy 16 (read a, write c), whatever the "
      "stores; ordinary stores also read each destination line first (moved_bytes_per_element), which is not "
      "counted, as the workloads' byte counts do not count it (benchmarks/workloads/stream_triad.toml)";
  out["compute"] = Json::array();
  out["bandwidth"] = Json::array();
  for (int t : threads) out["compute"].push_back(compute_entry(t, seconds, dgemm_n, vectors));
  const double clock_after = measured_clock_ghz(std::min(seconds, 0.3));
  out["clock_ghz_readings"] = {clock_before, clock_after};
  out["clock_ghz_measured"] = std::max(clock_before, clock_after);
  for (int t : threads) out["bandwidth"].push_back(bandwidth_entry(t, n));
  std::cout << out.dump(2) << "\n";
  return 0;
}
