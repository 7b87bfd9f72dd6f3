"""Machine facts: read from the hardware module (fake trees here), typed, and never an exception."""

import pytest

from fake_machine import machine_tree, vm_sysconf
from speedlab import hardware, sysinfo


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A 4-CPU Zen 4 VM (2 cores x 2 threads, 32 MiB L3, 16 GiB) behind SPEEDLAB_SYSFS_ROOT / SPEEDLAB_PROC_ROOT."""
    sys_root, proc_root = machine_tree(tmp_path, "zen4", cpus=4, memory_kib=16 * 2**20)
    monkeypatch.setenv("SPEEDLAB_SYSFS_ROOT", str(sys_root))
    monkeypatch.setenv("SPEEDLAB_PROC_ROOT", str(proc_root))
    return sys_root, proc_root


def test_cpu_facts_of_a_fake_machine(fake):
    cpu = sysinfo.cpu_facts(hardware.read(sysconf=vm_sysconf))
    assert (cpu["vendor"], cpu["family"], cpu["model_number"], cpu["model"]) == ("AuthenticAMD", 25, 17, "AMD EPYC")
    assert (cpu["logical_cpus"], cpu["physical_cores"]) == (4, 2)
    assert cpu["simd"] == ["sse2", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"]
    assert cpu["hypervisor"] is True
    assert cpu["last_level_cache_bytes"] == 32 << 20 and cpu["cache_source"] == "sysfs"  # not sysconf's 320 MiB
    assert cpu["l1d_bytes"] == 48 << 10 and cpu["vector_widths_bits"] == [128, 256, 512]
    assert cpu["caches"][3] == {"level": 3, "type": "Unified", "size": "32768K", "shared_cpu_list": "0-3"}
    assert (cpu["mhz_reported"], cpu["mhz_max"]) == (2600.0, 3700.0)
    assert len(cpu["flags_digest"]) == 16


def test_flags_digest_tells_cpus_apart(tmp_path):
    _, zen4 = machine_tree(tmp_path / "a", "zen4")
    sys_root, zen3 = machine_tree(tmp_path / "b", "zen3")
    digest = [
        sysinfo.cpu_facts(hardware.read(sys_root, proc, sysconf=vm_sysconf))["flags_digest"] for proc in (zen4, zen3)
    ]
    assert digest[0] != digest[1]


def test_memory_from_the_fake_meminfo(fake):
    assert sysinfo.memory_facts() == {"total_bytes": 16 * 2**30}


def test_collect_records_the_fake_machine(fake, monkeypatch):
    monkeypatch.setattr(
        sysinfo,
        "_run",
        lambda command, timeout=10.0: {
            "nvidia-smi": "NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB, 1980 MHz",
            "c++": "c++ (Debian 12.2.0-14) 12.2.0\nmore",
        }.get(command[0]),
    )
    facts = sysinfo.collect()
    assert facts["cpu"]["logical_cpus"] == 4 and facts["memory"]["total_bytes"] == 16 * 2**30
    assert facts["gpu"] == {
        "present": True,
        "devices": [
            {"name": "NVIDIA H100 80GB HBM3", "driver": "550.54.15", "memory": "81559 MiB", "max_sm_clock": "1980 MHz"}
        ],
    }
    assert facts["toolchain"]["cxx"] == "c++ (Debian 12.2.0-14) 12.2.0"
    assert facts["toolchain"]["nvcc"] == "not found"


def test_missing_tools_are_recorded_not_raised(fake, monkeypatch):
    monkeypatch.setattr(sysinfo.shutil, "which", lambda name: None)
    facts = sysinfo.collect()
    assert facts["gpu"] == {"present": False, "reason": "nvidia-smi not found"}
    assert facts["toolchain"]["nvcc"] == "not found"
    assert facts["java_simd"] == {}


def test_card_lines_for_a_sparse_machine():
    lines = dict(
        sysinfo.card({"cpu": {"model": "X", "logical_cpus": 4}, "gpu": {"present": False, "reason": "none here"}})
    )
    assert lines["CPU"].startswith("X, ? cores / 4 threads")
    assert lines["GPU"] == "none (none here)"
    assert lines["C++ target"].startswith("unknown")


def test_card_says_where_caches_came_from_when_sysfs_had_none(tmp_path):
    sys_root, proc_root = machine_tree(tmp_path, "zen4", caches=False)
    cpu = sysinfo.cpu_facts(hardware.read(sys_root, proc_root, sysconf=vm_sysconf))
    lines = dict(sysinfo.card({"cpu": cpu, "gpu": {"present": False}}))
    assert lines["Caches"] == (
        "L1d 32,768 B, L2 1,048,576 B, last level 335,544,320 B (sysconf: sysfs lists no caches)"
    )


ZEN4 = {"vendor": "AuthenticAMD", "family": 25, "model_number": 0x11, "simd": ["avx2", "fma", "avx512f"]}
BUILD = {
    "cxx_compiler": "GNU 12.2.0",
    "cpu_flags": "-march=native",
    "cxx_flags": "-O3 -march=native",
    "march_resolved": "znver3",
    "mtune_resolved": "znver3",
    "kernel_vector_bits": 512,
}


def test_the_card_says_what_march_native_resolved_to():
    text = sysinfo.build_target_text(ZEN4, BUILD)
    assert text == (
        "`-march=native` resolved to -march=znver3 -mtune=znver3 (GNU 12.2.0 does not know this CPU "
        "(znver4): it tuned for znver3); kernels built for 512-bit vectors"
    )
    known = sysinfo.build_target_text(ZEN4, {**BUILD, "march_resolved": "znver4", "mtune_resolved": "znver4"})
    assert known == "`-march=native` resolved to -march=znver4 -mtune=znver4; kernels built for 512-bit vectors"
    chosen = sysinfo.build_target_text(
        ZEN4,
        {
            **BUILD,
            "cpu_flags": "-march=x86-64-v3",
            "march_resolved": "x86-64-v3",
            "mtune_resolved": "generic",
            "kernel_vector_bits": 256,
        },
    )
    assert "does not know" not in chosen and chosen.endswith("256-bit vectors")
