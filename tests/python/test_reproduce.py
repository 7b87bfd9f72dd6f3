"""speedlab reproduce: the published files, the ratio arithmetic, extrapolation labels, a smoke run."""

import pytest

from conftest import BUILD_DIR, require_build, speedlab
from speedlab import reproduce
from speedlab.manifest import load_manifest

MANIFEST = load_manifest()
SOURCES = reproduce.load_sources()


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_published_file_parses_and_cites_its_source(name):
    source = SOURCES[name]
    assert source.title and source.year and (source.doi or source.url)
    assert source.read_from, f"{name}: say where the figures were read"
    assert source.tables and all(table.rows for table in source.tables)
    for table in source.tables:
        for row in table.rows:
            if row.impl and table.kind == "cells":
                workload = MANIFEST.workloads.get(row.workload or table.workload)
                assert workload is not None, f"{name}: unknown workload for {row.label}"


def test_published_numbers_as_in_the_sources():
    leiserson = SOURCES["leiserson2020"].tables[0]
    times = {row.label: row.published for row in leiserson.rows}
    assert times["Python"] == 25552.48 and times["plus AVX intrinsics"] == 0.41
    assert SOURCES["leiserson2020"].machine["peak_gflops"] == 835
    pypy = {row.label: row.published for row in SOURCES["matmul-1500"].tables[0].rows}
    assert pypy == {"CPython": 512.588, "naive C": 2.164, "NumPy": 0.171}
    assert {r.label: r.published for r in SOURCES["pereira2017"].tables[0].rows}["Python"] == 71.90


def fake_cell(workload, impl, n, seconds, threads=1, status="ok", cold=None):
    cell = {
        "workload": workload,
        "impl": impl,
        "params": {"n": n},
        "threads": threads,
        "status": status,
        "throughput": {"flops": 3.0 * n},
    }
    if status == "ok":
        cell["summary"] = {"median_s": seconds, "min_s": seconds * 0.9, "mean_s": seconds * 1.1}
        cell["cold"] = {"wall_s": cold or seconds + 0.1, "walls_s": [cold or seconds + 0.1]}
    if status == "extrapolated":
        cell["extrapolated"] = {"median_s": seconds}
        cell["reason"] = "not run: predicted over budget"
    return cell


def test_ratio_of_ratios_and_verdicts():
    """Golden run through the bands (--conditions source: the C++ row is cpp.naive_assoc)."""
    source = SOURCES["speed-comparison"]
    n = 1_000_000_000
    document = {
        "run": {"id": "t"},
        "cells": [
            fake_cell("leibniz_pi", "cpp.naive_assoc", n, 0.40, cold=0.5),
            fake_cell("leibniz_pi", "java.loops", n, 3.4, cold=3.5),  # 7.0x: published 7.5x -> reproduced
            fake_cell("leibniz_pi", "python.numpy", n, 4.0, cold=7.0),  # 14x: published 10.9x -> consistent
            fake_cell("leibniz_pi", "python.loops", n, 140.0, status="extrapolated"),  # 280x: published 381x
        ],
    }
    (table,) = reproduce.evaluate(source, document, MANIFEST, "default")
    rows = {r.spec.label: r for r in table.rows}
    assert rows["C++ (g++)"].measured_relative == 1.0 and rows["C++ (g++)"].impl == "cpp.naive_assoc"
    assert rows["Java"].published_relative == pytest.approx(1697.58 / 226.37)
    assert rows["Java"].measured_relative == pytest.approx(3.5 / 0.5)  # cold: whole-process medians
    assert rows["Java"].ratio_of_ratios == pytest.approx(7.0 / (1697.58 / 226.37))
    assert rows["Java"].verdict == "reproduced" and rows["Java"].verdict_text() == "reproduced (within ±25%)"
    assert rows["Python (NumPy)"].verdict == "consistent"
    assert rows["Python (NumPy)"].verdict_text().startswith("consistent (within 2×; gap: hardware: 4-vCPU AMD EPYC")
    assert rows["CPython"].extrapolated and rows["CPython"].measured_relative == pytest.approx(140.0 / 0.5)
    assert rows["CPython"].verdict == "consistent"
    assert rows["PyPy"].measured_relative is None and rows["PyPy"].verdict == "—"
    verdict = table.verdict()
    assert (
        verdict.startswith("2 of 4 published ratios reproduced")
        and "2 consistent (within 2×), 0 contradicted" in verdict
    )
    text = reproduce.markdown(source, [table], {**document, "machine": {}}, "default")
    cpython = next(line for line in text.splitlines() if line.startswith("| CPython"))
    assert "~280× (extrapolated)" in cpython and "~140 s" in cpython
    assert "-fassociative-math" in text  # the source's conditions are printed


