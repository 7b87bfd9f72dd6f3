"""Machine ceilings: theoretical peaks of fake CPUs, choosing the best candidate, the cache key, the lock and
atomic writes, and the real binary."""

import copy
import fcntl
import json
import math

import pytest

from conftest import BUILD_DIR, require_build
from fake_machine import machine_tree, vm_sysconf
from speedlab import ceilings, cpu_peak, hardware, machine_cache, sysinfo


def fake_cpu(tmp_path, name, cpus=4, threads_per_core=2):
    sys_root, proc_root = machine_tree(tmp_path, name, cpus=cpus, threads_per_core=threads_per_core)
    return sysinfo.cpu_facts(hardware.read(sys_root, proc_root, sysconf=vm_sysconf))


# cpu: FLOP/cycle per core, the core's name, whether the unit count is assumed, words the derivation must say.
PEAKS = [
    ("zen3", 16, "AMD Zen 3", False, "two 256-bit FMA pipes"),
    ("zen4", 16, "AMD Zen 4", False, "a 512-bit FMA runs as two 256-bit halves"),
    ("zen5", 32, "AMD Zen 5", True, "mobile Zen 5 parts run 512-bit FMAs as two 256-bit halves"),
    ("zen2", 16, "AMD Zen 2", False, "two 256-bit FMA pipes"),
    ("skylake_sp", 32, "Intel Skylake-SP / Cascade Lake / Cooper Lake", True, "Silver, Bronze and most Gold 5xxx"),
    ("icelake_sp", 32, "Intel Ice Lake-SP", False, "two 512-bit FMA units"),
    ("coffee_lake", 16, "Intel Kaby/Coffee Lake", False, "two 256-bit FMA units"),
    ("tiger_lake", 16, "Intel Tiger Lake", False, "one 512-bit FMA unit"),
    ("alder_lake", 16, "Intel Alder Lake (P-core)", True, "E-cores"),
    ("sandy_bridge", 8, "Intel Sandy Bridge", False, "2 (multiply + add)"),
    ("neoverse_n1", 8, "Arm Neoverse N1", False, "two 128-bit FP/NEON pipes"),
    ("neoverse_v1", 16, "Arm Neoverse V1", False, "four 128-bit FP/NEON pipes"),
    ("unknown_arm", 8, "ARM", True, "this ARM core is not in the table"),
    ("unknown_x86", 16, "x86 with AVX2 + FMA", True, "is not in the table"),
]


@pytest.mark.parametrize("name, per_cycle, core, assumed, words", PEAKS)
def test_theoretical_peak_of_fake_cpus(tmp_path, name, per_cycle, core, assumed, words):
    cpu = fake_cpu(tmp_path, name)  # 4 CPUs, 2 cores
    peak = ceilings.theoretical_cpu_peak({"cpu": cpu}, {"clock_ghz_measured": 2.5, "build": {"vector_bits": 256}})
    assert peak["flops_per_cycle"] == per_cycle and peak["core"] == core
    assert bool(peak["assumed"]) is assumed and ("assumed" in peak["derivation"]) is assumed
    assert peak["gflops"] == pytest.approx(2 * 2.5 * per_cycle)
    assert peak["per_core_gflops"] == pytest.approx(2.5 * per_cycle)
    assert peak["derivation"].startswith("2 cores x 2.50 GHz (measured") and words in peak["derivation"]
    assert peak["derivation"].endswith(f"= {2 * 2.5 * per_cycle:.1f} GFLOP/s")
    assert peak["build_vector_bits"] == 256


def test_zen4_names_its_identity_in_the_derivation(tmp_path):
    peak = ceilings.theoretical_cpu_peak({"cpu": fake_cpu(tmp_path, "zen4")}, {"clock_ghz_measured": 3.54})
    assert "AMD Zen 4, family 25, model 17: 2 units x 4 doubles x 2 (FMA)" in peak["derivation"]
    assert peak["march"] == "znver4"


def test_clock_falls_back_to_the_os_figure(tmp_path):
    peak = ceilings.theoretical_cpu_peak({"cpu": fake_cpu(tmp_path, "zen3")}, {"clock_ghz_measured": 0.0})
    assert peak["clock_ghz"] == 3.7 and peak["clock_source"] == "reported by the OS"


