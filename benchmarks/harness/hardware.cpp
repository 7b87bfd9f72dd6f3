#include "harness/hardware.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <utility>

namespace speedlab::hardware {
namespace {

// The first line of a sysfs file, trimmed; "" when it is missing.
std::string read_line(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  if (!file || !std::getline(file, line)) return {};
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  return line;
}

long read_long(const std::string& path, long missing) {
  const std::string text = read_line(path);
  if (text.empty()) return missing;
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  return end != nullptr && *end == '\0' ? value : missing;
}

// The CPUs of a CPU list, in order.
std::vector<int> cpus_of(const std::string& list) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string item = list.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) return {};
    char* end = nullptr;
    const long first = std::strtol(item.c_str(), &end, 10);
    long last = first;
    if (end == item.c_str()) return {};
    if (*end == '-') {
      const char* second = end + 1;
      last = std::strtol(second, &end, 10);
      if (end == second) return {};
    }
    if (*end != '\0' || first < 0 || last < first) return {};
    for (long cpu = first; cpu <= last; ++cpu) out.push_back(static_cast<int>(cpu));
  }
  return out;
}

std::vector<Cache> caches_of(const std::string& cpu_dir) {
  std::vector<Cache> out;
  for (int index = 0; index < 16; ++index) {
    const std::string dir = cpu_dir + "/cache/index" + std::to_string(index) + "/";
    Cache cache;
    cache.level = static_cast<int>(read_long(dir + "level", 0));
    cache.bytes = parse_size(read_line(dir + "size"));
    if (cache.level <= 0 || cache.bytes <= 0) continue;
    cache.type = read_line(dir + "type");
    cache.shared_cpu_list = read_line(dir + "shared_cpu_list");
    cache.sharing_cpus = std::max(1, count_cpu_list(cache.shared_cpu_list));
    out.push_back(cache);
  }
  return out;
}

// The last-level (highest, data or unified) cache among `caches`; nullptr if none.
const Cache* last_level_of(const std::vector<Cache>& caches) {
  const Cache* best = nullptr;
  for (const auto& cache : caches) {
    if (cache.type == "Instruction") continue;
    if (best == nullptr || cache.level > best->level) best = &cache;
  }
  return best;
}

}  // namespace

int count_cpu_list(const std::string& list) { return static_cast<int>(cpus_of(list).size()); }

std::int64_t parse_size(const std::string& text) {
  if (text.empty()) return 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || value <= 0) return 0;
  const std::string unit(end);
  if (unit.empty()) return value;
  if (unit == "K") return value << 10;
  if (unit == "M") return value << 20;
  if (unit == "G") return value << 30;
  return 0;
}

Fallback sysconf_fallback() {
  Fallback out;
#ifdef _SC_LEVEL1_DCACHE_SIZE
  out.l1d_bytes = std::max(0L, sysconf(_SC_LEVEL1_DCACHE_SIZE));
  out.l2_bytes = std::max(0L, sysconf(_SC_LEVEL2_CACHE_SIZE));
  out.l3_bytes = std::max(0L, sysconf(_SC_LEVEL3_CACHE_SIZE));
#endif
  out.cpus = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  return out;
}

