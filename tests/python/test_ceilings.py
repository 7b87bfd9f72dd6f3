"""Machine ceilings: theoretical peak derivation, picking ceilings by threads, caching, the real binaries."""

import json

import pytest

from conftest import BUILD_DIR, require_build
from speedlab import ceilings


def machine(simd, vendor="GenuineIntel", cores=4, mhz=3000.0):
    return {"host": "h", "cpu": {"simd": simd, "vendor": vendor, "physical_cores": cores, "mhz_reported": mhz,
                                 "model": "M", "logical_cpus": cores}}


@pytest.mark.parametrize("simd, vendor, flops_per_cycle, isa", [
    (["sse2", "avx", "avx2", "fma"], "AuthenticAMD", 16, "AVX2"),
    (["sse2", "avx", "avx2", "fma", "avx512f"], "GenuineIntel", 32, "AVX-512"),
    (["sse2", "avx", "avx2", "fma", "avx512f"], "AuthenticAMD", 16, "AVX-512 executed as 2x256-bit (AMD Zen 4)"),
    (["sse2", "avx"], "GenuineIntel", 8, "AVX"),
    (["sse2"], "GenuineIntel", 4, "SSE2/NEON"),
])
def test_theoretical_peak_derivation(simd, vendor, flops_per_cycle, isa):
    peak = ceilings.theoretical_cpu_peak(machine(simd, vendor), {"clock_ghz_measured": 2.5})
    assert peak["flops_per_cycle"] == flops_per_cycle and peak["isa"] == isa
    assert peak["gflops"] == pytest.approx(4 * 2.5 * flops_per_cycle)
    assert peak["derivation"].startswith(f"4 cores x 2.50 GHz (measured")


def test_clock_falls_back_to_the_os_figure():
    peak = ceilings.theoretical_cpu_peak(machine(["avx2", "fma"]), {"clock_ghz_measured": 0.0})
    assert peak["clock_ghz"] == 3.0 and peak["clock_source"] == "reported by the OS"


def fake_gpu(cc, sms, mhz):
    return {"present": True, "device": {"compute_capability": cc, "multiprocessors": sms, "sm_clock_mhz": mhz,
                                        "theoretical_bandwidth_gbps": 1000.0}}


@pytest.mark.parametrize("name, gpu, vector_tflops, peak_tflops", [
    # NVIDIA's datasheets: A100 9.7 FP64 / 19.5 FP64 tensor; H100 SXM 34 / 67 (H200 the same chip); B200 ~40 both.
    ("A100 SXM", fake_gpu("8.0", 108, 1410.0), 9.7, 19.5),
    ("H100 SXM", fake_gpu("9.0", 132, 1980.0), 33.5, 66.9),
    ("H200", fake_gpu("9.0", 132, 1980.0), 33.5, 66.9),
    ("B200", fake_gpu("10.0", 148, 1965.0), 37.2, 37.2),
    ("GeForce RTX 4090", fake_gpu("8.9", 128, 2520.0), 1.29, 1.29),  # 1/64 rate, no FP64 tensor cores
])
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


def test_peaks_pick_the_closest_thread_count_not_above():
    measured = {"cpu": {"fma": [{"threads": 1, "gflops": 50.0}, {"threads": 8, "gflops": 380.0}],
                        "stream": [{"threads": 1, "triad_gbps": 12.0}, {"threads": 8, "triad_gbps": 60.0}]}}
    assert ceilings.peaks(measured, 1) == (50.0, 12.0)
    assert ceilings.peaks(measured, 4) == (50.0, 12.0)
    assert ceilings.peaks(measured, 8) == (380.0, 60.0)
    assert ceilings.peaks(None, 1) == (None, None)


def test_measured_ceilings_from_the_real_binaries(tmp_path):
    require_build(BUILD_DIR / "bin" / "speedlab_ceilings")
    facts = machine(["avx2", "fma"])
    measured = ceilings.load_or_measure(tmp_path, BUILD_DIR, facts, array_mib=16, seconds=0.05)
    cpu = measured["cpu"]
    assert cpu["vector_bits"] in (128, 256, 512)
    assert [e["threads"] for e in cpu["fma"]][0] == 1 and all(e["gflops"] > 0 for e in cpu["fma"])
    assert all(e["triad_gbps"] > 0 and e["copy_gbps"] > 0 for e in cpu["stream"])
    assert cpu["array_bytes"] == 16 * 2**20
    assert "gflops" in measured["cpu_theoretical"]
    assert measured["gpu"]["present"] in (True, False)
    cached = ceilings.cache_path(tmp_path, facts)
    assert cached.exists() and json.loads(cached.read_text())["cpu"] == cpu
    again = ceilings.load_or_measure(tmp_path, BUILD_DIR, facts)  # from the cache: no re-measurement
    assert again["cached_from"] == str(cached)
    assert any("GFLOP/s measured" in value for _, value in ceilings.card(again))


def test_missing_binary_is_a_clear_error(tmp_path):
    with pytest.raises(RuntimeError, match="speedlab_ceilings is not built: run 'make build'"):
        ceilings.measure(tmp_path, machine(["avx2"]))