def fake_gpu(cc, sms, mhz):
    return {
        "present": True,
        "device": {
            "compute_capability": cc,
            "multiprocessors": sms,
            "sm_clock_mhz": mhz,
            "theoretical_bandwidth_gbps": 1000.0,
        },
    }


@pytest.mark.parametrize(
    "name, gpu, vector_tflops, peak_tflops",
    [
        # NVIDIA's datasheets: A100 9.7 FP64 / 19.5 FP64 tensor; H100 SXM 34 / 67 (H200 the same chip); B200 ~40 both.
        ("A100 SXM", fake_gpu("8.0", 108, 1410.0), 9.7, 19.5),
        ("H100 SXM", fake_gpu("9.0", 132, 1980.0), 33.5, 66.9),
        ("H200", fake_gpu("9.0", 132, 1980.0), 33.5, 66.9),
        ("B200", fake_gpu("10.0", 148, 1965.0), 37.2, 37.2),
        ("GeForce RTX 4090", fake_gpu("8.9", 128, 2520.0), 1.29, 1.29),  # 1/64 rate, no FP64 tensor cores
    ],
)
def test_gpu_theoretical_peak_counts_fp64_tensor_cores(name, gpu, vector_tflops, peak_tflops):
    peak = ceilings.theoretical_gpu_peak(gpu)
    assert peak["fp64_gflops"] / 1e3 == pytest.approx(peak_tflops, rel=0.01), name
    assert peak["fp64_vector_gflops"] / 1e3 == pytest.approx(vector_tflops, rel=0.01), name
    if peak_tflops > vector_tflops:  # cuBLAS DGEMM runs on the tensor cores: it may not read ~2x "peak"
        assert peak["fp64_tensor_gflops"] == peak["fp64_gflops"] and "tensor cores" in peak["derivation"]
    assert peak["derivation"].endswith(f"= {peak['fp64_gflops']:,.0f} GFLOP/s")


def test_gpu_theoretical_peak_without_a_device():
    assert ceilings.theoretical_gpu_peak({"present": False}) is None
    geforce = ceilings.theoretical_gpu_peak(fake_gpu("8.6", 84, 1860.0))
    assert geforce["fp64_tensor_gflops"] is None and "no FP64 tensor cores" in geforce["derivation"]


def binary_output(dgemm=44.9, fma512=36.2, nt=32.0):
    """speedlab_ceilings' JSON as the issue's Zen 4 VM printed it: DGEMM above the 512-bit microkernel."""

    def entry(threads, scale):
        return {
            "threads": threads,
            "candidates": [
                {"name": "fma128", "method": "FMA microkernel, 128-bit", "gflops": 14.0 * scale},
                {"name": "fma256", "method": "FMA microkernel, 256-bit", "gflops": 35.0 * scale},
                {"name": "fma512", "method": "FMA microkernel, 512-bit", "gflops": fma512 * scale},
                {
                    "name": "dgemm",
                    "method": "OpenBLAS cblas_dgemm, n = 2048",
                    "gflops": None if dgemm is None else dgemm * scale,
                },
            ],
        }

    def stream(threads, scale):
        return {
            "threads": threads,
            "candidates": [
                {"name": "triad", "method": "STREAM triad, ordinary stores", "gbps": 20.5 * scale},
                {"name": "copy", "method": "STREAM copy, ordinary stores", "gbps": 20.9 * scale},
                {"name": "triad_nt", "method": "STREAM triad, non-temporal stores", "gbps": nt * scale},
                {"name": "copy_nt", "method": "STREAM copy, non-temporal stores", "gbps": None},
            ],
        }

    return {
        "method_version": 2,
        "clock_ghz_measured": 3.54,
        "array_bytes": 256 << 20,
        "build": {"vector_bits": 512},
        "compute": [entry(1, 1.0), entry(2, 2.0)],
        "bandwidth": [stream(1, 1.0), stream(2, 1.2)],
    }


