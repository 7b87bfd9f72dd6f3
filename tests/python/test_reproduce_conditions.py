"""speedlab reproduce under the source's conditions: each source's conditions parsed and applied, the variants
(real impls, checked by the same checksums), verdicts that say when conditions differ or a cliff was crossed,
and the flag-set binaries' flags from their own --list facts. No timing."""

import json
import subprocess

import numpy as np
import pytest

from conftest import BUILD_DIR, require_build
from python_baselines.registry import Params, load_all
from python_baselines.workloads import mandelbrot, sort, source_styles
from speedlab import reproduce
from speedlab.manifest import load_manifest
from speedlab.reproduce.cliffs import cliffs_of, crossing
from validation import validate

MANIFEST = load_manifest()
SOURCES = reproduce.load_sources()
REGISTRY = load_all()


def cell(workload, impl, params, seconds, threads=1, status="ok", flops=None):
    out = {
        "workload": workload,
        "impl": impl,
        "params": params,
        "threads": threads,
        "status": status,
        "throughput": {"flops": flops} if flops else {},
    }
    if status == "ok":
        out["summary"] = {"median_s": seconds, "min_s": seconds, "mean_s": seconds, "cv": 0.0}
        out["cold"] = {"wall_s": seconds, "walls_s": [seconds]}
    else:
        out["extrapolated"] = {"median_s": seconds, "from_params": {"n": 1024}}
    return out


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_declares_its_conditions_and_its_variants_are_impls(name):
    source = SOURCES[name]
    assert source.conditions is not None, f"{name}: add [conditions]"
    assert source.conditions.timing and source.conditions.inputs in ("fresh", "fixed", "none")
    for table in source.tables:
        for row in table.rows:
            workload = MANIFEST.workloads.get(row.workload or table.workload or "")
            for impl in (row.variant, row.baseline_variant):
                if impl and workload is not None:
                    assert impl in workload.impls, f"{name}: {row.label}: {impl} is not an impl of {workload.name}"


def test_conditions_choose_the_impls():
    julia = SOURCES["julia-microbenchmarks"]
    settings = reproduce.settings_for([julia], MANIFEST, "default")
    source_cells, _ = reproduce.cells_for([julia], MANIFEST, settings, "default", "source")
    ours_cells, _ = reproduce.cells_for([julia], MANIFEST, settings, "default", "ours")
    source_impls = {(c.workload.name, c.impl.name) for c in source_cells}
    ours_impls = {(c.workload.name, c.impl.name) for c in ours_cells}
    assert {
        ("mandelbrot", "python.complex"),
        ("sort", "python.ndarray_loops"),
        ("pi_sum", "cpp.naive_o2"),
    } <= source_impls
    assert not any(impl.endswith("_o2") or impl in ("python.complex", "python.ndarray_loops") for _, impl in ours_impls)
    speed = SOURCES["speed-comparison"]
    (table,) = speed.tables
    cpp = table.rows[0]
    own, base = reproduce.row_targets(table, cpp, MANIFEST, "default", "ours")
    assert own.impl == base.impl == "cpp.naive"
    own, _ = reproduce.row_targets(table, cpp, MANIFEST, "default", "source")
    assert own.impl == "cpp.naive_assoc"
    assert "-fassociative-math" in speed.conditions.compilers["cpp"]
    assert reproduce.settings_for([speed], MANIFEST, "default").cell_budget >= reproduce.ROW_BUDGET_S


def _speed_document(cpp_impl):
    n = 1_000_000_000
    return {
        "run": {"id": "t"},
        "cells": [
            cell("leibniz_pi", cpp_impl, {"n": n}, 0.5),
            cell("leibniz_pi", "java.loops", {"n": n}, 0.5 * 1697.58 / 226.37),
        ],
    }


