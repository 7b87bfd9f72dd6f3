"""The runner against a harness that misbehaves on purpose (tests/fixtures/manifest).

Nothing here depends on the machine's speed: the fake harness reports made-up
times. What is asserted is behaviour: every failure is a cell with its reason,
the run goes on, results are on disk, exit codes and messages are clear.
"""

import json
import signal
import subprocess
import sys
import time

import pytest

from conftest import FAKE_MANIFEST, REPO_ROOT, env, load_latest, speedlab


def fake_run(results_dir, *args):
    return speedlab("--manifest", str(FAKE_MANIFEST), "run", "--results-dir", str(results_dir), *args)


def by_impl(document):
    return {(c["impl"], c["threads"]): c for c in document["cells"]}


def test_every_kind_of_failure_is_recorded_and_the_run_goes_on(results_dir):
    done = fake_run(results_dir, "--preset", "quick", "--threads", "1,2")
    assert done.returncode == 1, done.stdout + done.stderr  # failures make the exit status non-zero
    document = load_latest(results_dir)
    cells = by_impl(document)
    assert document["run"]["status"] == "complete"
    assert cells[("fake.ok", 1)]["status"] == "ok"
    assert cells[("fake.multi", 1)]["status"] == "ok" and cells[("fake.multi", 2)]["status"] == "ok"
    assert cells[("fake.wrong", 1)]["status"] == "wrong_checksum"
    # Its probe at the smoke size (run to predict its time) already computed n + 1: wrong, with the numbers.
    wrong = cells[("fake.wrong", 1)]["reason"]
    assert "probe at n=10 computed a wrong answer: checksum = 11.0, reference 10.0" in wrong
    float32 = cells[("fake.float32", 1)]  # 1e-6 off: fails the workload's 1e-9, passes its own 1e-5
    assert float32["status"] == "ok" and float32["validation"]["checksums"]["checksum"]["rtol"] == 1e-5
    assert document["manifest"]["workloads"]["fake"]["impls"]["fake.float32"]["checksums"]["checksum"]["rtol"] == 1e-5
    assert cells[("fake.crash", 1)]["status"] == "failed" and "SIGABRT" in cells[("fake.crash", 1)]["reason"]
    assert cells[("fake.hang", 1)]["status"] == "timeout"
    assert cells[("fake.garbage", 1)]["status"] == "failed" and "not JSON" in cells[("fake.garbage", 1)]["reason"]
    assert "exited with status 3" in cells[("fake.exit3", 1)]["reason"]
    assert "something went wrong" in cells[("fake.exit3", 1)]["reason"]  # the harness's own message
    assert "out of memory for n" in cells[("fake.error", 1)]["reason"]
    assert cells[("fake.skip", 1)]["status"] == "skipped"
    assert cells[("fake.skip", 1)]["reason"] == "needs hardware this machine lacks"
    assert cells[("fake.unlisted", 1)]["status"] == "skipped" and "make build" in cells[("fake.unlisted", 1)]["reason"]
    assert cells[("ghost.any", 1)]["status"] == "skipped" and "not built" in cells[("ghost.any", 1)]["reason"]
    assert cells[("fake.recursion", 1)]["status"] == "not_applicable"
    # A wrong answer is never shown as a speed.
    report = (results_dir / "latest" / "report.md").read_text()
    wrong_row = next(line for line in report.splitlines() if line.startswith("| compiled | fake.wrong"))
    assert "✗ wrong checksum" in wrong_row and " ms " not in wrong_row
    assert "fake/fake.wrong/n:1000/threads:1" in done.stdout  # the failure summary names the cell