def test_the_best_candidate_sets_the_ceiling_and_is_named():
    cpu = ceilings.parse_cpu(json.dumps(binary_output()))
    one, two = cpu["compute"]
    assert (one["gflops"], one["best"], one["best_method"]) == (44.9, "dgemm", "OpenBLAS cblas_dgemm, n = 2048")
    assert two["gflops"] == pytest.approx(89.8) and two["best"] == "dgemm"
    assert [c["name"] for c in one["candidates"]] == ["fma128", "fma256", "fma512", "dgemm"]  # all kept
    assert cpu["bandwidth"][0]["gbps"] == 32.0 and cpu["bandwidth"][0]["best"] == "triad_nt"
    faster_kernel = ceilings.parse_cpu(json.dumps(binary_output(dgemm=40.0, fma512=55.0)))
    assert faster_kernel["compute"][0]["best"] == "fma512" and faster_kernel["compute"][0]["gflops"] == 55.0


def test_a_broken_candidate_cannot_win():
    text = json.dumps(binary_output(dgemm=None)).replace('"gflops": 35.0', '"gflops": NaN')
    cpu = ceilings.parse_cpu(text)
    assert cpu["compute"][0]["best"] == "fma512"  # dgemm is null, fma256 NaN
    nothing = binary_output()
    for candidate in nothing["compute"][0]["candidates"]:
        candidate["gflops"] = None
    with pytest.raises(ceilings.CeilingsError, match="no usable gflops candidate at 1 thread"):
        ceilings.parse_cpu(json.dumps(nothing))


def test_an_old_binary_is_refused_with_what_to_do():
    with pytest.raises(ceilings.CeilingsError, match="method version 1, the runner 2: rebuild"):
        ceilings.parse_cpu(json.dumps({"method_version": 1, "fma": []}))
    with pytest.raises(ceilings.CeilingsError, match="printed no JSON"):
        ceilings.parse_cpu("Segmentation fault")


def test_peaks_pick_the_closest_thread_count_not_above():
    measured = {"cpu": ceilings.parse_cpu(json.dumps(binary_output()))}
    assert ceilings.peaks(measured, 1) == (44.9, 32.0)
    assert ceilings.peaks(measured, 2) == (pytest.approx(89.8), pytest.approx(38.4))
    assert ceilings.peaks(measured, 64) == (pytest.approx(89.8), pytest.approx(38.4))
    assert ceilings.peaks(None, 1) == (None, None)
    method_1 = {
        "cpu": {
            "fma": [{"threads": 1, "gflops": 50.0}, {"threads": 8, "gflops": 380.0}],
            "stream": [{"threads": 1, "triad_gbps": 12.0}, {"threads": 8, "triad_gbps": 60.0}],
        }
    }
    assert ceilings.peaks(method_1, 4) == (50.0, 12.0) and ceilings.peaks(method_1, 8) == (380.0, 60.0)


def test_the_card_names_the_winner_and_every_candidate():
    lines = dict(ceilings.card({"cpu": ceilings.parse_cpu(json.dumps(binary_output())), "measured_utc": "T"}))
    assert lines["Peak FP64, 1 thread(s)"] == (
        "44.9 GFLOP/s measured, set by dgemm (OpenBLAS cblas_dgemm, n = 2048); candidates: fma128 14.0, "
        "fma256 35.0, fma512 36.2, dgemm 44.9"
    )
    assert lines["Memory bandwidth, 1 thread(s)"].startswith(
        "32.0 GB/s measured, set by triad_nt (STREAM triad, non-temporal stores); candidates: triad 20.5, "
        "copy 20.9, triad_nt 32.0, copy_nt —"
    )
    contended = dict(ceilings.card({"cpu": {}, "measured_utc": "T", "contended": "another process measured"}))
    assert contended["Ceilings measured"] == "T: another process measured"


# ------------------------------------------------------------------ the cache


def machine(tmp_path, name="zen4", cpus=4, flags="-O3 -march=native", march="znver3"):
    return {
        "host": "h",
        "cpu": fake_cpu(tmp_path / f"{name}{cpus}", name, cpus=cpus),
        "memory": {"total_bytes": 16 << 30},
        "toolchain": {"build": {"cxx_compiler": "GNU 12.2.0", "cxx_flags": flags, "march_resolved": march}},
    }


