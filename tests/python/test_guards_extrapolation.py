"""Honest extrapolation: from a validated basis at the cell's own thread count, and marked `~` in every
output that shows a value derived from it (tests/fixtures/manifest: made-up times, nothing timed)."""

import csv

import pytest

from conftest import FAKE_MANIFEST, load_latest, speedlab

CEILINGS = {
    "cpu": {
        "fma": [{"threads": 1, "gflops": 100.0}, {"threads": 2, "gflops": 200.0}],
        "stream": [
            {"threads": 1, "triad_gbps": 20.0, "copy_gbps": 20.0},
            {"threads": 2, "triad_gbps": 30.0, "copy_gbps": 30.0},
        ],
    }
}


def fake_run(results_dir, *args):
    return speedlab(
        "--manifest",
        str(FAKE_MANIFEST),
        "run",
        "--results-dir",
        str(results_dir),
        "--no-ceilings",
        "--preset",
        "smoke",
        *args,
    )


def cells_by(document):
    return {(c["impl"], c["params"]["n"], c["threads"]): c for c in document["cells"]}


def test_a_multi_thread_cell_is_extrapolated_from_a_basis_at_its_thread_count(results_dir):
    done = fake_run(results_dir, "--impls", "fake.slowmulti", "--threads", "1,2", "--sizes", "100,100000")
    assert done.returncode == 0, done.stdout + done.stderr
    cells = cells_by(load_latest(results_dir))
    one, two = cells[("fake.slowmulti", 100000, 1)], cells[("fake.slowmulti", 100000, 2)]
    assert one["status"] == two["status"] == "extrapolated"
    # 0.1 s at n = 100 on one thread, 0.05 s on two (the fake impl's speedup is its thread count): n = 100000
    # costs 1000x that. Scaling the 1-thread basis would have said 100 s for both, erasing the speedup.
    assert one["extrapolated"]["median_s"] == pytest.approx(100.0 * 1.01)
    assert two["extrapolated"]["median_s"] == pytest.approx(50.0 * 1.01)
    assert two["extrapolated"]["from_threads"] == 2 and two["extrapolated"]["from"] == "measured"
    assert "at threads=2 (measured)" in two["reason"]


def test_without_a_basis_at_its_thread_count_a_cell_probes_at_that_count(results_dir):
    done = fake_run(results_dir, "--impls", "fake.slowmulti", "--threads", "1,2", "--sizes", "100000")
    assert done.returncode == 0, done.stdout + done.stderr
    two = cells_by(load_latest(results_dir))[("fake.slowmulti", 100000, 2)]
    command = two["probe"]["process"]["command"]
    assert two["probe"]["threads"] == 2 and command[command.index("--threads") + 1] == "2"
    assert two["probe"]["why"] == ("no validated measurement of fake.slowmulti at threads=2 and a size no larger")
    assert two["extrapolated"]["from"] == "probe" and two["extrapolated"]["from_threads"] == 2
    assert two["extrapolated"]["median_s"] == pytest.approx(50.0)  # 5 ms at n = 10 on 2 threads, x 10,000


def test_a_cell_with_a_wrong_checksum_is_no_basis(results_dir):
    done = fake_run(results_dir, "--impls", "fake.wrongat100", "--sizes", "100,100000")
    cells = cells_by(load_latest(results_dir))
    assert cells[("fake.wrongat100", 100, 1)]["status"] == "wrong_checksum", done.stdout
    big = cells[("fake.wrongat100", 100000, 1)]
    assert big["status"] == "extrapolated" and big["extrapolated"]["from"] == "probe"  # not from the wrong cell
    assert big["extrapolated"]["from_params"] == {"n": 10}
    assert big["probe"]["validation"]["ok"] is True


def test_a_probe_with_a_wrong_checksum_makes_the_cell_wrong(results_dir):
    done = fake_run(results_dir, "--impls", "fake.probe_wrong", "--sizes", "100000")
    assert done.returncode == 1, done.stdout + done.stderr
    cell = load_latest(results_dir)["cells"][0]
    assert cell["status"] == "wrong_checksum" and "extrapolated" not in cell
    assert cell["reason"] == (
        "probe at n=10 computed a wrong answer: checksum = 11.0, reference 10.0 (relative "
        "error 1.00e-01 > tolerance 1e-09)"
    )
    assert cell["probe"]["validation"]["ok"] is False