def test_the_band_widens_with_the_noise_here():
    source = SOURCES["speed-comparison"]
    n = 1_000_000_000
    document = {
        "run": {"id": "t"},
        "cells": [
            fake_cell("leibniz_pi", "cpp.naive_assoc", n, 0.4, cold=0.5),
            fake_cell("leibniz_pi", "java.loops", n, 3.4, cold=3.5),
        ],
    }
    for cell in document["cells"]:
        cell["cold"]["walls_s"] = [cell["cold"]["wall_s"] * f for f in (0.8, 1.0, 1.2)]  # cv 0.2 each
    (table,) = reproduce.evaluate(source, document, MANIFEST, "default")
    java = next(r for r in table.rows if r.spec.label == "Java")
    error = 1.2533 * 0.2 / 3**0.5  # the standard error of a median of 3 runs with cv 0.2
    assert java.band == pytest.approx(2 * (2 * error**2) ** 0.5 + 0.03)


def test_a_contradiction_names_the_row_and_says_unexplained():
    source = SOURCES["speed-comparison"]
    n = 1_000_000_000
    document = {
        "run": {"id": "t"},
        "cells": [
            fake_cell("leibniz_pi", "cpp.naive_assoc", n, 0.4, cold=0.5),
            fake_cell("leibniz_pi", "java.loops", n, 20.0, cold=30.0),
        ],
    }
    (table,) = reproduce.evaluate(source, document, MANIFEST, "default")
    java = next(r for r in table.rows if r.spec.label == "Java")
    assert java.verdict == "contradicted" and java.verdict_text().startswith("contradicted: the C++ baseline: ")
    assert "the largest disagreement is Java: 7.5× published, 60× here (the C++ baseline: " in table.verdict()
    numpy = next(r for r in table.rows if r.spec.label == "Python (NumPy)")
    assert numpy.measured_relative is None and "not measured: missing" in numpy.note
    # A row whose file names no cause says so.
    julia = SOURCES["julia-microbenchmarks"]
    document = {
        "run": {"id": "t"},
        "cells": [fake_cell("fib", "python.loops", 20, 653.2), fake_cell("fib", "cpp.naive_o2", 20, 1.0)],
    }
    (table,) = reproduce.evaluate(julia, document, MANIFEST, "default")
    fib = next(r for r in table.rows if r.spec.label == "Python: fib")
    assert fib.verdict == "contradicted" and fib.verdict_text() == "contradicted: unexplained"
    assert "the largest disagreement is Python: fib: 65.3× published, 653× here (unexplained)" in table.verdict()


def test_suite_rows_are_geometric_means_over_workloads():
    source = SOURCES["python-claim"]
    document = {
        "run": {"id": "t"},
        "cells": [
            fake_cell("fib", "python.loops", 30, 2.0),
            fake_cell("fib", "java.loops", 30, 0.02),
            fake_cell("sort", "python.loops", 10, 8.0),
            fake_cell("sort", "java.loops", 10, 0.8),
            fake_cell("sort", "python.loops", 5, 1.0),
            fake_cell("sort", "java.loops", 5, 1.0),  # smaller size: ignored
        ],
    }
    (table,) = reproduce.evaluate(source, document, MANIFEST, "default")
    java = next(r for r in table.rows if r.spec.label == "pure Python vs Java")
    assert java.measured_relative == pytest.approx((100 * 10) ** 0.5)  # geomean of 100x and 10x
    assert java.spread == (10.0, 100.0, 2) and java.verdict == "contradicted"
    assert java.verdict_text() == "contradicted: unexplained"


