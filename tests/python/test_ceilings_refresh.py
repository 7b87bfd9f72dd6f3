"""Ceilings are the best of every trial, and a run in which a cell beat them measures them again.

golden_above_ceiling.json: stream_triad cpp.openmp (2 threads) at 25 GB/s against a 20 GB/s ceiling and
leibniz_pi cpp.simd (1 thread) at 60 GFLOP/s against 50 (see test_roofline_ceiling.py).
"""

import copy
import json
from pathlib import Path

import pytest

from speedlab import ceilings, ceilings_refresh

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture()
def document():
    return json.loads((FIXTURES / "golden_above_ceiling.json").read_text())


def scaled(cpu, section, unit, threads, factor, only=None):
    """A copy of `cpu` with the candidates of one thread count scaled by `factor`, then chosen again."""
    out = copy.deepcopy(cpu)
    for entry in out[section]:
        if entry["threads"] == threads:
            for candidate in entry["candidates"]:
                if only is None or candidate["name"] == only:
                    candidate[unit] *= factor
    out[section] = ceilings.choose(out[section], unit)
    return out


def best(cpu, section, threads):
    return next(e for e in cpu[section] if e["threads"] == threads)


def test_merge_keeps_each_candidates_best_and_chooses_again(document):
    earlier = document["ceilings"]["cpu"]
    # A later trial in a slow spell: every 2-thread bandwidth candidate 30% lower, except copy (20% higher).
    later = scaled(scaled(earlier, "bandwidth", "gbps", 2, 0.7), "bandwidth", "gbps", 2, 1.2 / 0.7, only="copy")
    merged = ceilings.merge_best(earlier, later)
    two = best(merged, "bandwidth", 2)
    figures = {c["name"]: c["gbps"] for c in two["candidates"]}
    assert figures == pytest.approx({"triad": 15.0, "copy": 19.2, "triad_nt": 19.0, "copy_nt": 20.0})
    assert two["gbps"] == 20.0 and two["best"] == "copy_nt"
    assert merged["trials"] == 2
    # Compute untouched; a later faster trial wins.
    faster = ceilings.merge_best(merged, scaled(earlier, "compute", "gflops", 1, 1.1))
    one = best(faster, "compute", 1)
    assert one["gflops"] == pytest.approx(55.0) and one["best"] == "dgemm" and faster["trials"] == 3


def test_merge_never_mixes_methods(document):
    earlier = dict(document["ceilings"]["cpu"], method_version=1)
    later = scaled(document["ceilings"]["cpu"], "compute", "gflops", 1, 0.5)
    merged = ceilings.merge_best(earlier, later)
    assert best(merged, "compute", 1)["gflops"] == 25.0 and merged["trials"] == 1


def test_a_run_with_cells_above_its_ceilings_measures_them_again(document, tmp_path):
    assert sorted(ceilings_refresh.cells_above(document)) == [
        "leibniz_pi/cpp.simd/n:10000000/threads:1",
        "stream_triad/cpp.openmp/n:100000000/threads:2",
    ]
    calls = []

    def measure(path, build_dir, machine, earlier, warn):
        calls.append((path, earlier is document["ceilings"]))
        fresh = copy.deepcopy(earlier)
        fresh["cpu"] = ceilings.merge_best(earlier["cpu"], scaled(earlier["cpu"], "bandwidth", "gbps", 2, 1.3))
        return fresh

    said = []
    record = ceilings_refresh.after_run(document, tmp_path, tmp_path, said.append, measure=measure)
    assert len(calls) == 1 and calls[0][0].parent == tmp_path / "machines" and calls[0][1]
    # The triad now sits under a 26 GB/s ceiling; the simd cell still beats 50 GFLOP/s and stays flagged.
    assert record == {
        "cells_above_before": [
            "leibniz_pi/cpp.simd/n:10000000/threads:1",
            "stream_triad/cpp.openmp/n:100000000/threads:2",
        ],
        "cells_above_after": ["leibniz_pi/cpp.simd/n:10000000/threads:1"],
    }
    assert document["ceilings"]["refreshed_after_run"] == record
    assert best(document["ceilings"]["cpu"], "bandwidth", 2)["gbps"] == pytest.approx(26.0)
    assert "2 cell(s) ran above" in said[0] and "1 of 2 cell(s) still above" in said[-1]
    card = dict(ceilings.card(document["ceilings"]))
    assert card["Ceilings re-measured"] == "after the run, because 2 cell(s) beat them; 1 still above"


