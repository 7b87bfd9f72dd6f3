"""fib: the recursion, the reference, and the tiers that cannot express it."""

import pytest

from conftest import BUILD_DIR, load_latest, require_build, speedlab
from python_baselines.registry import ParamError, Params, load_all
from python_baselines.workloads import fib


def test_recursion_and_reference_agree():
    for n in range(1, 21):
        assert fib.fib(n) == fib.reference({"n": n})["checksum"]
    assert fib.reference({"n": 78})["checksum"] == 8944394323791464  # the largest allowed n: exact in a float64
    assert fib.reference({"n": 78})["checksum"] < 2**53 < fib.reference({"n": 79})["checksum"]


def test_registered_impl_and_bad_sizes():
    prepare = load_all()[("fib", "python.loops")].prepare
    prepared = prepare(Params({"n": 15}))
    assert prepared.checksums(prepared.kernel()) == {"checksum": 610}
    with pytest.raises(ParamError, match=r"n=79 is out of range \[1, 78\]"):
        prepare(Params({"n": 79}))


def test_numpy_and_cuda_cells_say_not_applicable_with_the_reason(results_dir):
    require_build(BUILD_DIR / "bin" / "speedlab_cpp")
    done = speedlab(
        "run",
        "--preset",
        "smoke",
        "-w",
        "fib",
        "-i",
        "cpp.naive,python.numpy,cuda.naive",
        "--results-dir",
        str(results_dir),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    cells = {c["impl"]: c for c in load_latest(results_dir)["cells"]}
    assert cells["cpp.naive"]["status"] == "ok"
    assert cells["cpp.naive"]["validation"]["checksums"]["checksum"]["value"] == 6765
    for impl in ("python.numpy", "cuda.naive"):
        assert cells[impl]["status"] == "not_applicable"
        assert "recursive" in cells[impl]["reason"] or "call tree" in cells[impl]["reason"]
    assert "cell not applicable: " in done.stdout  # said once per reason during the run