def test_a_row_whose_conditions_differ_cannot_read_reproduced():
    """The Java ratio is exactly the published one, but under --conditions ours its baseline is speedlab's
    scalar C++: not comparable, saying why; under the source's conditions the same numbers reproduce."""
    source = SOURCES["speed-comparison"]
    (ours,) = reproduce.evaluate(source, _speed_document("cpp.naive"), MANIFEST, "default", "ours")
    java = next(r for r in ours.rows if r.spec.label == "Java")
    assert java.ratio_of_ratios == pytest.approx(1.0)
    assert java.verdict == "not comparable"
    assert java.verdict_text().startswith(
        "not comparable: baseline C++ (g++): speedlab's cpp.naive is built without the source's -fassociative-math"
    )
    assert "not comparable: C (gcc), Java" in ours.verdict()
    (faithful,) = reproduce.evaluate(source, _speed_document("cpp.naive_assoc"), MANIFEST, "default", "source")
    assert next(r for r in faithful.rows if r.spec.label == "Java").verdict == "reproduced"


def test_an_unmatched_program_is_not_comparable_under_any_conditions():
    source = SOURCES["julia-microbenchmarks"]
    document = {
        "run": {"id": "t"},
        "cells": [cell("matmul", "java.loops", {"n": 1000}, 4.39), cell("matmul", "cpp.openblas", {"n": 1000}, 1.0)],
    }
    for conditions in reproduce.CONDITIONS:
        (table,) = reproduce.evaluate(source, document, MANIFEST, "default", conditions)
        row = next(r for r in table.rows if r.spec.label == "Java: matrix_multiply")
        assert row.ratio_of_ratios == pytest.approx(1.0) and row.verdict == "not comparable", conditions
    (pereira,) = reproduce.evaluate(
        SOURCES["pereira2017"],
        {
            "run": {"id": "t"},
            "cells": [cell("fib", "java.loops", {"n": 30}, 1.89), cell("fib", "cpp.naive", {"n": 30}, 1.0)],
        },
        MANIFEST,
        "default",
    )
    assert next(r for r in pereira.rows if r.spec.label == "Java").verdict == "not comparable"


MACHINE = {"cpu": {"l2_bytes": 1 << 20, "last_level_cache_bytes": 32 << 20, "model": "test CPU"}}


def test_no_verdict_from_an_extrapolation_across_a_cache_cliff():
    """The Zen 4 VM's case: naive C at n = 1500 extrapolated from the power-of-two n = 1024."""
    source = SOURCES["matmul-1500"]
    document = {
        "run": {"id": "t"},
        "machine": MACHINE,
        "cells": [
            cell("matmul", "cpp.naive", {"n": 1500}, 11.5, status="extrapolated"),
            cell("matmul", "python.loops", {"n": 1500}, 171.0),
        ],
    }
    tables = reproduce.evaluate(source, document, MANIFEST, "default")
    kostya = tables[1]
    cpython = next(r for r in kostya.rows if r.spec.label == "CPython")
    assert cpython.verdict == "not measured"
    assert cpython.verdict_text().startswith(
        "not measured at the source's size: cpp.naive extrapolated from "
        "n=1024: n = 1024 is a power of two and n = 1500 is not"
    )
    assert "not measured at the source's size: Java, CPython, NumPy, C++ Eigen" in kostya.verdict()  # C is their base
    cliffs = cliffs_of("matmul")
    caches = {"L2": 1 << 20, "last-level cache": 32 << 20}
    assert crossing(cliffs, "cpp.naive", {"n": 1500}, {"n": 1200}, caches) == ""  # the table's own step
    assert "last-level cache" in crossing(cliffs, "cpp.naive", {"n": 4096}, {"n": 1024}, caches)
    assert crossing(cliffs, "cpp.naive", {"n": 4096}, {"n": 2048}, caches) == ""  # Leiserson's basis
    assert crossing(cliffs, "python.loops", {"n": 4096}, {"n": 1024}, caches) == ""  # no cliff: the interpreter


def test_parallel_rows_compare_the_share_of_peak():
    source = SOURCES["leiserson2020"]
    n = 4096
    flops = 2.0 * n**3
    seconds = flops / (0.0433 * 100e9)  # exactly the paper's 4.33% of a 100 GFLOP/s peak
    document = {
        "run": {"id": "t"},
        "machine": MACHINE,
        "ceilings": {"cpu_theoretical": {"gflops": 100.0}},
        "cells": [
            cell("matmul", "cpp.parallel_dac", {"n": n}, seconds, threads=2, flops=flops),
            cell("matmul", "python.loops", {"n": n}, 10_000.0),
        ],
    }
    (table,) = reproduce.evaluate(source, document, MANIFEST, "default")
    dac = next(r for r in table.rows if r.spec.label == "Parallel divide and conquer")
    assert dac.ratio_of_ratios == pytest.approx(1.0) and dac.verdict == "reproduced"