def test_suite_rows_leave_out_the_isa_and_dtype_sweeps():
    """A float32 cell is not the suite's NumPy row (and its params mix a number and a name)."""
    source = SOURCES["python-claim"]
    float32 = [
        fake_cell("stream_triad", impl, 10, seconds) for impl, seconds in (("python.numpy", 0.5), ("java.loops", 0.05))
    ]
    for cell in float32:
        cell["params"]["dtype"] = "float32"
    document = {
        "run": {"id": "t"},
        "cells": [
            fake_cell("stream_triad", "python.numpy", 10, 2.0),
            fake_cell("stream_triad", "java.loops", 10, 1.0),
            *float32,
        ],
    }
    (table,) = reproduce.evaluate(source, document, MANIFEST, "default")
    numpy = next(r for r in table.rows if r.spec.label == "NumPy vs Java")
    assert numpy.measured_relative == pytest.approx(2.0) and numpy.spread == (2.0, 2.0, 1)
    settings = reproduce.settings_for([source], MANIFEST, "default")
    cells, _ = reproduce.cells_for([source], MANIFEST, settings, "default")
    assert cells and not any(isinstance(v, str) for cell in cells for v in cell.params.values())


def test_bad_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[source]\nname = "bad"\n[[tables]]\nname = "t"\nunit = "furlongs"\n[[tables.rows]]\nlabel = "x"\n')
    with pytest.raises(reproduce.ReproduceError, match=r"bad.toml \[\[tables\]\] #1 unit: 'furlongs' is not one of"):
        reproduce.load_source(bad)
    bad.write_text('[source]\nname = "other"\n')
    with pytest.raises(reproduce.ReproduceError, match="must match the file name"):
        reproduce.load_source(bad)
    with pytest.raises(reproduce.ReproduceError, match="unknown published table 'nope'; known: "):
        reproduce.select(SOURCES, "nope")


def test_unknown_name_on_the_command_line():
    done = speedlab("reproduce", "nope")
    assert done.returncode == 2 and "unknown published table 'nope'" in done.stderr


def test_reproduce_end_to_end_at_smoke_scale(tmp_path):
    require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    done = speedlab("reproduce", "speed-comparison", "--scale", "smoke", "--results-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    run_dir = (tmp_path / "latest").resolve()
    text = (run_dir / "reproduce-speed-comparison.md").read_text()
    assert "doi" in text or "github.com/niklas-heer" in text
    assert "| Java | java.loops |" in text and "**Verdict**:" in text
    assert "| C++ (g++) | cpp.naive_assoc |" in text  # the source's flags by default
    assert (run_dir / "reproduce-speed-comparison.html").exists()
    assert "verdict:" in done.stdout
    ours = speedlab("reproduce", "speed-comparison", "--from", str(run_dir), "--conditions", "ours")
    assert ours.returncode == 0, ours.stdout + ours.stderr
    text = (run_dir / "reproduce-speed-comparison-ours.md").read_text()
    assert "`--conditions ours`" in text and "| C++ (g++) | cpp.naive |" in text
    java = next(line for line in text.splitlines() if line.startswith("| Java |"))
    assert (
        "not comparable: baseline C++ (g++): speedlab's cpp.naive is built without the source's -fassociative-math"
        in java
    )
    bad = speedlab("reproduce", "speed-comparison", "--from", str(run_dir), "--conditions", "theirs")
    assert bad.returncode == 2 and "theirs" in bad.stderr
