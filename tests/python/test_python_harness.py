"""The Python harness: Google Benchmark's JSON, timing procedure and errors."""

import json
import statistics

import pytest

from python_baselines import harness


def run(capsys, *argv):
    status = harness.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_names_impls_and_context(capsys):
    status, out, _ = run(capsys, "--list")
    listing = json.loads(out)
    assert status == 0 and listing["available"] is True
    assert {"workload": "leibniz_pi", "impl": "python.numpy"} in listing["implementations"]
    assert listing["context"]["harness"] == "python"


def test_run_prints_google_benchmark_json(capsys):
    status, out, _ = run(
        capsys,
        "--run",
        "leibniz_pi/python.loops",
        "--param",
        "n=1000",
        "--repetitions",
        "3",
        "--min-time",
        "0",
        "--warmup",
        "0",
    )
    document = json.loads(out)
    assert status == 0
    entries = document["benchmarks"]
    iterations = [e for e in entries if e["run_type"] == "iteration"]
    aggregates = {e["aggregate_name"]: e for e in entries if e["run_type"] == "aggregate"}
    assert len(iterations) == 3 and [e["repetition_index"] for e in iterations] == [0, 1, 2]
    assert set(aggregates) == {"mean", "median", "stddev", "cv"}
    assert aggregates["cv"]["aggregate_unit"] == "percentage"
    first = iterations[0]
    assert first["name"] == "leibniz_pi/python.loops/n:1000/threads:1"
    assert first["workload"] == "leibniz_pi" and first["impl"] == "python.loops"
    assert first["params"] == {"n": 1000, "threads": 1}
    assert first["time_unit"] == "ns"
    # --min-time 0: the first calibration batch (one iteration) is already long enough, and every repetition
    # runs that many.
    assert [e["iterations"] for e in iterations] == [1, 1, 1]
    times = [e["real_time"] for e in iterations]
    assert aggregates["mean"]["real_time"] == pytest.approx(statistics.fmean(times))
    assert aggregates["median"]["real_time"] == pytest.approx(statistics.median(times))
    assert first["checksum"] == pytest.approx(3.140592653839793, rel=1e-15)
    assert document["context"]["speedlab"]["seed"] == 42


