"""Each language's REAL harness, run by the runner with test-only impls (tests/fixtures/harness_check):

- every repetition reports the checksum of its own output, so an impl whose output is wrong in its
  first repetition only (and right in the last, the one a harness copying one final checksum would
  report) is a wrong_checksum cell in Python, Java and C++;
- a body registered for manual timing (as every cuda.* body is) runs through the C++ harness and its
  time is the one it reported (Google Benchmark aborted when a benchmark asked for real and manual
  time at once: every timed GPU cell would have died without a GPU anywhere to notice).
"""

import json
import subprocess

import pytest

from conftest import BUILD_DIR, REPO_ROOT, env, load_latest, require_build, speedlab

MANIFEST = REPO_ROOT / "tests" / "fixtures" / "harness_check"
CPP = BUILD_DIR / "bin" / "speedlab_harness_check"
JAVA_TESTS = BUILD_DIR / "java" / "speedlab-tests.jar"


def run_cells(results_dir, impls):
    done = speedlab(
        "--manifest",
        str(MANIFEST),
        "run",
        "--preset",
        "smoke",
        "--no-cold",
        "-i",
        impls,
        "--results-dir",
        str(results_dir),
    )
    cells = {cell["impl"]: cell for cell in load_latest(results_dir)["cells"]}
    return done, cells


@pytest.mark.parametrize("language", ["python", "java", "cpp"])
def test_a_wrong_first_repetition_is_caught(results_dir, language):
    if language == "cpp":
        require_build(CPP)
    if language == "java":
        require_build(JAVA_TESTS)
    done, cells = run_cells(results_dir, f"{language}.first_repetition_wrong,{language}.steady")
    assert done.returncode == 1, done.stdout + done.stderr
    wrong = cells[f"{language}.first_repetition_wrong"]
    assert wrong["status"] == "wrong_checksum", wrong
    assert "checksum = 2.0, reference 1.0" in wrong["reason"]
    reported = [e["checksum"] for e in wrong["harness_output"]["benchmarks"] if e["run_type"] == "iteration"]
    assert reported == [2.0, 1.0, 1.0]  # each repetition its own: the last alone would have passed
    assert cells[f"{language}.steady"]["status"] == "ok", cells[f"{language}.steady"]


def test_manual_timing_runs_through_the_cpp_harness(results_dir):
    require_build(CPP)
    done, cells = run_cells(results_dir, "cpp.manual_time")
    assert done.returncode == 0, done.stdout + done.stderr
    cell = cells["cpp.manual_time"]
    assert cell["status"] == "ok", cell
    assert cell["summary"]["median_s"] == pytest.approx(1e-3, rel=1e-9)  # the time the body reported


def test_the_manual_timing_run_is_google_benchmark_json_with_real_iterations():
    require_build(CPP)
    done = subprocess.run(
        [
            str(CPP),
            "--run",
            "harness_check/cpp.manual_time",
            "--param",
            "n=1",
            "--repetitions",
            "2",
            "--min-time",
            "0.005",
            "--warmup",
            "0.001",
        ],
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr  # SIGABRT (-6) before the fix
    entries = [e for e in json.loads(done.stdout)["benchmarks"] if e["run_type"] == "iteration"]
    assert len(entries) == 2
    for entry in entries:
        assert entry["iterations"] >= 5  # min_time 5 ms of 1 ms iterations: calibrated on the manual time
        assert entry["real_time"] == pytest.approx(1e6, rel=1e-9) and entry["time_unit"] == "ns"