def test_a_run_under_its_ceilings_measures_nothing(document, tmp_path):
    for cell in document["cells"]:
        if cell["name"] in ceilings_refresh.cells_above(document):
            cell["status"] = "failed"
    assert (
        ceilings_refresh.after_run(document, tmp_path, tmp_path, print, measure=lambda *a, **k: pytest.fail("measured"))
        is None
    )


def test_a_failed_re_measurement_keeps_the_ceilings(document, tmp_path):
    before = copy.deepcopy(document["ceilings"])

    def broken(*args, **kwargs):
        raise RuntimeError("build/bin/speedlab_ceilings is not built: run 'make build'")

    said = []
    assert ceilings_refresh.after_run(document, tmp_path, tmp_path, said.append, measure=broken) is None
    assert document["ceilings"] == before and "not re-measured: build/bin" in said[-1]


def test_a_cell_in_another_precision_is_not_held_to_the_fp64_peak(document):
    """A float32 GEMM runs twice the lanes per FMA: above the FP64 peak is no sign of a wrong ceiling, and a
    share of it would be a wrong number. Its bytes still meet the bandwidth roof."""
    from speedlab import analysis

    simd = next(c for c in document["cells"] if c["name"] == "leibniz_pi/cpp.simd/n:10000000/threads:1")
    assert analysis.roofline(simd, document["ceilings"])["above_ceiling"]
    single = dict(simd, params={**simd["params"], "dtype": "float32"})
    roof = analysis.roofline(single, document["ceilings"])
    assert roof["share"] is None and not roof["above_ceiling"] and roof["other_precision"] == "float32"
    triad = next(c for c in document["cells"] if c["name"] == "stream_triad/cpp.openmp/n:100000000/threads:2")
    single_triad = dict(triad, params={**triad["params"], "dtype": "float32"})
    assert analysis.roofline(single_triad, document["ceilings"])["above_ceiling"]  # bytes are bytes
    document["cells"] = [single, single_triad]
    assert ceilings_refresh.cells_above(document) == ["stream_triad/cpp.openmp/n:100000000/threads:2"]


def test_a_workload_in_float32_says_so_in_its_records():
    from speedlab import analysis
    from speedlab.manifest import ManifestError, load_manifest, load_workload

    assert load_manifest().workload("dataloader").precision == "float32"
    assert load_manifest().workload("matmul").precision == "float64"
    cell = {
        "status": "ok",
        "summary": {"median_s": 1.0},
        "threads": 1,
        "params": {"batches": 2},
        "precision": "float32",
        "throughput": {"flops": 1e11},
        "language": "python",
        "tier": "vectorized",
    }
    ceilings = {"cpu": {"compute": [{"threads": 1, "gflops": 50.0}], "bandwidth": [{"threads": 1, "gbps": 10.0}]}}
    assert analysis.roofline(cell, ceilings)["share"] is None
    assert analysis.roofline(dict(cell, precision=None), ceilings)["above_ceiling"]
    bad = Path(__file__).resolve().parents[2] / "benchmarks" / "workloads" / "dataloader.toml"
    text = bad.read_text().replace('precision = "float32"', 'precision = "quad"')
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workloads" / "dataloader.toml"
        path.parent.mkdir()
        path.write_text(text)
        with pytest.raises(ManifestError, match="precision = 'quad': expected one of float64"):
            load_workload(
                path, {"interpreted": "", "compiled": "", "vectorized": "", "jit": "", "gpu": "", "optimized": ""}
            )