# ----------------------------------------------------------------- the variants compute the same answers


def test_python_complex_counts_equal_the_definition_and_a_wrong_count_fails():
    for n in (24, 41):
        assert source_styles.mandelbrot_complex(n) == mandelbrot.mandelbrot_loops(n)
    n = 24
    total = float(source_styles.mandelbrot_complex(n))
    assert validate("mandelbrot", "python.complex", {"n": n}, {"checksum": total})["ok"]
    for change in (-1, 1, 100):
        assert not validate("mandelbrot", "python.complex", {"n": n}, {"checksum": total + change})["ok"]


def test_python_ndarray_quicksort_sorts_fresh_inputs_and_a_swap_fails():
    n = 2000
    prepared = REGISTRY[("sort", "python.ndarray_loops")].prepare(Params({"n": n}))
    outputs = []
    for _ in range(3):
        prepared.before_each()
        out = prepared.kernel()
        prepared.after_each(out)
        outputs.append(out.copy())
    assert all(np.all(np.diff(o) >= 0) for o in outputs)
    counters = prepared.checksums(outputs[-1])
    assert validate("sort", "python.ndarray_loops", {"n": n}, counters)["ok"]
    wrong = outputs[-1].copy()
    wrong[10], wrong[11] = wrong[11], wrong[10]
    bad = sort.checksum_array(wrong)
    assert not validate("sort", "python.ndarray_loops", {"n": n}, {"checksum": bad, "checksum_max": bad})["ok"]


# ----------------------------------------------------------------- the flag-set binaries (need the build)


def _list(binary):
    done = subprocess.run([str(binary), "--list"], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "flagset, workloads, present, absent",
    [
        ("assoc", ["leibniz_pi"], ["-fassociative-math", "-flto", "-fno-signed-zeros", "-march=native"], []),
        ("o2", ["fib", "mandelbrot", "sort", "pi_sum"], ["-O2"], ["-march"]),
    ],
)
def test_flagset_binaries_record_the_sources_flags(flagset, workloads, present, absent):
    binary = require_build(BUILD_DIR / "bin" / f"speedlab_cpp_flags_{flagset}")
    context = _list(binary)["context"]
    assert context["flagset"] == flagset
    flags = context["cxx_flags"]
    assert flags.split()[-len(present[0].split()) :]  # recorded
    for flag in present:
        assert flag in flags.split(), flags
    for flag in absent:
        assert not any(part.startswith(flag) for part in flags.split()), flags
    if flagset == "o2":
        levels = [part for part in flags.split() if part.startswith("-O")]
        assert levels[-1] == "-O2", flags  # the last -O wins over CMAKE_CXX_FLAGS_RELEASE's -O3
    main = _list(require_build(BUILD_DIR / "bin" / "speedlab_cpp"))
    listed = {(i["workload"], i["impl"]) for i in main["implementations"]}
    assert {(w, f"cpp.naive_{flagset}") for w in workloads} <= listed
    assert main["context"][f"flags_build_{flagset}"].startswith("built (")


def test_a_flagset_variant_runs_in_its_binary_and_passes_the_checksum():
    main = require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    require_build(BUILD_DIR / "bin" / "speedlab_cpp_flags_assoc")
    n = 100_000
    done = subprocess.run(
        [
            str(main),
            "--run",
            "leibniz_pi/cpp.naive_assoc",
            "--param",
            f"n={n}",
            "--repetitions",
            "1",
            "--min-time",
            "0",
            "--warmup",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(done.stdout)
    assert out["context"]["speedlab"]["flagset"] == "assoc"
    entry = next(e for e in out["benchmarks"] if e.get("run_type") == "iteration")
    assert entry["impl"] == "cpp.naive_assoc"
    assert validate("leibniz_pi", "cpp.naive_assoc", {"n": n}, {"checksum": entry["checksum"]})["ok"]
    assert not validate("leibniz_pi", "cpp.naive_assoc", {"n": n}, {"checksum": entry["checksum"] * (1 + 1e-6)})["ok"]