def test_the_cache_key_follows_what_changes_the_answer(tmp_path, monkeypatch):
    base = machine(tmp_path)
    key = ceilings.machine_key(base)
    assert ceilings.machine_key(copy.deepcopy(base)) == key
    assert ceilings.machine_key(machine(tmp_path, name="zen3")) != key  # other CPU flags and model
    assert ceilings.machine_key(machine(tmp_path, cpus=8)) != key  # other core count
    assert ceilings.machine_key(machine(tmp_path, flags="-O2 -march=native")) != key  # other build flags
    assert ceilings.machine_key(machine(tmp_path, march="znver4")) != key  # another compiler's -march=native
    bigger = copy.deepcopy(base)
    bigger["memory"]["total_bytes"] *= 2
    assert ceilings.machine_key(bigger) != key
    monkeypatch.setattr(ceilings, "METHOD_VERSION", 3)
    assert ceilings.machine_key(base) != key  # a new measuring method never reuses old caches


def fake_measure(calls):
    def measure(build_dir, facts, **options):
        calls.append(options)
        return {"method_version": ceilings.METHOD_VERSION, "cpu": ceilings.parse_cpu(json.dumps(binary_output()))}

    return measure


def test_measured_alone_is_cached_atomically(tmp_path, monkeypatch):
    calls, warnings = [], []
    monkeypatch.setattr(ceilings, "measure", fake_measure(calls))
    facts = machine(tmp_path)
    first = ceilings.load_or_measure(tmp_path, tmp_path, facts, warn=warnings.append)
    path = ceilings.cache_path(tmp_path, facts)
    assert json.loads(path.read_text())["cpu"] == first["cpu"] and "contended" not in first and not warnings
    again = ceilings.load_or_measure(tmp_path, tmp_path, facts)
    assert again["cached_from"] == str(path) and len(calls) == 1  # from the cache
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, machine_cache.LOCK_NAME])


def test_remeasuring_keeps_the_best_of_every_trial(tmp_path, monkeypatch):
    """A re-measurement in a slow spell cannot lower a ceiling the machine has already been seen to reach."""
    calls = []
    monkeypatch.setattr(ceilings, "measure", fake_measure(calls))
    facts = machine(tmp_path)
    first = ceilings.load_or_measure(tmp_path, tmp_path, facts)
    slow = fake_measure([])(tmp_path, facts)
    for entry in slow["cpu"]["compute"] + slow["cpu"]["bandwidth"]:
        for candidate in entry["candidates"]:
            for unit in ("gflops", "gbps"):
                if isinstance(candidate.get(unit), (int, float)):
                    candidate[unit] *= 0.5
    monkeypatch.setattr(ceilings, "measure", lambda build_dir, facts, **options: slow)
    again = ceilings.load_or_measure(tmp_path, tmp_path, facts, remeasure=True)
    assert again["cpu"]["compute"] == first["cpu"]["compute"] and again["cpu"]["bandwidth"] == first["cpu"]["bandwidth"]
    assert again["cpu"]["trials"] == 2 and again["first_measured_utc"] == first["measured_utc"]
    assert json.loads(ceilings.cache_path(tmp_path, facts).read_text())["cpu"]["trials"] == 2
    assert "best of 2 trials since" in dict(ceilings.card(again))["Ceilings measured"]


def test_a_failed_write_leaves_the_old_cache_whole(tmp_path):
    path = tmp_path / "machines" / "m.json"
    machine_cache.write_atomically(path, {"figure": 1.0})
    with pytest.raises(ValueError):
        machine_cache.write_atomically(path, {"figure": math.nan})  # strict JSON: refused before any write
    original_replace = machine_cache.os.replace

    def crash(source, target):
        raise OSError("disk full")

    machine_cache.os.replace = crash
    try:
        with pytest.raises(OSError, match="disk full"):
            machine_cache.write_atomically(path, {"figure": 2.0})
    finally:
        machine_cache.os.replace = original_replace
    assert json.loads(path.read_text()) == {"figure": 1.0}
    assert [p.name for p in path.parent.iterdir()] == ["m.json"]  # no temporary file left behind


def test_a_second_measurer_measures_but_does_not_write(tmp_path, monkeypatch):
    calls, warnings = [], []
    monkeypatch.setattr(ceilings, "measure", fake_measure(calls))
    facts = machine(tmp_path)
    directory = tmp_path / "machines"
    directory.mkdir()
    with open(directory / machine_cache.LOCK_NAME, "a") as holder:  # another process is measuring
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = ceilings.load_or_measure(tmp_path, tmp_path, facts, warn=warnings.append)
    assert result["cpu"]["compute"][0]["gflops"] == 44.9 and len(calls) == 1  # figures it needs, measured
    assert not ceilings.cache_path(tmp_path, facts).exists()
    assert "may be low, and were not cached" in result["contended"] and warnings == [result["contended"]]
    assert "speedlab sysinfo --remeasure" in warnings[0]


