"""Interleaved rounds, and the machine's load around each process (rounds.py, load.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import subprocess
import sys

from conftest import FAKE_MANIFEST, REPO_ROOT, env, load_latest

from speedlab import analysis, load, rounds


# ----------------------------------------------------------------- load.py


def _stat(tmp_path: Path, user: int, system: int, idle: int, steal: int, name: str = "stat") -> Path:
    path = tmp_path / name
    # cpu  user nice system idle iowait irq softirq steal (ticks), then two CPUs
    path.write_text(
        f"cpu  {user} 0 {system} {idle} 0 0 0 {steal} 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\nintr 0\n"
    )
    return path


def test_snapshot_reads_the_aggregate_cpu_line(tmp_path):
    snap = load.snapshot(_stat(tmp_path, user=300, system=100, idle=500, steal=100))
    ticks = 1 / snap.tick_s
    assert snap.cpus == 2
    assert snap.busy_s * ticks == 400 and snap.steal_s * ticks == 100 and snap.total_s * ticks == 1000


def test_a_quiet_process_is_not_noisy(tmp_path):
    before = load.snapshot(_stat(tmp_path, 0, 0, 0, 0, "a"))
    tick = before.tick_s
    # 1 s of wall on 2 CPUs: the harness used 1 CPU-second, the machine counted exactly that.
    after = load.snapshot(_stat(tmp_path, round(1 / tick), 0, round(1 / tick), 0, "b"))
    result = load.between(before, after, wall_s=1.0, harness_cpu_s=1.0)
    assert result == {"steal_fraction": 0.0, "others_fraction": 0.0, "noisy": False}


def test_other_processes_and_steal_make_a_process_noisy(tmp_path):
    before = load.snapshot(_stat(tmp_path, 0, 0, 0, 0, "a"))
    per_s = round(1 / before.tick_s)
    # 1 s on 2 CPUs = 2 CPU-seconds: the harness 1, someone else 0.5, idle 0.4, stolen 0.1
    after = load.snapshot(_stat(tmp_path, int(1.5 * per_s), 0, int(0.4 * per_s), int(0.1 * per_s), "b"))
    result = load.between(before, after, wall_s=1.0, harness_cpu_s=1.0)
    assert result["noisy"]
    assert result["steal_fraction"] == 0.05
    assert abs(result["others_fraction"] - (0.5 - 2 * 2 * before.tick_s) / 2) < 1e-9  # less the tick slack
    words = load.describe(result)
    assert "stole 5%" in words and "other processes used" in words


def test_without_proc_stat_nothing_is_judged(tmp_path):
    assert load.snapshot(tmp_path / "missing") is None
    assert load.between(None, None, 1.0, 1.0) is None


# ----------------------------------------------------------------- rounds.py


class FakeWriter:
    def __init__(self, cells):
        self.cells = cells
        self.replaced: list[int] = []

    def replace(self, index, record):
        self.cells[index] = record
        self.replaced.append(index)


class FakeRunner:
    """Records the order of remeasure calls; a cell named in `fails` fails its second process, one named in
    `noisy` stays noisy in every process."""

    def __init__(self, fails=(), noisy=()):
        self.fails, self.noisy, self.calls = set(fails), set(noisy), []

    def can_remeasure(self, record):
        return record["status"] == "ok"

    def remeasure(self, record):
        self.calls.append(record["name"])
        processes = record["noise"]["processes"] + 1 if record.get("noise") else len(self.calls)
        if record["name"] in self.fails:
            return dict(record, status="failed", reason="process 2: crashed")
        out = dict(record)
        if record["name"] in self.noisy:
            out["noise"] = {"noisy_processes": processes, "processes": processes, "reason": "busy"}
        return out


def _settings(processes, interleave=True, retries=1, seed=42, precision=None, max_processes=10):
    return SimpleNamespace(
        processes=processes,
        interleave=interleave,
        noisy_retries=retries,
        seed=seed,
        precision=precision,
        max_processes=max_processes,
    )


def _cells(names, status="ok"):
    return [{"name": name, "status": status} for name in names]


def test_each_round_runs_every_measured_cell_once_in_a_shuffled_order():
    names = [f"cell{i}" for i in range(12)]
    runner, writer = FakeRunner(), FakeWriter(_cells(names) + _cells(["skipped"], "skipped"))
    rounds.extra_rounds(runner, writer, _settings(processes=3), lambda text: None)
    first, second = runner.calls[:12], runner.calls[12:]
    assert sorted(first) == sorted(second) == sorted(names)  # the skipped cell is never re-measured
    assert first != names and first != second  # shuffled, and differently each round


def test_the_order_follows_the_seed():
    orders = []
    for _ in range(2):
        runner = FakeRunner()
        rounds.extra_rounds(runner, FakeWriter(_cells([f"c{i}" for i in range(8)])), _settings(2), lambda t: None)
        orders.append(runner.calls)
    assert orders[0] == orders[1]


def test_no_interleaving_means_no_rounds():
    runner = FakeRunner()
    rounds.extra_rounds(runner, FakeWriter(_cells(["a", "b"])), _settings(3, interleave=False), lambda t: None)
    assert runner.calls == []


def test_a_cell_that_fails_a_round_is_not_measured_again():
    runner = FakeRunner(fails={"bad"})
    writer = FakeWriter(_cells(["bad", "good"]))
    rounds.extra_rounds(runner, writer, _settings(4), lambda t: None)
    assert runner.calls.count("bad") == 1 and runner.calls.count("good") == 3
    assert writer.cells[0]["status"] == "failed"


def test_a_cell_noisy_in_every_process_is_measured_again_then_flagged():
    cells = _cells(["calm", "busy"])
    cells[1]["noise"] = {"noisy_processes": 1, "processes": 1, "reason": "busy"}
    cells[0]["noise"] = {"noisy_processes": 1, "processes": 2, "reason": "busy"}  # one calm process: enough
    runner = FakeRunner(noisy={"busy"})
    rounds.extra_rounds(runner, FakeWriter(cells), _settings(1, retries=1), lambda t: None)
    assert runner.calls == ["busy"]  # one retry, not more


class AddingRunner(FakeRunner):
    """Each re-measurement adds a process of three repetitions at `next_s` (by cell name, default 1.0 s)."""

    def __init__(self, next_s=None):
        super().__init__()
        self.next_s = next_s or {}

    def remeasure(self, record):
        self.calls.append(record["name"])
        value = self.next_s.get(record["name"], 1.0)
        processes = record["processes"] + [{"index": len(record["processes"]), "repetitions_s": [value] * 3}]
        return dict(record, processes=processes, repetitions_s=[t for p in processes for t in p["repetitions_s"]])


def _measured(name, *process_times):
    processes = [{"index": i, "repetitions_s": [t] * 3} for i, t in enumerate(process_times)]
    return {
        "name": name,
        "status": "ok",
        "processes": processes,
        "repetitions_s": [t for p in processes for t in p["repetitions_s"]],
    }


def test_precision_adds_processes_to_uncertain_cells_until_known_or_at_the_cap():
    steady, wobbly, stubborn = _measured("steady", 1.0, 1.0), _measured("wobbly", 1.0, 1.2), _measured("stub", 1.0, 2.0)
    runner = AddingRunner(next_s={"stub": 3.0})  # every new process of "stub" lands far away again
    said = []
    writer = FakeWriter([steady, wobbly, stubborn])
    rounds.extra_rounds(runner, writer, _settings(2, interleave=False, precision=0.05, max_processes=6), said.append)
    assert runner.calls.count("steady") == 0  # known exactly: never re-measured
    assert 1 <= runner.calls.count("wobbly") <= 4 and runner.calls.count("stub") == 4  # 2 + 4 = the cap of 6
    assert len(writer.cells[2]["processes"]) == 6
    assert any("precision round 3" in line for line in said)
    assert "still known less well than ±5% after 6 processes" in said[-1]


def test_without_precision_no_precision_rounds():
    runner = AddingRunner()
    rounds.extra_rounds(runner, FakeWriter([_measured("w", 1.0, 2.0)]), _settings(2, interleave=False), print)
    assert runner.calls == []


def test_the_report_says_why_a_cell_is_flagged():
    busy = {
        "status": "ok",
        "summary": {"repetitions": 5, "cv": 0.01},
        "noise": {"noisy_processes": 2, "processes": 2, "reason": "the hypervisor stole 7% of the CPU time"},
    }
    assert analysis.is_noisy(busy)
    notes = analysis.noise_notes(busy)
    assert len(notes) == 1 and "stole 7%" in notes[0] and "all 2 process(es)" in notes[0]
    partly = dict(busy, noise={"noisy_processes": 1, "processes": 2, "reason": "x"})
    assert not analysis.is_noisy(partly) and analysis.noise_notes(partly) == []
    spread = {"status": "ok", "summary": {"repetitions": 5, "cv": 0.2}}
    assert analysis.noise_notes(spread) == [analysis.NOISE_ADVICE]


# ----------------------------------------------------------------- through the runner


def speedlab(*args: str) -> subprocess.CompletedProcess:
    """The CLI with no /proc/stat to read: a busy test machine must not add noisy-cell retries here."""
    return subprocess.run(
        [sys.executable, "-m", "speedlab", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**env(), "SPEEDLAB_PROC_STAT": "/nonexistent/stat"},
        timeout=600,
    )


def test_processes_are_interleaved_across_cells_and_pooled(results_dir):
    done = speedlab(
        "--manifest",
        str(FAKE_MANIFEST),
        "run",
        "--preset",
        "smoke",
        "--impls",
        "fake.ok,fake.multi",
        "--processes",
        "3",
        "--results-dir",
        str(results_dir),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    document = load_latest(results_dir)
    cells = [c for c in document["cells"] if c["status"] == "ok"]
    assert len(cells) >= 2
    assert document["run"]["settings"]["interleave"] is True
    for cell in cells:
        assert len(cell["processes"]) == 3
        assert cell["summary"]["repetitions"] == 3 * document["run"]["settings"]["repetitions"]
        assert all(p["load"] is None for p in cell["processes"])  # nothing to read: nothing judged
    # Every cell's first process ran before any cell's second: the rounds came after the first pass.
    firsts = [cell["processes"][0]["sequence"] for cell in cells]
    seconds = [cell["processes"][1]["sequence"] for cell in cells]
    assert max(firsts) < min(seconds)
    assert "round 2 of 3" in done.stdout


def test_back_to_back_processes_without_interleaving(results_dir):
    done = speedlab(
        "--manifest",
        str(FAKE_MANIFEST),
        "run",
        "--preset",
        "smoke",
        "--impls",
        "fake.ok",
        "--processes",
        "2",
        "--no-interleave",
        "--results-dir",
        str(results_dir),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    cell = next(c for c in load_latest(results_dir)["cells"] if c["status"] == "ok")
    sequences = [p["sequence"] for p in cell["processes"]]
    assert len(sequences) == 2 and sequences[1] == sequences[0] + 1


def test_precision_options_are_checked(results_dir):
    bad = speedlab(
        "--manifest",
        str(FAKE_MANIFEST),
        "run",
        "--preset",
        "smoke",
        "--precision",
        "0",
        "--results-dir",
        str(results_dir),
    )
    assert bad.returncode == 2 and "--precision" in bad.stderr
    below = speedlab(
        "--manifest",
        str(FAKE_MANIFEST),
        "run",
        "--preset",
        "smoke",
        "--precision",
        "2.5",
        "--processes",
        "3",
        "--max-processes",
        "2",
        "--results-dir",
        str(results_dir),
    )
    assert below.returncode == 2 and "--max-processes (2) must be at least --processes (3)" in below.stderr