def test_single_repetition_has_no_aggregates(capsys):
    _, out, _ = run(
        capsys,
        "--run",
        "leibniz_pi/python.numpy",
        "--param",
        "n=10",
        "--repetitions",
        "1",
        "--min-time",
        "0",
        "--warmup",
        "0",
    )
    assert [e["run_type"] for e in json.loads(out)["benchmarks"]] == ["iteration"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--run", "leibniz_pi/python.nope", "--param", "n=1"],
            "unknown implementation 'leibniz_pi/python.nope'; this harness has: ",
        ),
        (["--run", "leibniz_pi/python.loops", "--param", "n=0"], "n=0 is out of range"),
        (["--run", "leibniz_pi/python.loops", "--param", "n=ten"], "parameter n=ten must be an integer"),
        (
            ["--run", "leibniz_pi/python.loops", "--param", "n=1e6"],
            "--param n expects an integer or a choice name, got '1e6'",
        ),
        (
            ["--run", "matmul/python.loops", "--param", "n=8", "--param", "dtype=float32"],
            "python.loops does not implement dtype=float32 (it has the default only)",
        ),
        (
            ["--run", "matmul/python.numpy", "--param", "n=8", "--param", "dtype=bf16"],
            "parameter dtype=bf16 is not implemented here (this impl has dtype float64, float32)",
        ),
        (["--run", "leibniz_pi/python.loops", "--param", "n"], "--param expects NAME=VALUE"),
        (["--run", "leibniz_pi/python.loops"], "missing parameter 'n'"),
        ([], "nothing to do"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_errors_name_the_problem(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == harness.USAGE_ERROR
    assert out == ""
    assert message in err


def test_unknown_impl_lists_the_known_ones(capsys):
    _, _, err = run(capsys, "--run", "leibniz_pi/python.nope", "--param", "n=1")
    known = err.split("this harness has: ", 1)[1].strip().split(", ")
    assert "leibniz_pi/python.loops" in known and known == sorted(known)


def test_calibration_follows_google_benchmark():
    assert harness.next_iterations(1, 1e-7, 0.1) == 10  # too short to predict: x10
    assert harness.next_iterations(10, 0.05, 0.1) == 28  # 1.4 * 0.1 / 0.05 * 10
    assert harness.next_iterations(5, 0.0, 0.0) == 6  # always grows


def test_measure_counts_calibration_batch_as_first_repetition():
    calls = []
    reps = harness.measure(lambda: calls.append(1), repetitions=4, min_time=0.0, warmup=0.0)
    assert len(reps) == 4 and all(rep.iterations == 1 for rep in reps)
    assert len(calls) == 4


def fake_clock(monkeypatch) -> list[int]:
    """The harness's clocks replaced by one counter in ns that a test advances by hand."""
    clock = [0]

    class FakeTime:
        @staticmethod
        def perf_counter_ns():
            return clock[0]

    class FakeCpuClock:  # the process-tree CPU clock (cpu_clock.TreeClock) reads the same counter
        @staticmethod
        def read_ns():
            return clock[0]

    monkeypatch.setattr(harness, "time", FakeTime)
    monkeypatch.setattr(harness.cpu_clock, "TreeClock", FakeCpuClock)
    return clock


def test_setup_before_each_iteration_is_left_out_of_the_time(monkeypatch):
    """A fake clock: the setup advances it by 1000 ns, the kernel by 10 ns; only the kernel's 10 count."""
    clock = fake_clock(monkeypatch)

    def advance(ns):
        clock[0] += ns

    setups = []
    batch = harness.time_batch(lambda: advance(10), 3, before_each=lambda: (setups.append(1), advance(1000)))
    assert (batch.iterations, batch.wall_ns, batch.cpu_ns) == (3, 30, 30) and len(setups) == 3


def test_after_each_is_left_out_of_the_time_and_checksums_close_every_batch(monkeypatch):
    """after_each(result) runs outside the clocks; checksums runs after every batch with its last result."""
    clock = fake_clock(monkeypatch)
    seen, closed = [], []

    def kernel():
        clock[0] += 10
        return clock[0]

    def after_each(result):
        seen.append(result)
        clock[0] += 1000

    batch = harness.time_batch(
        kernel, 3, after_each=after_each, checksums=lambda last: closed.append(last) or {"checksum": float(len(seen))}
    )
    assert (batch.wall_ns, batch.cpu_ns) == (30, 30) and seen == [10, 1020, 2030]
    assert closed == [2030] and batch.checksums == {"checksum": 3.0}


def test_every_repetition_reports_the_checksum_of_its_own_output(capsys):
    """An impl wrong in its first repetition only: the harness must not copy the last checksum to every entry."""
    from python_baselines.registry import Prepared, implementation, load_all

    calls = [0]

    def kernel():
        calls[0] += 1
        return 2.0 if calls[0] == 1 else 1.0

    load_all()
    implementation("leibniz_pi", "python.test_first_wrong")(
        lambda params: Prepared(kernel=kernel, checksums=lambda out: {"checksum": out})
    )
    status, out, _ = run(
        capsys,
        "--run",
        "leibniz_pi/python.test_first_wrong",
        "--param",
        "n=1",
        "--repetitions",
        "3",
        "--min-time",
        "0",
        "--warmup",
        "0",
    )
    entries = json.loads(out)["benchmarks"]
    assert status == 0
    assert [e["checksum"] for e in entries if e["run_type"] == "iteration"] == [2.0, 1.0, 1.0]
    aggregates = {e["aggregate_name"]: e["checksum"] for e in entries if e["run_type"] == "aggregate"}
    assert aggregates["mean"] == pytest.approx(4 / 3) and aggregates["median"] == 1.0


def test_aggregates_match_google_benchmark_definitions():
    assert harness.aggregate("median", [3.0, 1.0, 2.0, 10.0]) == 2.5
    assert harness.aggregate("stddev", [1.0, 2.0, 3.0]) == pytest.approx(1.0)  # sample standard deviation
    assert harness.aggregate("cv", [1.0, 2.0, 3.0]) == pytest.approx(0.5)


def test_an_impl_can_skip_itself_with_a_reason(capsys):
    from python_baselines.registry import SkipBenchmark, implementation, load_all

    def refuse(params):
        raise SkipBenchmark("needs 64 GiB; this machine has 8")

    load_all()
    implementation("leibniz_pi", "python.test_skip")(refuse)
    status, out, _ = run(capsys, "--run", "leibniz_pi/python.test_skip", "--param", "n=10")
    (entry,) = json.loads(out)["benchmarks"]
    assert status == 0
    assert entry["skipped"] is True and entry["skip_message"] == "needs 64 GiB; this machine has 8"
    assert entry["impl"] == "python.test_skip" and entry["params"] == {"n": 10, "threads": 1}
