// The hardware module against fake sysfs trees: sysfs wins over sysconf, the
// fallback applies only where sysfs is silent, and the kernels' size-dependent
// choices (streaming stores, matmul blocking) follow the facts.
#include "catch.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cpp/matmul.hpp"
#include "cpp/streaming.hpp"
#include "harness/hardware.hpp"

namespace hw = speedlab::hardware;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text << "\n";
}

// A fake /sys: `cpus` online CPUs, two SMT threads per core, caches of each CPU
// (L1d 48K and L2 1M per core, one L3 of `l3` per `per_l3` CPUs).
fs::path fake_sysfs(const std::string& name, int cpus, const std::string& l3, int per_l3) {
  const fs::path root = fs::temp_directory_path() / ("speedlab_fake_sysfs_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const fs::path cpu_root = root / "devices/system/cpu";
  write(cpu_root / "online", "0-" + std::to_string(cpus - 1));
  for (int cpu = 0; cpu < cpus; ++cpu) {
    const fs::path dir = cpu_root / ("cpu" + std::to_string(cpu));
    write(dir / "topology/physical_package_id", "0");
    write(dir / "topology/core_id", std::to_string(cpu / 2));
    const std::string core_pair = std::to_string(cpu / 2 * 2) + "-" + std::to_string(cpu / 2 * 2 + 1);
    const int group = cpu / per_l3;
    const std::string l3_list = std::to_string(group * per_l3) + "-" + std::to_string(group * per_l3 + per_l3 - 1);
    const struct {
      const char* index;
      const char* level;
      const char* type;
      std::string size;
      std::string shared;
    } caches[] = {{"index0", "1", "Data", "48K", core_pair},
                  {"index1", "1", "Instruction", "32K", core_pair},
                  {"index2", "2", "Unified", "1024K", core_pair},
                  {"index3", "3", "Unified", l3, l3_list}};
    for (const auto& cache : caches) {
      write(dir / "cache" / cache.index / "level", cache.level);
      write(dir / "cache" / cache.index / "type", cache.type);
      write(dir / "cache" / cache.index / "size", cache.size);
      write(dir / "cache" / cache.index / "shared_cpu_list", cache.shared);
    }
  }
  return root;
}

// What sysconf says in the VM that motivated the module: a 320 MiB L3.
hw::Fallback vm_sysconf() { return {32 << 10, 1 << 20, std::int64_t{320} << 20, 2}; }

}  // namespace

TEST_CASE("hardware: sysfs wins over a sysconf that disagrees") {
  const fs::path root = fake_sysfs("agree", 4, "32768K", 4);
  const hw::Facts facts = hw::read(root.string(), vm_sysconf());
  CHECK(facts.cache_source == "sysfs");
  CHECK(facts.last_level_bytes == std::int64_t{32} << 20);  // not sysconf's 320 MiB
  CHECK(facts.last_level == 3);
  CHECK(facts.l1d_bytes == 48 << 10);  // the data cache, not the instruction cache
  CHECK(facts.l2_bytes == 1 << 20);
  CHECK(facts.logical_cpus == 4);
  CHECK(facts.physical_cores == 2);
  CHECK(facts.cpu_source == "sysfs");
  CHECK(facts.last_level_instances == 1);
  CHECK(facts.last_level_sharing == 4);
  CHECK(facts.caches.size() == 4);
  fs::remove_all(root);
}

TEST_CASE("hardware: sysconf only where sysfs is silent") {
  const fs::path root = fs::temp_directory_path() / ("speedlab_empty_sysfs_" + std::to_string(::getpid()));
  fs::create_directories(root);
  const hw::Facts facts = hw::read(root.string(), vm_sysconf());
  CHECK(facts.cache_source == "sysconf");
  CHECK(facts.cpu_source == "sysconf");
  CHECK(facts.last_level_bytes == std::int64_t{320} << 20);
  CHECK(facts.logical_cpus == 2);
  const hw::Facts nothing = hw::read(root.string(), hw::Fallback{});
  CHECK(nothing.cache_source == "assumed");
  CHECK(nothing.last_level_bytes == std::int64_t{32} << 20);
  CHECK(nothing.l1d_bytes == 32 << 10);
  fs::remove_all(root);
}

TEST_CASE("hardware: several last-level caches, and the part of them a thread count reaches") {
  const fs::path root = fake_sysfs("ccx", 8, "16M", 4);  // two CCXs of 4 CPUs, 16 MiB of L3 each
  const hw::Facts facts = hw::read(root.string(), vm_sysconf());
  CHECK(facts.last_level_bytes == std::int64_t{16} << 20);
  CHECK(facts.last_level_instances == 2);
  CHECK(hw::last_level_bytes_for_threads(facts, 1) == std::int64_t{16} << 20);
  CHECK(hw::last_level_bytes_for_threads(facts, 4) == std::int64_t{16} << 20);
  CHECK(hw::last_level_bytes_for_threads(facts, 5) == std::int64_t{32} << 20);
  CHECK(hw::last_level_bytes_for_threads(facts, 64) == std::int64_t{32} << 20);  // no more than exists
  fs::remove_all(root);
}

