"""The runner's guards against wrong numbers and bad input (tests/fixtures/manifest, nothing timed).

Impossible timings fail their cell; every numeric option is checked; a cell that would not fit in memory
is refused with the numbers; every JSON file is strict; what came from a run is escaped in Markdown.
"""

import csv
import json
import re

import pytest

from conftest import FAKE_MANIFEST, load_latest, speedlab
from speedlab import jsonio

IMPOSSIBLE = {
    "fake.negative": "repetition 0 reports real_time -1.41e+05 ns per iteration (a duration is positive)",
    "fake.zero": "repetition 0 reports real_time 0 ns per iteration (a duration is positive)",
    "fake.nan": "repetition 0 reports real_time nan ns per iteration (not a finite number)",
    "fake.inf": "repetition 0 reports real_time inf ns per iteration (not a finite number)",
    "fake.tiny": "repetition 0 reports real_time 0.001 ns per iteration, under 0.1 ns",
}


def fake_run(results_dir, *args):
    return speedlab("--manifest", str(FAKE_MANIFEST), "run", "--results-dir", str(results_dir), "--no-ceilings", *args)


def cells_of(results_dir):
    return {(c["impl"], c["threads"]): c for c in load_latest(results_dir)["cells"]}


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """Every fake impl once, at the smoke preset: the misbehaving ones included."""
    results_dir = tmp_path_factory.mktemp("guards") / "reports"
    done = fake_run(results_dir, "--preset", "smoke", "--timeout", "2")
    assert done.returncode == 1, done.stdout + done.stderr  # some cells fail, on purpose
    return results_dir, done


@pytest.mark.parametrize("impl", sorted(IMPOSSIBLE))
def test_an_impossible_timing_is_a_failed_cell_never_a_speed(smoke_run, impl):
    results_dir, done = smoke_run
    cell = cells_of(results_dir)[(impl, 1)]
    assert cell["status"] == "failed"
    assert cell["reason"].startswith("impossible timing: ") and IMPOSSIBLE[impl] in cell["reason"]
    assert "summary" not in cell and "throughput" not in cell
    report = (results_dir / "latest" / "report.md").read_text()
    row = next(line for line in report.splitlines() if line.startswith(f"| compiled | {impl}"))
    assert "✗ failed" in row and "✓" not in row and " ns " not in row
    assert f"fake/{impl}/n:10/threads:1: impossible timing" in done.stdout  # the failure list names it


def test_the_clock_bound_catches_a_repetition_shorter_than_one_tick():
    from speedlab import gbench

    parsed = gbench.Parsed(context={}, repetitions=[gbench.Repetition(5e-10, 5e-10, 1, {})])
    assert gbench.impossible_timing(parsed, resolution_s=1e-9) == (
        "impossible timing: repetition 0 lasted 0.5 ns in all, under the monotonic clock's resolution of 1 ns"
    )
    parsed.repetitions[0] = gbench.Repetition(5e-10, 5e-10, 4, {})  # 4 iterations: 2 ns in all, measurable
    assert gbench.impossible_timing(parsed, resolution_s=1e-9) is None


def test_every_json_file_written_is_strict(smoke_run, tmp_path):
    results_dir, _ = smoke_run
    run_dir = (results_dir / "latest").resolve()
    for name in ("results.json", "gbench.json"):
        jsonio.loads_strict((run_dir / name).read_text())  # raises on NaN / Infinity
    nan_counter = cells_of(results_dir)[("fake.nancounter", 1)]
    cv = next(e for e in nan_counter["harness_output"]["benchmarks"] if e.get("aggregate_name") == "cv")
    assert cv["streaming_stores"] is None  # Google Benchmark's NaN kept as null
    for args in (["--manifest", str(FAKE_MANIFEST), "list", "--json"], ["sysinfo", "--json"]):
        done = speedlab(*args)
        assert done.returncode == 0, done.stderr
        jsonio.loads_strict(done.stdout)
    with pytest.raises(ValueError, match="not strict JSON: NaN"):
        jsonio.loads_strict('{"cv": NaN}')
    assert jsonio.dumps({"a": float("nan"), "b": [float("inf"), 1.5]}, indent=None) == '{"a": null, "b": [null, 1.5]}'


def test_gbench_json_marks_failed_cells_as_google_benchmark_does(smoke_run):
    results_dir, _ = smoke_run
    document = json.loads(((results_dir / "latest").resolve() / "gbench.json").read_text())
    by_impl: dict[str, list[dict]] = {}
    for entry in document["benchmarks"]:
        by_impl.setdefault(entry["impl"] if "impl" in entry else entry["name"].split("/")[1], []).append(entry)
    for impl in ("fake.wrong", "fake.crash", "fake.hang", "fake.negative", "fake.nan"):
        assert by_impl[impl], impl
        for entry in by_impl[impl]:
            assert entry["error_occurred"] is True and entry["error_message"].split(":")[0] in (
                "wrong_checksum",
                "failed",
                "timeout",
            )
    assert "reference 10.0" in by_impl["fake.wrong"][0]["error_message"]
    assert all(not entry.get("error_occurred") for entry in by_impl["fake.ok"])
    assert "fake.skip" not in by_impl and "fake.slow" in by_impl