@pytest.fixture(scope="module")
def extrapolated_run(tmp_path_factory):
    """fake.slow extrapolated at n = 100000 beside fake.ok measured; two sizes for the scaling chart."""
    results_dir = tmp_path_factory.mktemp("extrapolated") / "reports"
    done = fake_run(results_dir, "--impls", "fake.slow,fake.ok", "--sizes", "10,100000", "--tables")
    assert done.returncode == 0, done.stdout + done.stderr
    return results_dir, done


def test_values_derived_from_an_extrapolated_time_carry_the_mark(extrapolated_run):
    from speedlab import report, report_markdown

    results_dir, done = extrapolated_run
    document = load_latest(results_dir)
    document["ceilings"] = CEILINGS
    block = next(b for b in report.blocks(document) if b.params == {"n": 100000})
    slow = next(row for row in block.rows if row.impl == "fake.slow")
    assert slow.time == "~101 s" and slow.spread == "extrapolated"  # from the measured n = 10: 10.1 ms
    assert slow.gflops.startswith("~") and slow.gbps.startswith("~") and slow.roofline.startswith("~")
    ok = next(row for row in block.rows if row.impl == "fake.ok")
    assert not ok.gflops.startswith("~") and not ok.roofline.startswith("~")
    markdown = report_markdown.markdown(document)
    row = next(
        line
        for line in markdown.splitlines()
        if line.startswith("| interpreted | fake.slow") and "| extrapolated |" in line
    )
    assert "~101 s" in row and "~1.98e-06" in row and "~7.92e-06" in row  # GFLOP/s, GB/s of the extrapolated time
    terminal = next(line for line in done.stdout.splitlines() if "fake.slow" in line and "~101 s" in line)
    assert "~1.98e-06" in terminal
    from speedlab import html

    page = html.render_run(document, {})
    assert "~1.98e-06" in page and "~101 s" in page


def test_the_csv_has_the_mark_as_a_column(extrapolated_run):
    results_dir, _ = extrapolated_run
    rows = list(csv.DictReader(((results_dir / "latest").resolve() / "results.csv").open()))
    slow = next(r for r in rows if r["impl"] == "fake.slow" and r["params"] == "n=100000")
    assert slow["approximate"] == "True" and slow["status"] == "extrapolated"
    assert all(r["approximate"] == "False" for r in rows if r["status"] == "ok")


def test_chart_legends_explain_the_extrapolated_marks(extrapolated_run):
    results_dir, _ = extrapolated_run
    charts = (results_dir / "latest").resolve() / "charts"
    scaling = (charts / "scaling-fake.svg").read_text()
    assert "hollow: extrapolated (not run)" in scaling
    from speedlab import charts as charts_module, report

    block = next(b for b in report.blocks(load_latest(results_dir)) if b.params == {"n": 100000})
    for row in block.rows:  # the fake manifest has no baseline impl: give the two rows speedups to draw
        row.speedup_cpp = 0.5 if row.extrapolated else 2.0
    svg = charts_module.speedup_chart(block)
    assert "hatched: extrapolated (not run; ~ time from the cost model)" in svg


def test_an_axis_ratio_over_an_extrapolated_baseline_carries_the_mark(results_dir):
    # float64 (the baseline): 10 s a run, 3 repetitions over the 20 s budget: extrapolated; float32: half, runs.
    done = fake_run(
        results_dir,
        "--impls",
        "fake.dtype",
        "--sizes",
        "10000000",
        "--budget",
        "20",
        "--param",
        "dtype=float64,float32",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    document = load_latest(results_dir)
    statuses = {c["params"].get("dtype", "float64"): c["status"] for c in document["cells"]}
    assert statuses == {"float64": "extrapolated", "float32": "ok"}
    report = (results_dir / "latest" / "report.md").read_text()
    row = next(line for line in report.splitlines() if line.startswith("| compiled | fake.dtype | 1 | n=10,000,000"))
    # float32 was measured (5.05 s), but its ratio's baseline (float64, from a 1 ms probe at n = 10) was not
    assert "~10 s" in row and "5.05 s (~1.98×)" in row
    assert "dtype = float32: ~1.98× the speed of float64" in report
