// Hardware facts for the C++ side, from one place: cache sizes and CPU counts
// from sysfs (sysconf only where sysfs says nothing), vector widths from the
// CPU itself. Every kernel that picks a path by size (streaming stores,
// matmul blocking) and the ceilings binary read them here, so they agree.
//
// Why not sysconf: glibc derives _SC_LEVEL3_CACHE_SIZE from CPUID, which a
// hypervisor may report as the host's whole L3 (a 2-vCPU VM saw 320 MiB
// where sysfs, which the guest kernel fills from the cache topology it was
// given, said 32 MiB).
//
// SPEEDLAB_SYSFS_ROOT (default /sys) points the module at another tree: the
// tests build a fake one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace speedlab::hardware {

struct Cache {
  int level = 0;
  std::string type;             // Data, Instruction, Unified
  std::int64_t bytes = 0;
  std::string shared_cpu_list;  // e.g. "0-7"
  int sharing_cpus = 1;         // CPUs in that list
};

// Where a group of facts came from: "sysfs", "sysconf" (sysfs had nothing), "assumed" (neither had it).
struct Facts {
  std::vector<Cache> caches;          // of cpu0, as sysfs lists them
  std::int64_t l1d_bytes = 0;         // per core
  std::int64_t l2_bytes = 0;          // per core (or per cluster)
  std::int64_t last_level_bytes = 0;  // one instance of the last-level cache (L3, else L2)
  int last_level = 0;                 // its level
  int last_level_instances = 1;       // distinct last-level caches over the online CPUs (one per CCX, per socket)
  int last_level_sharing = 1;         // CPUs sharing one instance
  int logical_cpus = 1;               // online CPUs
  int physical_cores = 1;             // distinct (package, core) pairs
  std::string cache_source;
  std::string cpu_source;
};

// sysconf's answers, the fallback (a parameter so the tests can make them disagree with sysfs).
struct Fallback {
  std::int64_t l1d_bytes = 0;
  std::int64_t l2_bytes = 0;
  std::int64_t l3_bytes = 0;
  int cpus = 0;
};
Fallback sysconf_fallback();

// Facts from the sysfs tree at `sysfs_root` ("/sys"), the fallback where it is silent.
Facts read(const std::string& sysfs_root, const Fallback& fallback);

// This machine's facts, read once: read($SPEEDLAB_SYSFS_ROOT or "/sys", sysconf_fallback()).
const Facts& machine();

// The last-level cache that `threads` threads can fill between them: one
// instance per group of last_level_sharing CPUs they occupy (threads placed
// compactly), at most every instance.
std::int64_t last_level_bytes_for_threads(const Facts& facts, int threads);

// CPU-list syntax of sysfs ("0-3,8,10-11") -> number of CPUs; 0 for an empty or malformed list.
int count_cpu_list(const std::string& list);

// "32K", "1024K", "32M", "512" (bytes) -> bytes; 0 when malformed.
std::int64_t parse_size(const std::string& text);

// Vector widths this CPU (and OS) can execute, asked of the CPU at run time:
// 128 on x86-64 and AArch64, 256 with AVX, 512 with AVX-512F.
struct Vectors {
  std::vector<int> widths_bits;  // ascending
  bool fma = false;              // fused multiply-add (x86 FMA3, VEX-encoded at 128 and 256 bits; AArch64 always)
  bool avx512f = false;
};
Vectors cpu_vectors();

}  // namespace speedlab::hardware