def test_markdown_escapes_what_came_from_a_run(smoke_run):
    results_dir, _ = smoke_run
    report = (results_dir / "latest" / "report.md").read_text()
    assert "<script>" not in report
    assert "&lt;script&gt;alert('x')&lt;/script&gt; \\| a pipe &amp; an ampersand" in report  # the stderr
    assert "fails with &lt;script&gt; &amp; \\| in its stderr" in report  # the description
    html = ((results_dir / "latest").resolve() / "report.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_cell_that_does_not_fit_in_memory_is_refused_with_the_numbers(results_dir):
    from speedlab.harnesses import Harnesses
    from speedlab.manifest import load_manifest
    from speedlab.run import Runner, Settings, plan

    manifest = load_manifest(FAKE_MANIFEST)
    settings = Settings.from_preset(manifest.presets["smoke"], cold=False, cell_budget=1e6)  # nothing extrapolated
    small, big = plan(manifest, settings, ["fake"], ["fake.ok"], [1000, 1_000_000_000])
    runner = Runner(manifest, Harnesses(manifest, results_dir), settings, available_memory=lambda: 8 * 2**30)
    refused = runner.execute(big)  # memory = "8 * n": 7.45 GiB, over half of 8 GiB
    assert refused["status"] == "skipped"
    assert refused["reason"] == (
        "needs ~7.45 GiB, over 50% of the 8 GiB available; the largest n that fits is "
        "536,870,912 (memory formula 8 * n)"
    )
    assert refused["memory"] == {"predicted_bytes": 8e9} and "process" not in refused  # its process never started
    fits = runner.execute(small)
    assert fits["status"] == "ok" and fits["memory"] == {"predicted_bytes": 8000.0}


def test_a_cell_that_does_not_fit_is_refused_even_where_it_would_be_extrapolated(results_dir):
    """A time extrapolated for a cell this machine cannot hold (NumPy loading a file larger than memory) is a
    number nobody can measure here: the memory check comes before the budget."""
    from speedlab.harnesses import Harnesses
    from speedlab.manifest import load_manifest
    from speedlab.run import Runner, Settings, plan

    manifest = load_manifest(FAKE_MANIFEST)
    settings = Settings.from_preset(manifest.presets["smoke"], cold=False, cell_budget=1e-9)  # all over budget
    (big,) = plan(manifest, settings, ["fake"], ["fake.ok"], [1_000_000_000])
    runner = Runner(manifest, Harnesses(manifest, results_dir), settings, available_memory=lambda: 8 * 2**30)
    refused = runner.execute(big)
    assert refused["status"] == "skipped" and "extrapolated" not in refused and "probe" not in refused
    assert refused["reason"].startswith("needs ~7.45 GiB, over 50% of the 8 GiB available")


def test_a_refused_cell_says_so_in_the_run(smoke_run):
    results_dir, _ = smoke_run
    cell = cells_of(results_dir)[("fake.memory_hog", 1)]  # memory = "n * 2**50": a PiB per unit of n
    assert cell["status"] == "skipped"
    assert re.fullmatch(
        r"needs ~10 PiB, over 50% of the [\d.]+ GiB available; no n fits "
        r"\(memory formula n \* 2\*\*50\)",
        cell["reason"],
    ), cell["reason"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--timeout", "nan"],
            "Invalid value for '--timeout': 'nan' is not a finite number; expected a finite number above 0 s",
        ),
        (["--timeout", "inf"], "'--timeout': 'inf' is not a finite number"),
        (["--timeout", "0"], "'--timeout': 0 is out of range: expected a finite number above 0 s"),
        (["--budget", "nan"], "'--budget': 'nan' is not a finite number; expected a finite number above 0 s"),
        (["--budget", "-5"], "'--budget': -5 is out of range"),
        (["--min-time", "nan"], "'--min-time': 'nan' is not a finite number; expected a finite number at least 0 s"),
        (["--min-time", "-1"], "'--min-time': -1 is out of range: expected a finite number at least 0 s"),
        (["--warmup", "-1"], "'--warmup': -1 is out of range: expected a finite number at least 0 s"),
        (["--warmup", "nan"], "'--warmup': 'nan' is not a finite number"),
        (
            ["--repetitions", "1e9"],
            "'--repetitions' / '-r': '1e9' is not a whole number at least 1 and at most 100,000",
        ),
        (
            ["--processes", "0"],
            "'--processes': 0 is out of range: expected a whole number at least 1 and at most 1,000",
        ),
        (["--seed", "-1"], "'--seed': -1 is out of range: expected a whole number at least 0"),
        (["--threads", "0"], "--threads must be at least 1, got 0"),
        (
            ["--sizes", "1e10"],
            "fake: n=1e10 (= 10,000,000,000) is out of range: size must be at least 1, at most 1,000,000,000",
        ),
        (["--sizes", "1e30"], "'1e30' is too large: a size is at most 2^63 - 1"),
        (["--sizes", "nan"], "'nan' is not a positive integer size"),
    ],
)
def test_numeric_options_of_run_are_checked(results_dir, args, message):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.ok", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in " ".join(done.stderr.split()), done.stderr
    assert not (results_dir / "runs").exists()