def test_the_first_measurer_learns_it_was_contended(tmp_path, monkeypatch):
    facts = machine(tmp_path)
    warnings = []

    def contended_measure(build_dir, facts, **options):
        with machine_cache.measuring_lock(tmp_path / "machines") as alone:  # a second process arrives
            assert not alone()
        return {"method_version": ceilings.METHOD_VERSION, "cpu": {}}

    monkeypatch.setattr(ceilings, "measure", contended_measure)
    result = ceilings.load_or_measure(tmp_path, tmp_path, facts, warn=warnings.append)
    assert not ceilings.cache_path(tmp_path, facts).exists() and "contended" in result
    assert len(warnings) == 1


def test_a_cache_of_another_method_is_not_reused(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(ceilings, "measure", fake_measure(calls))
    facts = machine(tmp_path)
    path = ceilings.cache_path(tmp_path, facts)
    machine_cache.write_atomically(path, {"method_version": 1, "cpu": {"fma": [{"threads": 1, "gflops": 36.2}]}})
    measured = ceilings.load_or_measure(tmp_path, tmp_path, facts)
    assert len(calls) == 1 and measured["cpu"]["compute"][0]["best"] == "dgemm"
    assert json.loads(path.read_text())["method_version"] == 2


# ------------------------------------------------------------------ the real binary


def test_measured_ceilings_from_the_real_binary(tmp_path):
    require_build(BUILD_DIR / "bin" / "speedlab_ceilings")
    facts = sysinfo.collect(BUILD_DIR)
    measured = ceilings.measure(BUILD_DIR, facts, array_mib=16, seconds=0.02)
    cpu = measured["cpu"]
    here = hardware.read()
    assert cpu["method_version"] == 2 and cpu["array_bytes"] == 16 * 2**20
    assert cpu["hardware"]["last_level_bytes"] == here.last_level_bytes  # the C++ module reads the same sysfs
    assert cpu["hardware"]["l1d_bytes"] == here.l1d_bytes
    assert cpu["hardware"]["vector_widths_bits"] == here.vector_widths_bits
    threads = [entry["threads"] for entry in cpu["compute"]]
    assert threads[0] == 1 and threads[-1] == facts["cpu"]["usable_cpus"]
    widths = {f"fma{bits}" for bits in here.vector_widths_bits}
    for entry in cpu["compute"]:
        names = [c["name"] for c in entry["candidates"]]
        assert set(names) == widths | {"dgemm"}  # every width this CPU runs, and the DGEMM
        assert entry["best"] in names and entry["gflops"] == max(c["gflops"] for c in entry["candidates"])
    for entry in cpu["bandwidth"]:
        assert [c["name"] for c in entry["candidates"]] == ["triad", "copy", "triad_nt", "copy_nt"]
        assert [c["counted_bytes_per_element"] for c in entry["candidates"]] == [24, 16, 24, 16]
    assert measured["cpu_theoretical"]["flops_per_cycle"] == cpu_peak.core_of(facts["cpu"]).flops_per_cycle
    assert measured["method_version"] == ceilings.METHOD_VERSION


def test_missing_binary_is_a_clear_error(tmp_path):
    with pytest.raises(RuntimeError, match="speedlab_ceilings is not built: run 'make build'"):
        ceilings.measure(tmp_path, {"cpu": {}})


def test_a_measured_peak_above_the_theoretical_one_is_explained():
    from speedlab import ceilings as ceilings_module

    theory = {"cores": 2, "clock_ghz": 3.5, "flops_per_cycle": 16}
    compute = [{"threads": 1, "gflops": 55.0}, {"threads": 2, "gflops": 113.0}]  # 2 x 3.5 x 16 = 112
    text = ceilings_module.above_theory(compute, theory)
    assert text.startswith("113.0 GFLOP/s measured on 2 thread(s) is 0.9% above 112.0")
    assert "≥ 3.53 GHz" in text
    assert ceilings_module.above_theory([{"threads": 2, "gflops": 111.9}], theory) is None
    assert ceilings_module.above_theory(compute, {"cores": 2}) is None  # no clock: nothing to say