def test_measured_cells_carry_statistics_throughput_and_process_facts(results_dir):
    assert fake_run(results_dir, "--preset", "smoke", "--impls", "fake.ok").returncode == 0
    cell = load_latest(results_dir)["cells"][0]
    assert cell["name"] == "fake/fake.ok/n:10/threads:1"
    assert cell["params"] == {"n": 10} and cell["tier"] == "compiled" and cell["language"] == "fake"
    assert cell["summary"]["repetitions"] == 3
    assert cell["summary"]["median_s"] == pytest.approx(10 / 1e6 * 1.01)
    assert cell["throughput"]["flops"] == 20 and cell["throughput"]["bytes"] == 80
    assert cell["throughput"]["gflops"] == pytest.approx(20 / cell["summary"]["median_s"] / 1e9)
    assert cell["validation"]["checksums"]["checksum"] == {
        "ok": True,
        "value": 10.0,
        "reference": 10.0,
        "rel_error": 0.0,
        "rtol": 1e-9,
        "atol": 0.0,
    }
    # A Python interpreter running a short script: some MiB of memory (in KiB, not bytes or pages), and a
    # wall time between its start-up and the timeout.
    assert 2_000 < cell["process"]["max_rss_kib"] < 500_000
    assert 0.005 < cell["process"]["wall_s"] < 60
    assert "--repetitions" in cell["process"]["command"]
    assert cell["harness_output"]["benchmarks"][0]["impl"] == "fake.ok"  # raw output kept


def test_slow_cells_are_extrapolated_and_labelled(results_dir):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.slow", "--sizes", "100000")
    assert done.returncode == 0, done.stdout
    cell = load_latest(results_dir)["cells"][0]
    assert cell["status"] == "extrapolated"
    assert cell["extrapolated"]["median_s"] == pytest.approx(100.0)  # 10 ms at n=10, linear cost model
    assert cell["extrapolated"]["from"] == "probe" and cell["extrapolated"]["from_params"] == {"n": 10}
    assert "over the 5 s cell budget" in cell["reason"] and "cost model n" in cell["reason"]
    assert cell["probe"]["median_s"] == pytest.approx(0.01)  # the probe's measurement is kept
    assert "~100 s" in (results_dir / "latest" / "report.md").read_text()


def test_sizes_after_a_measured_one_are_predicted_from_it(results_dir):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.slow", "--sizes", "100,1000000")
    cells = load_latest(results_dir)["cells"]
    assert [c["status"] for c in cells] == ["ok", "extrapolated"], done.stdout
    assert cells[1]["extrapolated"]["from"] == "measured"
    assert cells[1]["extrapolated"]["from_params"] == {"n": 100}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--workloads", "nope"], "unknown workload(s) nope; known workloads: fake"),
        (["--impls", "fake.nope"], "no impl matches fake.nope; impls of the selected workloads: fake.crash"),
        (["--sizes", "abc"], "'abc' is not a size"),
        (["--sizes", "0"], "'0' is not a positive integer size"),
        (
            ["--sizes", "2000000000"],
            "fake: n=2,000,000,000 is out of range: size must be at least 1, at most 1,000,000,000",
        ),
        (["--preset", "huge"], "unknown preset 'huge'; presets: smoke, quick"),
        (["--threads", "many"], "--threads takes numbers or 'all', got 'many'"),
        (["--repetitions", "0"], "'--repetitions' / '-r': 0 is out of range: expected a whole number at least 1"),
    ],
)
def test_bad_input_is_a_clear_error(results_dir, args, message):
    done = fake_run(results_dir, *args)
    assert done.returncode == 2
    assert message in " ".join(done.stderr.split()), done.stderr
    assert not (results_dir / "runs").exists()  # nothing half-written


