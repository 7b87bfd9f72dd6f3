"""The runner's hardware module against fake sysfs and /proc trees (sysfs wins over sysconf)."""

import pytest

from fake_machine import machine_tree, vm_sysconf
from speedlab import hardware


def test_sysfs_wins_over_a_sysconf_that_disagrees(tmp_path):
    sys_root, proc_root = machine_tree(tmp_path, "zen4", cpus=4)
    facts = hardware.read(sys_root, proc_root, sysconf=vm_sysconf)
    assert facts.cache_source == "sysfs"
    assert facts.last_level_bytes == 32 << 20  # sysconf says 320 MiB
    assert (facts.l1d_bytes, facts.l2_bytes, facts.last_level) == (48 << 10, 1 << 20, 3)
    assert (facts.logical_cpus, facts.physical_cores, facts.cpu_source) == (4, 2, "sysfs")
    assert (facts.last_level_instances, facts.last_level_sharing) == (1, 4)
    assert [(c.level, c.type, c.size) for c in facts.caches] == [
        (1, "Data", "48K"),
        (1, "Instruction", "32K"),
        (2, "Unified", "1024K"),
        (3, "Unified", "32768K"),
    ]
    assert facts.mhz_max == 3700.0


def test_sysconf_only_where_sysfs_lists_no_caches(tmp_path):
    sys_root, proc_root = machine_tree(tmp_path, "zen4", cpus=2, caches=False)
    facts = hardware.read(sys_root, proc_root, sysconf=vm_sysconf)
    assert facts.cache_source == "sysconf" and facts.caches == []
    assert facts.last_level_bytes == 320 << 20 and facts.l1d_bytes == 32768
    nothing = hardware.read(sys_root, proc_root, sysconf=lambda name: None)
    assert nothing.cache_source == "unknown" and nothing.last_level_bytes is None


def test_cpus_from_sysconf_when_sysfs_has_no_cpu_list(tmp_path):
    facts = hardware.read(tmp_path / "nothing", tmp_path / "nothing", sysconf=vm_sysconf)
    assert (facts.logical_cpus, facts.cpu_source) == (2, "sysconf")


def test_one_last_level_cache_per_ccx(tmp_path):
    sys_root, proc_root = machine_tree(tmp_path, "zen3", cpus=8, l3="16384K", cpus_per_l3=4)
    facts = hardware.read(sys_root, proc_root, sysconf=vm_sysconf)
    assert (facts.last_level_bytes, facts.last_level_instances, facts.last_level_sharing) == (16 << 20, 2, 4)


def test_identity_and_vector_widths_from_cpuinfo(tmp_path):
    sys_root, proc_root = machine_tree(tmp_path, "zen4")
    cpu = hardware.read(sys_root, proc_root, sysconf=vm_sysconf)
    assert (cpu.identity.vendor, cpu.identity.family, cpu.identity.model) == ("AuthenticAMD", 25, 0x11)
    assert cpu.identity.architecture == "x86_64" and cpu.vector_widths_bits == [128, 256, 512]
    _, zen3_proc = machine_tree(tmp_path / "z3", "zen3")
    assert hardware.read(sys_root, zen3_proc, sysconf=vm_sysconf).vector_widths_bits == [128, 256]
    _, arm_proc = machine_tree(tmp_path / "arm", "neoverse_n1")
    arm = hardware.read(sys_root, arm_proc, sysconf=vm_sysconf)
    assert (arm.identity.architecture, arm.identity.arm_implementer, arm.identity.arm_part) == ("aarch64", 0x41, 0xD0C)
    assert arm.vector_widths_bits == [128] and arm.identity.family is None


def test_the_environment_points_the_module_at_a_fake_tree(tmp_path, monkeypatch):
    sys_root, proc_root = machine_tree(tmp_path, "skylake_sp", cpus=6, threads_per_core=1, l3="28160K")
    monkeypatch.setenv("SPEEDLAB_SYSFS_ROOT", str(sys_root))
    monkeypatch.setenv("SPEEDLAB_PROC_ROOT", str(proc_root))
    facts = hardware.read(sysconf=vm_sysconf)
    assert (facts.logical_cpus, facts.physical_cores, facts.last_level_bytes) == (6, 6, 28160 << 10)
    assert facts.identity.model_name.startswith("Intel(R) Xeon(R) Gold 6148")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("32K", 32768),
        ("32768K", 32 << 20),
        ("2M", 2 << 20),
        ("512", 512),
        ("", 0),
        ("12Q", 0),
        ("K", 0),
        (None, 0),
        ("-4K", 0),
    ],
)
def test_sizes_as_sysfs_writes_them(text, expected):
    assert hardware.parse_size(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("0-3,8,10-11", [0, 1, 2, 3, 8, 10, 11]), ("0", [0]), ("", []), ("3-1", []), ("a-b", []), ("0-", [])],
)
def test_cpu_lists_as_sysfs_writes_them(text, expected):
    assert hardware.cpus_of(text) == expected


def test_this_machine_agrees_with_the_cpp_module():
    """The C++ side reads the same sysfs: compare with what the harness reports in its context."""
    import json
    import subprocess

    from conftest import BUILD_DIR, require_build

    binary = require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    listing = json.loads(subprocess.run([str(binary), "--list"], capture_output=True, text=True, timeout=60).stdout)
    context = listing["context"]
    facts = hardware.read()
    assert int(context["hardware_last_level_cache_bytes"]) == facts.last_level_bytes
    assert int(context["hardware_l1d_bytes"]) == facts.l1d_bytes
    assert context["hardware_cache_source"] == facts.cache_source