@pytest.mark.parametrize(
    "alpha, message",
    [
        ("nan", "'--alpha': 'nan' is not a finite number; expected a finite number above 0 and at most 1"),
        ("0", "'--alpha': 0 is out of range: expected a finite number above 0 and at most 1"),
        ("2", "'--alpha': 2 is out of range"),
    ],
)
def test_numeric_options_of_compare_are_checked(tmp_path, alpha, message):
    from conftest import REPO_ROOT

    golden = REPO_ROOT / "tests" / "fixtures" / "golden_run_a.json"
    done = speedlab("compare", str(golden), str(golden), "--alpha", alpha, "--output", str(tmp_path))
    assert done.returncode == 2 and message in " ".join(done.stderr.split()), done.stderr


def test_more_threads_than_cores_warn_once_and_are_labelled(results_dir):
    from speedlab.run import usable_cpus

    many = usable_cpus() + 1
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.multi", "--threads", f"1,{many}", "--no-cold")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.count("warning:") == 1
    assert f"--threads {many} is more than the {usable_cpus()} core(s) this run may use" in done.stderr
    cells = cells_of(results_dir)
    assert cells[("fake.multi", many)]["oversubscribed"] is True and "oversubscribed" not in cells[("fake.multi", 1)]
    report = (results_dir / "latest" / "report.md").read_text()
    assert f"| compiled | fake.multi | {many} (oversubscribed) |" in report
    assert "| compiled | fake.multi | 1 |" in report


def test_processes_run_the_warm_measurement_in_separate_harness_processes(results_dir):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.ok", "--processes", "2", "-r", "3")
    assert done.returncode == 0, done.stdout + done.stderr
    document = load_latest(results_dir)
    cell = document["cells"][0]
    assert document["run"]["settings"]["processes"] == 2
    assert [len(group["repetitions_s"]) for group in cell["processes"]] == [3, 3]
    assert [group["index"] for group in cell["processes"]] == [0, 1]
    assert cell["repetitions_s"] == cell["processes"][0]["repetitions_s"] + cell["processes"][1]["repetitions_s"]
    assert cell["summary"]["repetitions"] == 6
    assert [e["speedlab_process"] for e in cell["harness_output"]["benchmarks"]] == [0, 0, 0, 1, 1, 1]


@pytest.mark.parametrize(
    "content, message",
    [
        ("[1, 2]", "is not a speedlab results file: it holds a JSON list"),
        (
            '{"schema": "speedlab-results/1"}',
            "is damaged: a speedlab results file has a 'run' object and a 'cells' list",
        ),
        ("{", "is not valid JSON"),
    ],
)
def test_report_and_compare_exit_2_on_a_bad_results_file(tmp_path, content, message):
    bad = tmp_path / "results.json"
    bad.write_text(content)
    for args in (["report", str(bad)], ["compare", str(bad), str(bad), "--output", str(tmp_path / "out")]):
        done = speedlab(*args)
        assert done.returncode == 2, done.stdout + done.stderr
        assert message in done.stderr and "Traceback" not in done.stderr


def test_report_and_compare_exit_2_on_a_missing_file(tmp_path):
    for args in (["report", str(tmp_path / "nothing")], ["compare", str(tmp_path / "a"), str(tmp_path / "b")]):
        done = speedlab(*args)
        assert done.returncode == 2 and "no results at" in done.stderr and "pass a run folder" in done.stderr


def test_csv_flags_values_from_an_extrapolated_time(results_dir):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.slow,fake.ok", "--sizes", "100000")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row["impl"]: row for row in csv.DictReader(((results_dir / "latest") / "results.csv").open())}
    assert rows["fake.slow"]["approximate"] == "True" and rows["fake.slow"]["gflops"]
    assert rows["fake.ok"]["approximate"] == "False"