def test_ctrl_c_keeps_what_was_measured(results_dir):
    command = [
        sys.executable,
        "-m",
        "speedlab",
        "--manifest",
        str(FAKE_MANIFEST),
        "run",
        "--preset",
        "smoke",
        "--results-dir",
        str(results_dir),
        "--impls",
        "fake.slow,fake.hang",
        "--timeout",
        "60",
    ]
    proc = subprocess.Popen(
        command, env=env(), cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.time() + 30
    results = None
    while time.time() < deadline:  # wait until fake.slow (interpreted tier: first) is on disk, fake.hang running
        try:  # the run's own folder: latest moves when the run ends
            results = json.loads(next(results_dir.glob("runs/*/results.json")).read_text())
        except (OSError, ValueError, StopIteration):
            results = None
        if results and len(results["cells"]) == 1:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130, stdout
    document = load_latest(results_dir)
    assert document["run"]["status"] == "interrupted"
    assert [c["impl"] for c in document["cells"]] == ["fake.slow"]
    assert document["cells"][0]["status"] == "ok"
    assert (results_dir / "latest" / "report.md").exists()
    assert "interrupted" in stdout


def test_report_regenerates_everything_from_results_json(results_dir):
    fake_run(results_dir, "--preset", "smoke", "--impls", "fake.ok,fake.wrong")
    run_dir = (results_dir / "latest").resolve()
    for name in ("report.md", "results.csv", "gbench.json"):
        (run_dir / name).unlink()
    done = speedlab("report", str(run_dir), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "fake.wrong" in (run_dir / "report.md").read_text()
    assert (run_dir / "results.csv").read_text().count("\n") == 3
    gbench_doc = json.loads((run_dir / "gbench.json").read_text())
    assert {e["impl"] for e in gbench_doc["benchmarks"]} == {"fake.ok", "fake.wrong"}
    assert gbench_doc["benchmarks"][0]["flops"] == 20  # counts from the manifest, per iteration


def test_report_of_a_missing_run_says_what_to_pass(tmp_path):
    done = speedlab("report", str(tmp_path / "nothing"))
    assert done.returncode == 2  # bad input, as every usage error
    assert "no results at" in done.stderr and "pass a run folder" in done.stderr


def test_list_shows_state_and_reasons():
    done = speedlab("--manifest", str(FAKE_MANIFEST), "list", "--json")
    assert done.returncode == 0, done.stderr
    impls = {i["impl"]: i for i in json.loads(done.stdout)["impls"]}
    assert impls["fake.ok"]["state"] == "ready"
    assert impls["ghost.any"]["state"] == "unavailable" and "not built" in impls["ghost.any"]["reason"]
    assert impls["fake.unlisted"]["state"] == "not built"
    assert impls["fake.recursion"]["state"] == "not applicable"


def test_generated_data_lives_in_the_run_and_is_removed_after_it(results_dir):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.data", "--cold")
    assert done.returncode == 0, done.stdout
    cell = load_latest(results_dir)["cells"][0]
    assert cell["status"] == "ok"
    assert not ((results_dir / "latest").resolve() / "data").exists()
    assert cell["cold"]["walls_s"] and cell["cold"]["first_run_s"] == pytest.approx(1e-3)


def test_cold_runs_take_the_median_of_several_processes(results_dir):
    from speedlab.manifest import load_manifest
    from speedlab.run import Runner, Settings, plan
    from speedlab.harnesses import Harnesses

    manifest = load_manifest(FAKE_MANIFEST)
    settings = Settings.from_preset(manifest.presets["smoke"], cold=True)
    settings.cold_runs = 3
    (cell,) = plan(manifest, settings, ["fake"], ["fake.ok"])
    record = Runner(manifest, Harnesses(manifest, results_dir), settings).execute(cell)
    assert len(record["cold"]["walls_s"]) == 3
    assert record["cold"]["wall_s"] == sorted(record["cold"]["walls_s"])[1]


def test_a_choice_parameter_is_swept_for_the_impls_that_declare_it(results_dir):
    done = fake_run(
        results_dir, "--preset", "smoke", "--impls", "fake.ok,fake.dtype", "--param", "dtype=float64,float32"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    document = load_latest(results_dir)
    names = [c["name"] for c in document["cells"]]
    # float64 is the default: left out of the params; fake.ok has no float32, so it is not planned there.
    assert names == [
        "fake/fake.dtype/n:10/threads:1",
        "fake/fake.ok/n:10/threads:1",
        "fake/fake.dtype/n:10/dtype:float32/threads:1",
    ]
    float32 = document["cells"][2]
    assert float32["params"] == {"n": 10, "dtype": "float32"}
    assert "dtype=float32" in " ".join(float32["process"]["command"])
    check = float32["validation"]["checksums"]["checksum"]
    assert float32["status"] == "ok" and check["rtol"] == 1e-5 and check["rel_error"] == pytest.approx(1e-6)
    assert float32["counters"] == {"output_rel_error": 3e-7}  # the measured error, beside the time
    assert float32["throughput"]["bytes"] == 40  # dtype stands for 4 bytes per element in "dtype * n"
    assert document["cells"][0]["throughput"]["bytes"] == 80
    assert "cold" not in float32  # axis cells sit beside a main cell that has the cold time
    assert document["manifest"]["workloads"]["fake"]["choices"]["dtype"] == {
        "values": ["float64", "float32"],
        "default": "float64",
        "baseline": "float64",
        "description": "element type",
    }
    report = (results_dir / "latest" / "report.md").read_text()
    assert "## fake: dtype (float64, float32)" in report
    # median of 10, 10.1, 10.2 µs (float64) and of half those (float32): 2x, and the error beside it
    assert "| compiled | fake.dtype | 1 | n=10 | 10.1 µs | 5.05 µs (2×) | 3.0e-07 |" in report


@pytest.mark.parametrize(
    "args, message",
    [
        (["--param", "dtype=float16"], "--param dtype: unknown value(s) float16; dtype is one of float64, float32"),
        (
            ["--param", "precision=float32"],
            "--param precision: no selected workload has a choice parameter 'precision'",
        ),
        (["--param", "n=5"], "--param n: 'n' is a number; --param sets choice parameters"),
        (["--param", "dtype"], "--param expects NAME=VALUE[,VALUE...], got 'dtype'"),
    ],
)
def test_bad_choice_parameters_are_clear_errors(results_dir, args, message):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.ok", *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_an_impl_runs_in_the_presets_it_lists_or_when_asked_for(tmp_path):
    import dataclasses

    from speedlab.manifest import ManifestError, load_manifest
    from speedlab.run import Settings, plan

    manifest = load_manifest(FAKE_MANIFEST)
    workload = manifest.workload("fake")
    workload.impls["fake.slow"] = dataclasses.replace(workload.impls["fake.slow"], presets=("quick",))

    def planned(preset, impls=None):
        return {
            cell.impl.name for cell in plan(manifest, Settings.from_preset(manifest.presets[preset]), ["fake"], impls)
        }

    assert "fake.slow" in planned("quick") and "fake.ok" in planned("quick")
    assert "fake.slow" not in planned("smoke") and "fake.ok" in planned("smoke")
    assert planned("smoke", ["fake.slow"]) == {"fake.slow"}  # named on the command line: runs in any preset
    assert "fake.slow" in planned("smoke", ["fake.*"])

    copy = tmp_path / "manifest"
    (copy / "workloads").mkdir(parents=True)
    (copy / "suite.toml").write_text((FAKE_MANIFEST / "suite.toml").read_text())
    text = (FAKE_MANIFEST / "workloads" / "fake.toml").read_text()
    (copy / "workloads" / "fake.toml").write_text(
        text.replace('[impls."fake.slow"]\n', '[impls."fake.slow"]\npresets = ["nightly"]\n')
    )
    with pytest.raises(
        ManifestError, match="impl 'fake.slow' lists unknown preset\\(s\\) nightly \\(presets: smoke, quick"
    ):
        load_manifest(copy)


def test_peak_memory_is_the_harness_own_not_the_runners():
    """A child's ru_maxrss includes the memory of the process it was forked from (up to its exec): started
    from a runner holding 400 MB, `true` would report 400 MB. Through build/bin/speedlab_spawn it is small."""
    import numpy as np

    from conftest import BUILD_DIR, require_build
    from speedlab.process import run_process

    spawner = require_build(BUILD_DIR / "bin" / "speedlab_spawn")
    ballast = np.ones(50_000_000)  # 400 MB in this process
    direct = run_process(["true"], 60)
    launched = run_process(["true"], 60, spawner=spawner)
    assert ballast.sum() == 50_000_000.0
    assert direct.max_rss_kib > 300_000  # the problem the launcher solves
    assert 0 < launched.max_rss_kib < 20_000 and launched.returncode == 0
    crashed = run_process(["sh", "-c", "kill -SEGV $$"], 60, spawner=spawner)
    assert crashed.describe_exit() == "crashed (SIGSEGV)"
    assert run_process(["sh", "-c", "exit 3"], 60, spawner=spawner).returncode == 3
    missing = run_process(["/nonexistent/harness"], 60, spawner=spawner)
    assert missing.returncode == 127 and "cannot start /nonexistent/harness" in missing.stderr


def test_more_threads_are_predicted_from_fewer_at_the_same_size(results_dir):
    done = fake_run(results_dir, "--preset", "smoke", "--impls", "fake.multi", "--threads", "1,2", "--sizes", "100000")
    assert done.returncode == 0, done.stdout
    one, two = load_latest(results_dir)["cells"]
    assert (one["threads"], two["threads"]) == (1, 2)
    assert "probe" in one  # nothing measured before it: a probe at the smoke size
    assert "probe" not in two and two["status"] == "ok"  # predicted from the 1-thread cell: no probe needed
