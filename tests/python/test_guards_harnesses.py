"""Guards outside the runner: every harness rejects NaN and negative times; Numba compiles in prepare;
every real workload declares a memory formula that grows with its size."""

import math
import subprocess
import sys

import pytest

from conftest import BUILD_DIR, REPO_ROOT, env, require_build

BAD_TIMES = [
    ("--min-time", "nan"),
    ("--min-time", "-1"),
    ("--min-time", "inf"),
    ("--warmup", "-1"),
    ("--warmup", "nan"),
]


def harness_command(language):
    if language == "python":
        return [sys.executable, "-m", "python_baselines"]
    if language == "cpp":
        return [str(require_build(BUILD_DIR / "bin" / "speedlab_cpp"))]
    return ["java", "-jar", str(require_build(BUILD_DIR / "java" / "speedlab.jar"))]


@pytest.mark.parametrize("language, impl", [("python", "python.loops"), ("cpp", "cpp.naive"), ("java", "java.loops")])
@pytest.mark.parametrize("flag, value", BAD_TIMES)
def test_every_harness_rejects_a_time_that_is_not_a_finite_number_of_seconds(language, impl, flag, value):
    command = harness_command(language) + ["--run", f"leibniz_pi/{impl}", "--param", "n=10", flag, value]
    done = subprocess.run(command, capture_output=True, text=True, env=env(), cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{flag} must be a finite number of seconds >= 0, got '{value}'" in done.stderr, done.stderr
    assert not done.stdout.strip()  # nothing measured


def _dispatchers(kernel):
    """The Numba functions a prepared kernel closes over."""
    from numba.core.registry import CPUDispatcher

    return [c.cell_contents for c in kernel.__closure__ or () if isinstance(c.cell_contents, CPUDispatcher)]


NUMBA_IMPLS = [
    ("fib", "python.numba", {"n": 10}),
    ("leibniz_pi", "python.numba", {"n": 100}),
    ("leibniz_pi", "python.numba_parallel", {"n": 100}),
    ("mandelbrot", "python.numba", {"n": 8}),
    ("mandelbrot", "python.numba_parallel", {"n": 8}),
    ("matmul", "python.numba", {"n": 4}),
    ("matmul", "python.numba_parallel", {"n": 4}),
    ("nbody", "python.numba", {"n": 4, "k": 1}),
    ("nbody", "python.numba_parallel", {"n": 4, "k": 1}),
    ("sort", "python.numba", {"n": 50}),
]


@pytest.mark.parametrize("workload, impl, values", NUMBA_IMPLS)
def test_numba_compiles_in_prepare_not_in_the_timed_call(workload, impl, values):
    pytest.importorskip("numba")
    from python_baselines.registry import Params, load_all

    prepared = load_all()[(workload, impl)].prepare(Params(values=dict(values), threads=1))
    dispatchers = _dispatchers(prepared.kernel)
    assert dispatchers, "the kernel calls no Numba function directly"
    compiled = [list(d.signatures) for d in dispatchers]
    assert all(compiled), "prepare left a kernel uncompiled: its first timed call would compile it"
    prepared.kernel()
    assert [list(d.signatures) for d in dispatchers] == compiled  # the timed call compiled nothing new


def _sizes(workload):
    return [p for entries in workload.sizes.values() for p in entries]


def test_every_workload_has_a_positive_memory_formula_that_grows_with_its_size():
    from speedlab.manifest import load_manifest

    manifest = load_manifest()
    for workload in manifest.workloads.values():
        assert workload.memory is not None, f"{workload.name}: no `memory` formula in [counts]"
        size = workload.size_param
        for impl in workload.impls:
            for params in _sizes(workload):
                values = [workload.memory_bytes(impl, {**params, size: params[size] * factor}) for factor in (1, 2, 16)]
                assert all(v > 0 and math.isfinite(v) for v in values), (workload.name, impl, params, values)
                assert values == sorted(values), f"{workload.name} {impl}: memory shrinks as {size} grows {values}"


def test_the_memory_check_refuses_the_cells_of_issue_17():
    from speedlab import memory
    from speedlab.manifest import load_manifest

    manifest = load_manifest()
    available = int(23.5 * 2**30)  # the machine of the issue
    triad = manifest.workload("stream_triad")
    _, reason = memory.refusal(triad, "cpp.naive", {"n": 2_147_483_639}, available)
    assert reason.startswith("needs ~48 GiB, over 50% of the 23.5 GiB available; the largest n that fits is ")
    largest = int(reason.split("fits is ")[1].split(" ")[0].replace(",", ""))
    assert (
        triad.memory_bytes("cpp.naive", {"n": largest})
        <= available / 2
        < triad.memory_bytes("cpp.naive", {"n": largest + 1})
    )
    _, reason = memory.refusal(manifest.workload("nbody"), "python.numpy", {"n": 10**6, "k": 10}, available)
    assert reason and "needs ~43.7 TiB" in reason
    _, reason = memory.refusal(manifest.workload("nbody"), "cpp.naive", {"n": 10**6, "k": 10}, available)
    assert reason is None  # O(n) state: 122 MiB
    _, reason = memory.refusal(
        manifest.workload("chunked_reduction"), "python.numpy", {"n": 2**31, "from_disk": 0}, available
    )
    assert reason and reason.startswith("needs ~16 GiB")  # the whole 16 GiB file in memory
    _, reason = memory.refusal(
        manifest.workload("chunked_reduction"), "cpp.stream", {"n": 2**31, "from_disk": 0}, available
    )
    assert reason is None  # a window at a time


def test_google_benchmarks_nan_becomes_null_in_every_file(results_dir):
    """Google Benchmark computes NaN for the cv of a counter that is 0 in every repetition (streaming_stores
    below the cache); the C++ harness leaves such aggregates out and the runner writes strict JSON anyway."""
    require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    from conftest import speedlab
    from speedlab import jsonio

    done = speedlab(
        "run",
        "--preset",
        "smoke",
        "-w",
        "stream_triad",
        "-i",
        "cpp.openmp",
        "--no-cold",
        "--no-ceilings",
        "--results-dir",
        str(results_dir),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    run_dir = (results_dir / "latest").resolve()
    document = jsonio.loads_strict((run_dir / "results.json").read_text())
    jsonio.loads_strict((run_dir / "gbench.json").read_text())
    cv = next(e for e in document["cells"][0]["harness_output"]["benchmarks"] if e.get("aggregate_name") == "cv")
    assert cv.get("streaming_stores") is None  # left out by the harness, or null: never NaN


@pytest.mark.parametrize(
    "formula, message",
    [
        (
            "8 * m",
            "memory formula '8 * m' of fake.ok fails at n=10: formula '8 * m' uses 'm', which is not a parameter",
        ),
        (
            "0 * n",
            "memory formula '0 * n' of fake.ok gives 0.0 bytes at n=10; peak memory is a positive number of bytes",
        ),
    ],
)
def test_a_memory_formula_that_cannot_be_evaluated_is_a_manifest_error(tmp_path, formula, message):
    from conftest import FAKE_MANIFEST
    from speedlab.manifest import ManifestError, load_manifest

    copy = tmp_path / "manifest"
    (copy / "workloads").mkdir(parents=True)
    (copy / "suite.toml").write_text((FAKE_MANIFEST / "suite.toml").read_text())
    text = (FAKE_MANIFEST / "workloads" / "fake.toml").read_text()
    (copy / "workloads" / "fake.toml").write_text(text.replace('memory = "8 * n"', f'memory = "{formula}"'))
    with pytest.raises(ManifestError) as error:
        load_manifest(copy)
    assert message in str(error.value)
