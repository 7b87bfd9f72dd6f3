"""The theoretical double-precision peak of a CPU: cores x clock x FLOPs per cycle.

FLOPs per cycle = doubles per FMA unit's datapath x 2 (an FMA is a multiply
and an add) x FMA units. The datapath is not the instruction width: Zen 4 runs
a 512-bit FMA as two halves on 256-bit units, so AVX-512 gives it no more
FLOPs per cycle than AVX2, while Intel's server cores and Zen 5 have
full-width 512-bit units. Neither /proc/cpuinfo nor CPUID says how many FMA
units a core has, so the count comes from this table, keyed on vendor, family
and model (x86) or implementer and part (ARM); where the table cannot tell the
parts of a family apart, or does not know the CPU, the figure says "assumed".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Core:
    name: str
    datapath_bits: int  # one FMA (or multiply + add) unit
    units: int
    fused: bool = True  # False: separate multiply and add pipes, counted as one pair per unit
    note: str = ""  # why the count is what it is
    assumed: str = ""  # non-empty: the count could not be read for this CPU, and why
    march: str | None = None  # GCC's -march name for this core, if there is one

    @property
    def flops_per_cycle(self) -> int:
        return self.datapath_bits // 64 * 2 * self.units


def _in(model: int | None, *ranges: tuple[int, int]) -> bool:
    return model is not None and any(low <= model <= high for low, high in ranges)


# Intel family 6 models (Intel's SDM, "CPUID signature values"; the kernel's arch/x86/include/asm/intel-family.h).
INTEL_SERVER_AVX512 = {
    0x55: "Skylake-SP / Cascade Lake / Cooper Lake",
    0x6A: "Ice Lake-SP",
    0x6C: "Ice Lake-D",
    0x8F: "Sapphire Rapids",
    0xCF: "Emerald Rapids",
    0xAD: "Granite Rapids",
    0xAE: "Granite Rapids-D",
    0x57: "Knights Landing",
    0x85: "Knights Mill",
}
INTEL_CLIENT_AVX512 = {
    0x66: "Cannon Lake",
    0x7D: "Ice Lake",
    0x7E: "Ice Lake",
    0x8C: "Tiger Lake",
    0x8D: "Tiger Lake",
    0xA7: "Rocket Lake",
}
INTEL_CLIENT_AVX2 = {
    0x3C: "Haswell",
    0x3F: "Haswell-E",
    0x45: "Haswell",
    0x46: "Haswell",
    0x3D: "Broadwell",
    0x47: "Broadwell",
    0x4F: "Broadwell-E",
    0x56: "Broadwell-DE",
    0x4E: "Skylake",
    0x5E: "Skylake",
    0x8E: "Kaby/Coffee/Whiskey/Amber Lake",
    0x9E: "Kaby/Coffee Lake",
    0xA5: "Comet Lake",
    0xA6: "Comet Lake",
}
INTEL_AVX_NO_FMA = {0x2A: "Sandy Bridge", 0x2D: "Sandy Bridge-E", 0x3A: "Ivy Bridge", 0x3E: "Ivy Bridge-E"}
INTEL_HYBRID = {
    0x97: "Alder Lake",
    0x9A: "Alder Lake",
    0xB7: "Raptor Lake",
    0xBA: "Raptor Lake",
    0xBF: "Raptor Lake",
    0xAA: "Meteor Lake",
    0xAC: "Meteor Lake",
    0xC5: "Arrow Lake",
    0xC6: "Arrow Lake",
    0xBD: "Lunar Lake",
}
# ARM implementer 0x41 parts (the kernel's arch/arm64/include/asm/cputype.h) with four 128-bit FP pipes.
ARM_FOUR_PIPES = {
    0xD40: "Neoverse V1",
    0xD4F: "Neoverse V2",
    0xD44: "Cortex-X1",
    0xD4C: "Cortex-X1C",
    0xD48: "Cortex-X2",
    0xD4E: "Cortex-X3",
    0xD84: "Neoverse V3",
    0xD85: "Cortex-X925",
}
ARM_TWO_PIPES = {
    0xD08: "Cortex-A72",
    0xD0A: "Cortex-A75",
    0xD0B: "Cortex-A76",
    0xD0C: "Neoverse N1",
    0xD0D: "Cortex-A77",
    0xD41: "Cortex-A78",
    0xD49: "Neoverse N2",
    0xD47: "Cortex-A710",
    0xD4D: "Cortex-A715",
    0xD8E: "Neoverse N3",
}


def _amd(family: int | None, model: int | None, flags: set[str]) -> Core | None:
    if family in (0x17, 0x18):  # Zen, Zen+, Zen 2 (0x18: Hygon Dhyana, a Zen)
        if family == 0x17 and _in(model, (0x30, 0xFF)):
            return Core("AMD Zen 2", 256, 2, note="two 256-bit FMA pipes", march="znver2")
        return Core(
            "AMD Zen / Zen+",
            128,
            2,
            note="two 128-bit FMA pipes: a 256-bit AVX2 FMA runs as two halves",
            march="znver1",
        )
    if family == 0x19:
        if _in(model, (0x10, 0x1F), (0x60, 0x7F), (0xA0, 0xAF)):
            return Core(
                "AMD Zen 4",
                256,
                2,
                note="two 256-bit FMA pipes: a 512-bit FMA runs as two 256-bit halves, "
                "so AVX-512 gives the same FLOPs per cycle as AVX2",
                march="znver4",
            )
        return Core("AMD Zen 3", 256, 2, note="two 256-bit FMA pipes", march="znver3")
    if family == 0x1A:
        if "avx512f" in flags:
            return Core(
                "AMD Zen 5",
                512,
                2,
                note="two 512-bit FMA pipes",
                assumed="desktop and server Zen 5 have full-width 512-bit FMA pipes; mobile Zen 5 parts "
                "run 512-bit FMAs as two 256-bit halves (half this)",
                march="znver5",
            )
        return Core(
            "AMD Zen 5", 256, 2, note="two 256-bit FMA pipes", assumed="Zen 5 without AVX-512 reported", march="znver5"
        )
    return None


def _intel(family: int | None, model: int | None, flags: set[str]) -> Core | None:
    if family != 6:
        return None
    if model in INTEL_SERVER_AVX512 and "avx512f" in flags:
        name = f"Intel {INTEL_SERVER_AVX512[model]}"
        if model == 0x55:
            return Core(
                name,
                512,
                2,
                note="two 512-bit FMA units (port 0+1 fused, and port 5)",
                assumed="Xeon Platinum and Gold 6xxx have two 512-bit FMA units; Silver, Bronze and "
                "most Gold 5xxx have one (half this)",
            )
        return Core(name, 512, 2, note="two 512-bit FMA units (port 0+1 fused, and port 5)")
    if model in INTEL_CLIENT_AVX512 and "avx512f" in flags:
        return Core(
            f"Intel {INTEL_CLIENT_AVX512[model]}",
            512,
            1,
            note="one 512-bit FMA unit (ports 0 and 1 fused): the same FLOPs per cycle as two 256-bit ones",
        )
    if model in INTEL_CLIENT_AVX2 and "fma" in flags:
        return Core(f"Intel {INTEL_CLIENT_AVX2[model]}", 256, 2, note="two 256-bit FMA units (ports 0 and 1)")
    if model in INTEL_AVX_NO_FMA and "avx" in flags:
        return Core(
            f"Intel {INTEL_AVX_NO_FMA[model]}",
            256,
            1,
            fused=False,
            note="no FMA: one 256-bit multiply and one 256-bit add per cycle",
        )
    if model in INTEL_HYBRID and "fma" in flags:
        return Core(
            f"Intel {INTEL_HYBRID[model]} (P-core)",
            256,
            2,
            note="two 256-bit FMA units on a P-core",
            assumed="a hybrid CPU: its E-cores have two 128-bit FMA units (half this); all cores counted as P-cores",
        )
    return None


def _arm(implementer: int | None, part: int | None) -> Core:
    if implementer == 0x41 and part in ARM_FOUR_PIPES:
        return Core(f"Arm {ARM_FOUR_PIPES[part]}", 128, 4, note="four 128-bit FP/NEON pipes, each with FMA")
    if implementer == 0x41 and part in ARM_TWO_PIPES:
        return Core(f"Arm {ARM_TWO_PIPES[part]}", 128, 2, note="two 128-bit FP/NEON pipes, each with FMA")
    if implementer == 0x61:
        return Core("Apple", 128, 4, note="four 128-bit FP/NEON pipes", assumed="Apple cores are not in the table")
    return Core(
        "ARM", 128, 2, note="NEON, 128-bit", assumed="this ARM core is not in the table: two 128-bit FMA pipes assumed"
    )


def _generic(flags: set[str], vendor: str) -> Core:
    """Unknown x86: what the flags allow, two pipes."""
    why = f"this {vendor} CPU is not in the table: two units at its widest vector width assumed"
    if "avx512f" in flags:
        return Core("x86 with AVX-512", 512, 2, note="AVX-512", assumed=why)
    if "fma" in flags and "avx2" in flags:
        return Core("x86 with AVX2 + FMA", 256, 2, note="AVX2 + FMA", assumed=why)
    if "avx" in flags:
        return Core(
            "x86 with AVX, no FMA", 256, 1, fused=False, note="one 256-bit multiply and one add pipe", assumed=why
        )
    return Core("x86 with SSE2", 128, 1, fused=False, note="one 128-bit multiply and one add pipe", assumed=why)


def core_of(cpu: dict[str, Any]) -> Core:
    """The core's FMA units, from the machine card's CPU facts (sysinfo.cpu_facts)."""
    flags = set(cpu.get("simd", [])) | set(cpu.get("flags", []))
    if cpu.get("architecture") == "aarch64" or cpu.get("arm_implementer") is not None:
        return _arm(cpu.get("arm_implementer"), cpu.get("arm_part"))
    vendor = cpu.get("vendor", "unknown")
    found = None
    if vendor in ("AuthenticAMD", "HygonGenuine"):
        found = _amd(cpu.get("family"), cpu.get("model_number"), flags)
    elif vendor == "GenuineIntel":
        found = _intel(cpu.get("family"), cpu.get("model_number"), flags)
    return found or _generic(flags, vendor)


def theoretical(cpu: dict[str, Any], clock_ghz_measured: float | None) -> dict[str, Any]:
    """cores x clock x FLOPs/cycle, and how each factor was obtained."""
    core = core_of(cpu)
    cores = cpu.get("physical_cores") or cpu.get("usable_cpus") or cpu.get("logical_cpus") or 1
    clock = clock_ghz_measured or 0.0
    clock_source = "measured: dependent integer adds, one per cycle"
    if not clock:
        mhz = cpu.get("mhz_max") or cpu.get("mhz_reported")
        clock = (mhz or 0.0) / 1000.0
        clock_source = "reported by the OS" if mhz else "unknown"
    per_cycle = core.flops_per_cycle
    peak = cores * clock * per_cycle
    identity = (
        f"family {cpu['family']}, model {cpu['model_number']}"
        if cpu.get("family") is not None
        else f"part {cpu['arm_part']:#x}"
        if cpu.get("arm_part") is not None
        else "identity unknown"
    )
    pair = "2 (FMA)" if core.fused else "2 (multiply + add)"
    how = (
        f"{cores} cores x {clock:.2f} GHz ({clock_source}) x {per_cycle} FLOP/cycle ({core.name}, {identity}: "
        f"{core.units} unit{'s' if core.units > 1 else ''} x {core.datapath_bits // 64} doubles x {pair}; "
        f"{core.note}{'; assumed: ' + core.assumed if core.assumed else ''}) = {peak:.1f} GFLOP/s"
    )
    return {
        "gflops": peak,
        "per_core_gflops": clock * per_cycle,
        "cores": cores,
        "clock_ghz": clock,
        "clock_source": clock_source,
        "flops_per_cycle": per_cycle,
        "core": core.name,
        "datapath_bits": core.datapath_bits,
        "fma_units": core.units,
        "fused": core.fused,
        "assumed": core.assumed or None,
        "march": core.march,
        "derivation": how,
    }
