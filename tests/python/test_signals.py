"""A run that survives signals: `speedlab run` as a subprocess against the fake manifest, a signal at each
moment of its life, and what must hold afterwards: the exit status, results.json, the reports, no harness
left running, no temporary file, no data folder; and two runs on one results folder.

The fake harness says where it is (FAKE_MARKER_DIR: a file per started harness, named impl.pid), so the tests
wait for a moment instead of guessing it with sleeps.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_DIR, FAKE_MANIFEST, REPO_ROOT, env, require_build
from test_process import alive


class Run:
    """One `speedlab run` in the background, with its own TMPDIR and marker folder."""

    def __init__(self, tmp_path: Path, results_dir: Path, *args: str, **extra_env: str):
        require_build(BUILD_DIR / "bin" / "speedlab_spawn")
        self.markers = tmp_path / "markers"
        self.tmpdir = tmp_path / "tmp"
        self.tmpdir.mkdir(exist_ok=True)
        self.results_dir = results_dir
        environment = {**env(), "TMPDIR": str(self.tmpdir), "FAKE_MARKER_DIR": str(self.markers), **extra_env}
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
            *args,
        ]
        self.proc = subprocess.Popen(
            command, env=environment, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def wait_for_marker(self, prefix: str, timeout: float = 60) -> int:
        """The pid in the first marker named prefix.*, once it appears."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = sorted(self.markers.glob(f"{prefix}.*")) if self.markers.exists() else []
            if found:
                time.sleep(0.1)  # let the process settle into what it does (sleep, wait)
                return int(found[0].name.rsplit(".", 1)[1])
            if self.proc.poll() is not None:
                pytest.fail(f"the run ended before {prefix} started:\n{self.proc.stdout.read()}")
            time.sleep(0.05)
        pytest.fail(f"{prefix} did not start within {timeout} s")

    def finish(self, timeout: float = 60) -> str:
        output, _ = self.proc.communicate(timeout=timeout)
        return output

    def document(self) -> dict:
        (results,) = self.results_dir.glob("runs/*/results.json")
        return json.loads(results.read_text())

    def assert_ended_cleanly(self, output: str, *harness_pids: int) -> Path:
        """Everything the issue lists after an interrupted run; returns the run folder."""
        (run_dir,) = self.results_dir.glob("runs/*")
        for name in ("results.json", "results.csv", "report.md", "report.html", "gbench.json"):
            assert (run_dir / name).exists(), f"{name} missing after the signal:\n{output}"
        assert not (run_dir / "data").exists()
        assert list(self.tmpdir.iterdir()) == [], "temporary files left behind"
        assert not list(run_dir.glob("*.tmp"))
        assert (self.results_dir / "latest").resolve() == run_dir.resolve()
        for pid in harness_pids:
            assert not alive(pid), f"harness {pid} outlived the run"
        assert "Traceback" not in output, output
        return run_dir


STOPS = [signal.SIGINT, signal.SIGTERM]


@pytest.mark.parametrize("signum", STOPS, ids=lambda s: s.name)
def test_a_signal_during_discovery_ends_the_run_in_order(tmp_path, results_dir, signum):
    run = Run(tmp_path, results_dir, "--impls", "fake.ok", FAKE_LIST_PAUSE="1")
    lister = run.wait_for_marker("list")
    run.proc.send_signal(signum)
    output = run.finish()
    assert run.proc.returncode == 128 + signum, output
    document = run.document()
    assert document["run"]["status"] == "interrupted" and document["run"]["signal"] == signum.name
    assert document["cells"] == []
    run.assert_ended_cleanly(output, lister)
    assert "interrupted" in output