TEST_CASE("hardware: sizes and CPU lists as sysfs writes them") {
  CHECK(hw::parse_size("32K") == 32768);
  CHECK(hw::parse_size("32768K") == std::int64_t{32} << 20);
  CHECK(hw::parse_size("2M") == 2 << 20);
  CHECK(hw::parse_size("512") == 512);
  CHECK(hw::parse_size("") == 0);
  CHECK(hw::parse_size("12Q") == 0);
  CHECK(hw::count_cpu_list("0-3,8,10-11") == 7);
  CHECK(hw::count_cpu_list("0") == 1);
  CHECK(hw::count_cpu_list("") == 0);
  CHECK(hw::count_cpu_list("3-1") == 0);
  CHECK(hw::count_cpu_list("a-b") == 0);
}

TEST_CASE("hardware: SPEEDLAB_SYSFS_ROOT is what machine() reads") {
  // machine() is read once per process; this checks that its facts are read() of the root it names.
  const char* root = std::getenv("SPEEDLAB_SYSFS_ROOT");
  const hw::Facts expected = hw::read(root != nullptr && *root != '\0' ? root : "/sys", hw::sysconf_fallback());
  CHECK(hw::machine().last_level_bytes == expected.last_level_bytes);
  CHECK(hw::machine().logical_cpus == expected.logical_cpus);
  const hw::Vectors vectors = hw::cpu_vectors();
  REQUIRE(!vectors.widths_bits.empty());
  CHECK(vectors.widths_bits.front() == 128);
  CHECK(vectors.avx512f == (vectors.widths_bits.back() == 512));
}

TEST_CASE("streaming stores follow the sysfs cache, not sysconf's") {
  const fs::path root = fake_sysfs("stream", 2, "32768K", 2);
  const hw::Facts sysfs = hw::read(root.string(), vm_sysconf());
  fs::remove_all(root);
  // stream_triad at n = 8,388,608: three arrays of 64 MiB, 192 MiB, past a 32 MiB L3 but inside sysconf's 320 MiB.
  const std::int64_t working_set = 3 * 8 * std::int64_t{8388608};
  const auto expected = speedlab::streaming::kAvailable ? speedlab::streaming::Stores::kStreaming
                                                        : speedlab::streaming::Stores::kCached;
  CHECK(speedlab::streaming::stores_for_bytes(working_set, 1, sysfs) == expected);
  CHECK(speedlab::streaming::stores_for_bytes(working_set, 2, sysfs) == expected);
  CHECK(speedlab::streaming::stores_for_bytes(6 << 20, 2, sysfs) == speedlab::streaming::Stores::kCached);
  hw::Facts sysconf_view = sysfs;
  sysconf_view.last_level_bytes = std::int64_t{320} << 20;  // what the kernels used to read
  CHECK(speedlab::streaming::stores_for_bytes(working_set, 1, sysconf_view) == speedlab::streaming::Stores::kCached);
  CHECK(speedlab::streaming::counter_value(speedlab::streaming::Stores::kStreaming) == 1.0);
  CHECK(speedlab::streaming::counter_value(speedlab::streaming::Stores::kCached) == 0.0);
}

TEST_CASE("matmul tiled: blocking scales with the vector width and the caches") {
  namespace mm = speedlab::matmul;
  // AVX2 (nr = 8) on a Zen 3 core (32 KiB L1d, 512 KiB L2, 32 MiB L3): the blocking it was tuned with.
  const mm::TiledBlocking avx2 = mm::tiled_blocking_for(32 << 10, 512 << 10, std::int64_t{32} << 20, 8);
  CHECK(avx2.kc == 256);
  CHECK(avx2.mc == 144);
  CHECK(avx2.nc == 2048);
  // AVX-512 (nr = 16) on a Zen 4 core (32 KiB L1d, 1 MiB L2): the B micro-panel stays 16 KiB, half of L1d.
  const mm::TiledBlocking avx512 = mm::tiled_blocking_for(32 << 10, 1 << 20, std::int64_t{32} << 20, 16);
  CHECK(avx512.kc == 128);
  CHECK(avx512.kc * avx512.nr * 8 == 16 << 10);
  CHECK(avx512.mc == 576);
  CHECK(avx512.mc % avx512.mr == 0);
  CHECK(avx512.nc % avx512.nr == 0);
  // A 48 KiB L1d (Golden Cove, Zen 5) at AVX-512: kc grows with it.
  CHECK(mm::tiled_blocking_for(48 << 10, 2 << 20, std::int64_t{105} << 20, 16).kc == 192);
  // This build: nr is two of its vectors, and the blocking is this machine's.
  const mm::TiledBlocking here = mm::tiled_blocking();
  CHECK(here.nr == 2 * speedlab::simd::kDoubleLanes);
  CHECK(here.kc * here.nr * 8 <= hw::machine().l1d_bytes / 2);
}
