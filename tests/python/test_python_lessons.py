"""Python's own lessons (the GIL, glue code, a JIT, data bigger than memory): the pieces behind the impls.

The agreement test runs every impl against its workload's reference; these
tests pin down the parts it cannot see: how work is split among workers, the
exact references, the input file's life cycle, and the reasons given when an
optional piece is missing. (python.numpy's refusal of a file that does not fit
is the runner's memory check: tests/python/test_guards.py.)
"""

import sys
from fractions import Fraction

import numpy as np
import pytest

from conftest import BUILD_DIR, native_module, require_build
from python_baselines import data_files, optional
from python_baselines.parallel import ProcessWorkers, SharedArray, ThreadWorkers, split_range
from python_baselines.prng import uniform_array, uniform_list
from python_baselines.registry import SkipBenchmark
from python_baselines.workloads import call_overhead, chunked_reduction, leibniz_pi, mandelbrot, sort


def test_split_range_covers_everything_once_in_near_equal_parts():
    for n, parts in [(10, 3), (7, 7), (3, 5), (1, 2), (1_000_001, 2)]:
        ranges = split_range(n, parts)
        assert ranges[0][0] == 0 and ranges[-1][1] == n
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
        assert max(b - a for a, b in ranges) - min(b - a for a, b in ranges) <= 1
        assert len(ranges) == min(parts, n)


def test_workers_split_the_same_loops_and_agree():
    threads = ThreadWorkers(3)
    assert mandelbrot.mandelbrot_workers(37, threads) == mandelbrot.mandelbrot_loops(37)  # integer: exact
    assert leibniz_pi.leibniz_pi_workers(10_001, threads) == pytest.approx(
        leibniz_pi.leibniz_pi_loops(10_001), rel=1e-15
    )
    assert leibniz_pi.leibniz_pi_workers(10_001, ThreadWorkers(1)) == leibniz_pi.leibniz_pi_loops(10_001)


def test_the_three_parallel_bucket_sorts_give_np_sort_exactly():
    data = uniform_array(5_001, 3)
    expected = np.sort(data)
    out = np.empty_like(data)
    assert np.array_equal(sort.sort_numpy_threads(data, out, ThreadWorkers(3)), expected)
    workers = ProcessWorkers(2)
    try:
        assert np.array_equal(sort.sort_numpy_processes(data, workers), expected)
    finally:
        workers.close()
    shared_in, shared_out = SharedArray(data.size), SharedArray(data.size)
    shared_in.array[:] = data
    workers = ProcessWorkers(2, sort._attach_shared, (shared_in.name, shared_out.name, data.size))
    try:
        assert np.array_equal(sort.sort_numpy_shared(shared_in, shared_out, workers), expected)
    finally:
        workers.close()
        shared_in.close()
        shared_out.close()


def test_call_overhead_reference_is_exact():
    for n in (1, 2, 17):
        a, b = uniform_list(n, 42), uniform_list(n, 42, n)
        exact = sum(Fraction(x) * Fraction(y) for x, y in zip(a, b))
        assert call_overhead.reference({"n": n}) == {"checksum": float(exact)}
    assert call_overhead.dot_loops([1.0, 2.0], [3.0, 4.0]) == 11.0


def test_chunked_reduction_reference_is_exact():
    for n in (1, 2, 5, 300):
        values = [Fraction(x) for x in uniform_list(n, 9)]
        mean = sum(values) / n
        variance = sum(x * x for x in values) / n - mean * mean
        assert chunked_reduction.reference({"n": n}, seed=9) == {"mean": float(mean), "variance": float(variance)}


def test_chunked_reduction_file_is_written_once_and_read_alike(tmp_path, monkeypatch):
    monkeypatch.setenv("SPEEDLAB_DATA_DIR", str(tmp_path))
    n = 3 * chunked_reduction.GENERATE_VALUES + 11
    path = chunked_reduction.input_file(n, 42)
    assert path == tmp_path / f"chunked_reduction-n{n}-seed42.f64"  # the C++ tests assert the same name
    assert np.array_equal(np.fromfile(path), uniform_array(n, 42))
    written = path.stat().st_mtime_ns
    assert chunked_reduction.input_file(n, 42) == path and path.stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    loops, whole, mapped = (
        chunked_reduction.reduce_loops(path, n),
        chunked_reduction.reduce_numpy(path, n),
        chunked_reduction.reduce_memmap(path, n),
    )
    assert whole == mapped  # the same blocks, the same order: the same bits
    reference = chunked_reduction.reference({"n": n})
    for moments in (loops, whole):
        assert moments["mean"] == pytest.approx(reference["mean"], rel=1e-15)
        assert moments["variance"] == pytest.approx(reference["variance"], rel=1e-14)
    with pytest.raises(RuntimeError, match=f"holds {n} values, expected {n + 1}"):
        chunked_reduction.reduce_numpy(path, n + 1)


def test_without_a_data_dir_files_go_to_a_private_folder(monkeypatch):
    monkeypatch.delenv("SPEEDLAB_DATA_DIR", raising=False)
    folder = data_files.data_dir()
    assert folder.is_dir() and folder.name.startswith("speedlab-data-")
    assert data_files.data_dir() == folder


def test_missing_numba_is_a_skip_with_the_fix(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba now raises ImportError
    with pytest.raises(SkipBenchmark, match="numba is not installed: pip install numba"):
        optional.numba_kernels()


def test_missing_extension_is_a_skip_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "speedlab_native", None)  # not installed beside the package
    monkeypatch.setenv("SPEEDLAB_BUILD_DIR", str(tmp_path))  # and not built there
    with pytest.raises(SkipBenchmark, match="speedlab_native cannot be imported .*not built in .*make build"):
        optional.native()


def test_the_extension_never_copies_an_array_silently():
    require_build(BUILD_DIR / "python")
    native = native_module()
    a = uniform_array(5, 1)
    assert native.dot(a, a) == call_overhead.dot_loops(a.tolist(), a.tolist())
    assert native.dot_list(a.tolist(), a.tolist()) == native.dot(a, a)
    for wrong in (a.astype(np.float32), a[::2], a.tolist()):  # would need a converted copy
        with pytest.raises(TypeError):
            native.dot(wrong, wrong)
    bodies = np.zeros((3, 9))
    with pytest.raises(ValueError, match=r"shape \(n, 10\)"):
        native.nbody_simulate_naive(bodies, 1)
