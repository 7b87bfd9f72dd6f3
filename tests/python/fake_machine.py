"""Fake machines for the hardware, sysinfo and ceilings tests: a sysfs tree and a /proc with cpuinfo/meminfo."""

from __future__ import annotations

from pathlib import Path

X86_FLAGS = {
    "sse2": "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt",
    "avx2": "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx fma avx2 bmi1 bmi2",
    "avx512": "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx fma avx2 bmi1 bmi2 avx512f avx512dq avx512bw avx512vl",
    "avx": "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx",
}

# name: (vendor, family, model, flags, model name)
X86_CPUS = {
    "zen3": ("AuthenticAMD", 25, 0x01, "avx2", "AMD EPYC 7763 64-Core Processor"),
    "zen4": ("AuthenticAMD", 25, 0x11, "avx512", "AMD EPYC"),
    "zen5": ("AuthenticAMD", 26, 0x02, "avx512", "AMD EPYC 9575F"),
    "zen2": ("AuthenticAMD", 23, 0x31, "avx2", "AMD EPYC 7742"),
    "skylake_sp": ("GenuineIntel", 6, 0x55, "avx512", "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"),
    "icelake_sp": ("GenuineIntel", 6, 0x6A, "avx512", "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz"),
    "coffee_lake": ("GenuineIntel", 6, 0x9E, "avx2", "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"),
    "alder_lake": ("GenuineIntel", 6, 0x97, "avx2", "12th Gen Intel(R) Core(TM) i7-12700"),
    "tiger_lake": ("GenuineIntel", 6, 0x8C, "avx512", "11th Gen Intel(R) Core(TM) i7-1165G7"),
    "sandy_bridge": ("GenuineIntel", 6, 0x2A, "avx", "Intel(R) Core(TM) i7-2600 CPU @ 3.40GHz"),
    "unknown_x86": ("CentaurHauls", 7, 0x3B, "avx2", "Mystery CPU"),
}
# name: (implementer, part)
ARM_CPUS = {"neoverse_n1": (0x41, 0xD0C), "neoverse_v1": (0x41, 0xD40), "unknown_arm": (0x48, 0xD01)}


def cpuinfo(name: str, cpus: int = 2) -> str:
    blocks = []
    for number in range(cpus):
        if name in ARM_CPUS:
            implementer, part = ARM_CPUS[name]
            blocks.append(
                f"processor\t: {number}\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes crc32 atomics\n"
                f"CPU implementer\t: {implementer:#x}\nCPU architecture: 8\nCPU variant\t: 0x3\n"
                f"CPU part\t: {part:#x}\nCPU revision\t: 1\n"
            )
        else:
            vendor, family, model, flags, model_name = X86_CPUS[name]
            blocks.append(
                f"processor\t: {number}\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: {model}\n"
                f"model name\t: {model_name}\nstepping\t: 1\ncpu MHz\t\t: 2600.000\n"
                f"flags\t\t: {X86_FLAGS[flags]} hypervisor\n"
            )
    return "\n".join(blocks)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")


def machine_tree(
    root: Path,
    cpu: str = "zen4",
    cpus: int = 4,
    threads_per_core: int = 2,
    l3: str = "32768K",
    cpus_per_l3: int | None = None,
    caches: bool = True,
    memory_kib: int = 16 * 2**20,
    max_khz: int | None = 3_700_000,
) -> tuple[Path, Path]:
    """(sysfs root, proc root) of a fake machine; caches=False leaves sysfs without cache directories."""
    sys_root, proc_root = root / "sys", root / "proc"
    cpu_root = sys_root / "devices" / "system" / "cpu"
    write(cpu_root / "online", f"0-{cpus - 1}")
    per_l3 = cpus_per_l3 or cpus
    for number in range(cpus):
        directory = cpu_root / f"cpu{number}"
        write(directory / "topology" / "physical_package_id", "0")
        write(directory / "topology" / "core_id", str(number // threads_per_core))
        first = number // threads_per_core * threads_per_core
        core_list = f"{first}-{first + threads_per_core - 1}" if threads_per_core > 1 else str(number)
        group = number // per_l3 * per_l3
        if caches:
            for index, (level, kind, size, shared) in enumerate(
                [
                    (1, "Data", "48K", core_list),
                    (1, "Instruction", "32K", core_list),
                    (2, "Unified", "1024K", core_list),
                    (3, "Unified", l3, f"{group}-{group + per_l3 - 1}"),
                ]
            ):
                cache = directory / "cache" / f"index{index}"
                write(cache / "level", str(level))
                write(cache / "type", kind)
                write(cache / "size", size)
                write(cache / "shared_cpu_list", shared)
    if max_khz:
        write(cpu_root / "cpu0" / "cpufreq" / "cpuinfo_max_freq", str(max_khz))
    write(proc_root / "cpuinfo", cpuinfo(cpu, cpus))
    write(proc_root / "meminfo", f"MemTotal:       {memory_kib} kB\nMemFree:        1000 kB")
    return sys_root, proc_root


def vm_sysconf(name: str) -> int | None:
    """What sysconf said in the VM that motivated the hardware module: a 320 MiB L3, 2 CPUs."""
    return {
        "LEVEL1_DCACHE_SIZE": 32768,
        "LEVEL2_CACHE_SIZE": 1 << 20,
        "LEVEL3_CACHE_SIZE": 320 << 20,
        "NPROCESSORS_ONLN": 2,
    }.get(name)
