"""mandelbrot: the Python impls against each other and against hand-checked counts."""

import pytest

from python_baselines.registry import ParamError, Params, load_all
from python_baselines.workloads import mandelbrot


@pytest.mark.parametrize("n", [1, 2, 3, 7, 16, 43, 100])
def test_numpy_equals_the_pixel_loop_exactly(n):
    assert mandelbrot.mandelbrot_numpy(n) == mandelbrot.mandelbrot_loops(n)


def test_numpy_blocks_do_not_change_the_total(monkeypatch):
    expected = mandelbrot.mandelbrot_numpy(50)
    monkeypatch.setattr(mandelbrot, "NUMPY_BLOCK_PIXELS", 7 * 50)  # 7 rows per block, a ragged last block
    assert mandelbrot.mandelbrot_numpy(50) == expected


def test_known_totals_shared_with_cpp_and_java():
    # tests/cpp/test_mandelbrot.cpp and tests/java/speedlab/MandelbrotTest.java assert the same integers.
    assert mandelbrot.mandelbrot_loops(1) == 100  # one pixel at (-0.75, 0): inside the set
    assert mandelbrot.mandelbrot_loops(43) == 55258
    assert mandelbrot.reference({"n": 128}) == {"checksum": 479954.0}


def test_middle_row_of_an_odd_grid_is_the_real_axis():
    for n in (3, 43, 1001):
        h = mandelbrot.HALF_EXTENT / n
        assert (2 * (n // 2) + 1 - n) * h == 0.0
        assert all((2 * i + 1 - n) * h == -((2 * (n - 1 - i) + 1 - n) * h) for i in range(n))


def test_registered_impls_and_bad_sizes():
    registry = load_all()
    for impl in ("python.loops", "python.numpy", "python.complex"):
        prepared = registry[("mandelbrot", impl)].prepare(Params({"n": 10}))
        # Against the reference, which is neither impl's code (python.loops is mandelbrot_loops itself).
        assert prepared.checksums(prepared.kernel()) == mandelbrot.reference({"n": 10}), impl
    with pytest.raises(ParamError, match=r"n=0 is out of range"):
        registry[("mandelbrot", "python.loops")].prepare(Params({"n": 0}))