@pytest.mark.parametrize("signum", [*STOPS, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_mid_cell_keeps_the_measured_cells(tmp_path, results_dir, signum):
    run = Run(tmp_path, results_dir, "--impls", "fake.data,fake.hang", "--timeout", "120")
    hang = run.wait_for_marker("fake.hang")
    started = time.monotonic()
    run.proc.send_signal(signum)
    output = run.finish()
    assert time.monotonic() - started < 60  # it did not wait for the harness's timeout
    assert run.proc.returncode == 128 + signum, output
    document = run.document()
    assert document["run"]["status"] == "interrupted" and document["run"]["signal"] == signum.name
    assert [(c["impl"], c["status"]) for c in document["cells"]] == [("fake.data", "ok")]
    run_dir = run.assert_ended_cleanly(output, hang)
    assert "fake.data" in (run_dir / "report.md").read_text()


@pytest.mark.parametrize("signum", STOPS, ids=lambda s: s.name)
def test_a_second_signal_while_the_reports_are_written_loses_nothing(tmp_path, results_dir, signum):
    pause = tmp_path / "writing-reports"
    run = Run(
        tmp_path,
        results_dir,
        "--impls",
        "fake.data,fake.hang",
        "--timeout",
        "120",
        SPEEDLAB_TEST_REPORTS_PAUSE=str(pause),
    )
    hang = run.wait_for_marker("fake.hang")
    run.proc.send_signal(signum)
    deadline = time.time() + 60
    while not pause.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert pause.exists(), "the run never reached its reports"
    run.proc.send_signal(signal.SIGINT if signum == signal.SIGTERM else signal.SIGTERM)  # a different one, too
    output = run.finish()
    assert run.proc.returncode == 128 + signum, output  # the first signal decides
    assert run.document()["run"]["status"] == "interrupted"
    run.assert_ended_cleanly(output, hang)
    assert "ignored: already stopping" in output


def test_a_signal_after_the_last_cell_still_gets_the_reports(tmp_path, results_dir):
    pause = tmp_path / "writing-reports"
    run = Run(tmp_path, results_dir, "--impls", "fake.ok", SPEEDLAB_TEST_REPORTS_PAUSE=str(pause))
    deadline = time.time() + 60
    while not pause.exists() and time.time() < deadline:
        time.sleep(0.05)
    run.proc.send_signal(signal.SIGTERM)
    output = run.finish()
    assert run.proc.returncode == 143, output
    document = run.document()
    assert document["run"]["status"] == "complete"  # every cell was measured
    assert document["run"]["signal"] == "SIGTERM" and document["cells"][0]["status"] == "ok"
    run.assert_ended_cleanly(output)


def test_sigkill_of_the_runner_takes_the_harness_with_it(tmp_path, results_dir):
    run = Run(tmp_path, results_dir, "--impls", "fake.hang", "--timeout", "120")
    hang = run.wait_for_marker("fake.hang")
    run.proc.kill()
    run.finish()
    deadline = time.time() + 10
    while (alive(hang) or list(run.tmpdir.iterdir())) and time.time() < deadline:
        time.sleep(0.05)
    assert not alive(hang), "the harness outlived the SIGKILLed runner"
    assert list(run.tmpdir.iterdir()) == []  # the launcher removed its usage file: nobody else would


def test_a_later_run_removes_the_data_a_killed_run_left(tmp_path, results_dir):
    run = Run(tmp_path, results_dir, "--impls", "fake.data,fake.hang", "--timeout", "120")
    run.wait_for_marker("fake.hang")
    run.proc.kill()
    run.finish()
    (killed,) = results_dir.glob("runs/*")
    assert (killed / "data").exists() and run.document()["run"]["status"] == "running"
    second = Run(tmp_path, results_dir, "--impls", "fake.ok")
    output = second.finish()
    assert second.proc.returncode == 0, output
    assert not (killed / "data").exists() and "left by a run whose runner was killed" in output


def test_each_cell_ends_its_strays_and_records_the_real_peak(tmp_path, results_dir):
    run = Run(
        tmp_path,
        results_dir,
        "--impls",
        "fake.orphan,fake.hog,fake.oomkill",
        "--timeout",
        "8",
        SPEEDLAB_TEST_MEMORY_LIMIT_KIB=str(110 * 1024),
    )
    output = run.finish(timeout=120)
    cells = {c["impl"]: c for c in run.document()["cells"]}
    assert cells["fake.orphan"]["status"] == "ok", output
    sleeper = int(next(run.markers.glob("sleeper.*")).name.rsplit(".", 1)[1])
    assert not alive(sleeper), "the sleeper the harness left outlived its cell"
    hog = cells["fake.hog"]
    assert list(run.markers.glob("hog-ready.*")), "the hog never allocated its memory: machine overloaded?"
    assert hog["status"] == "timeout" and hog["process"]["max_rss_kib"] > 200 * 1024  # not the launcher's 1 MiB
    oom = cells["fake.oomkill"]
    assert oom["status"] == "failed"
    assert "harness killed, probably out of memory (peak 1" in oom["reason"]
    assert "of 110 MiB allowed by SPEEDLAB_TEST_MEMORY_LIMIT_KIB" in oom["reason"]


def test_a_second_run_on_the_same_folder_warns_once(tmp_path, results_dir):
    first = Run(tmp_path, results_dir, "--impls", "fake.hang", "--timeout", "120")
    first.wait_for_marker("fake.hang")
    (tmp_path / "second").mkdir()
    second = Run(tmp_path / "second", results_dir, "--impls", "fake.ok")
    output = second.finish()
    first.proc.send_signal(signal.SIGINT)
    first_output = first.finish()
    assert second.proc.returncode == 0, output
    assert output.count("another speedlab run is using") == 1 and "will measure each other" in " ".join(output.split())
    assert "another speedlab run" not in first_output
    documents = [json.loads(p.read_text()) for p in results_dir.glob("runs/*/results.json")]
    assert sorted(d["run"]["concurrent_run"] for d in documents) == [False, True]
    # latest follows the run that ended last: the first one, interrupted after the second had finished
    assert json.loads((results_dir / "latest" / "results.json").read_text())["run"]["status"] == "interrupted"
