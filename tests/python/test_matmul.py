"""matmul: the exact reference, the Python impls, the C++ kernels through the native module."""

from fractions import Fraction

import numpy as np
import pytest

from conftest import BUILD_DIR, native_module, require_build
from python_baselines.checksums import position_weight
from python_baselines.exact import integer_sums
from python_baselines.prng import mantissa_array, uniform_array
from python_baselines.registry import ParamError, Params, load_all
import references.matmul
from python_baselines.workloads import matmul


def exact_checksums(n: int, seed: int = 42) -> tuple[float, float]:
    """Both checksums of the product in rational arithmetic, the slow obvious way."""
    a, b = ([[Fraction(x) for x in row] for row in m.tolist()] for m in matmul.input_arrays(n, seed))
    c = [[sum(a[i][k] * b[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    total = sum(sum(row) for row in c)
    weighted = sum(c[i][j] * position_weight(i) * position_weight(n + j) for i in range(n) for j in range(n))
    return float(total), float(weighted)


@pytest.mark.parametrize("n, seed", [(1, 42), (2, 42), (3, 7), (8, 42), (13, 1)])
def test_reference_is_the_exact_product_rounded_once(n, seed):
    total, weighted = exact_checksums(n, seed)
    assert matmul.reference({"n": n}, seed=seed) == {"checksum": total, "checksum_weighted": weighted}


def test_reference_splits_rows_into_chunks_without_changing_the_result(monkeypatch):
    whole = matmul.reference({"n": 37})
    monkeypatch.setattr(references.matmul, "REFERENCE_ROWS", 5)
    assert matmul.reference({"n": 37}) == whole


def test_integer_sums_are_exact_where_uint64_would_overflow():
    m = mantissa_array(3000, 42)
    assert integer_sums(m) == [sum(int(x) for x in m)]  # 3000 53-bit values: more than 64 bits
    assert (uniform_array(5, 42, 3) == mantissa_array(5, 42, 3).astype(np.float64) * 2.0**-53).all()
    rows = m[:2000].reshape(40, 50)
    weights = np.arange(1, 51, dtype=np.uint64)
    assert integer_sums(rows, axis=1, weights=weights) == [
        sum(int(x) * (j + 1) for j, x in enumerate(row)) for row in rows.tolist()
    ]


@pytest.mark.parametrize("n", [1, 2, 9, 30])
def test_python_impls_agree_with_the_reference(n):
    reference = matmul.reference({"n": n})
    registry = load_all()
    for impl in ("python.loops", "python.numpy"):
        prepared = registry[("matmul", impl)].prepare(Params({"n": n}))
        assert prepared.checksums(prepared.kernel()) == pytest.approx(reference, rel=1e-13), impl


def test_loops_by_hand_and_the_transpose_is_caught():
    assert matmul.matmul_loops([[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]) == [[19.0, 22.0], [43.0, 50.0]]
    c = [[1.0, 2.0], [3.0, 4.0]]
    weighted = 289 * (1 * 898 + 2 * 223) + 881 * (3 * 898 + 4 * 223)  # rows w(0), w(1); columns w(2), w(3)
    assert matmul.checksums_of_lists(c) == {"checksum": 10.0, "checksum_weighted": weighted}
    assert matmul.checksums_of_array(np.array(c)) == {"checksum": 10.0, "checksum_weighted": weighted}
    assert matmul.checksums_of_lists([[1.0, 3.0], [2.0, 4.0]])["checksum_weighted"] != weighted


def test_bad_sizes_are_clear_errors():
    with pytest.raises(ParamError, match=r"n=0 is out of range \[1, 16384\]"):
        load_all()[("matmul", "python.loops")].prepare(Params({"n": 0}))


def test_cpp_kernels_agree_through_the_native_module():
    require_build(BUILD_DIR / "python")
    native = native_module()
    for n in (1, 7, 70, 263):
        a, b = matmul.input_arrays(n, 42)
        expected = a @ b
        for kernel in ("naive", "loop_order", "tiled", "eigen", "openblas"):
            for threads in (1, 2):
                got = native.matmul(kernel, a, b, threads)
                assert np.allclose(got, expected, rtol=1e-13, atol=0), f"{kernel} n={n} threads={threads}"
    with pytest.raises(ValueError, match="unknown matmul kernel 'fast'"):
        native.matmul("fast", a, b)