Facts read(const std::string& sysfs_root, const Fallback& fallback) {
  Facts facts;
  const std::string cpu_root = sysfs_root + "/devices/system/cpu";

  // CPUs: the online list, and distinct (package, core) pairs among them.
  std::vector<int> online = cpus_of(read_line(cpu_root + "/online"));
  std::set<std::pair<long, long>> cores;
  for (int cpu : online) {
    const std::string topology = cpu_root + "/cpu" + std::to_string(cpu) + "/topology/";
    const long package = read_long(topology + "physical_package_id", -1);
    const long core = read_long(topology + "core_id", -1);
    if (core >= 0) cores.emplace(package, core);
  }
  if (!online.empty()) {
    facts.logical_cpus = static_cast<int>(online.size());
    facts.physical_cores = cores.empty() ? facts.logical_cpus : static_cast<int>(cores.size());
    facts.cpu_source = "sysfs";
  } else {
    facts.logical_cpus = std::max(1, fallback.cpus);
    facts.physical_cores = facts.logical_cpus;
    facts.cpu_source = fallback.cpus > 0 ? "sysconf" : "assumed";
    online.clear();
    for (int cpu = 0; cpu < facts.logical_cpus; ++cpu) online.push_back(cpu);
  }

  // Caches of the first online CPU; the last level's instances over all of them.
  const int first = online.empty() ? 0 : online.front();
  facts.caches = caches_of(cpu_root + "/cpu" + std::to_string(first));
  if (const Cache* last = last_level_of(facts.caches)) {
    facts.cache_source = "sysfs";
    for (const auto& cache : facts.caches) {
      if (cache.level == 1 && cache.type != "Instruction") facts.l1d_bytes = cache.bytes;
      if (cache.level == 2 && cache.type != "Instruction") facts.l2_bytes = cache.bytes;
    }
    facts.last_level = last->level;
    facts.last_level_bytes = last->bytes;
    facts.last_level_sharing = last->sharing_cpus;
    std::set<std::string> instances;
    for (int cpu : online) {
      const std::vector<Cache> own = caches_of(cpu_root + "/cpu" + std::to_string(cpu));
      if (const Cache* level = last_level_of(own)) instances.insert(level->shared_cpu_list);
    }
    facts.last_level_instances = std::max<int>(1, static_cast<int>(instances.size()));
  } else if (fallback.l1d_bytes > 0 || fallback.l2_bytes > 0 || fallback.l3_bytes > 0) {
    facts.cache_source = "sysconf";
    facts.l1d_bytes = fallback.l1d_bytes;
    facts.l2_bytes = fallback.l2_bytes;
    facts.last_level = fallback.l3_bytes > 0 ? 3 : 2;
    facts.last_level_bytes = fallback.l3_bytes > 0 ? fallback.l3_bytes : fallback.l2_bytes;
    facts.last_level_sharing = facts.logical_cpus;  // sysconf does not say; one shared cache
  } else {
    facts.cache_source = "assumed";
  }
  // Whatever is still unknown: common sizes of current cores, so blocking stays sane.
  if (facts.l1d_bytes <= 0) facts.l1d_bytes = std::int64_t{32} << 10;
  if (facts.l2_bytes <= 0) facts.l2_bytes = std::int64_t{512} << 10;
  if (facts.last_level_bytes <= 0) {
    facts.last_level = 3;
    facts.last_level_bytes = std::int64_t{32} << 20;
    facts.last_level_sharing = facts.logical_cpus;
  }
  return facts;
}

const Facts& machine() {
  static const Facts facts = [] {
    const char* root = std::getenv("SPEEDLAB_SYSFS_ROOT");
    return read(root != nullptr && *root != '\0' ? root : "/sys", sysconf_fallback());
  }();
  return facts;
}

std::int64_t last_level_bytes_for_threads(const Facts& facts, int threads) {
  const int sharing = std::max(1, facts.last_level_sharing);
  const int groups = std::clamp((std::max(1, threads) + sharing - 1) / sharing, 1, std::max(1, facts.last_level_instances));
  return facts.last_level_bytes * groups;
}

Vectors cpu_vectors() {
  Vectors out;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  out.widths_bits.push_back(128);  // SSE2 is part of x86-64
  if (__builtin_cpu_supports("avx")) out.widths_bits.push_back(256);
  out.avx512f = __builtin_cpu_supports("avx512f");
  if (out.avx512f) out.widths_bits.push_back(512);
  out.fma = __builtin_cpu_supports("fma");
#elif defined(__aarch64__)
  out.widths_bits.push_back(128);  // NEON (ASIMD) is part of AArch64, FMA included
  out.fma = true;
#endif
  return out;
}

}  // namespace speedlab::hardware
