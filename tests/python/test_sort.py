"""sort: the hand quicksort, the exact checksum, and a run with another seed."""

import numpy as np
import pytest

from conftest import load_latest, speedlab
from python_baselines.prng import uniform_array, uniform_list
from python_baselines.registry import Params, load_all
from python_baselines.workloads import sort


@pytest.mark.parametrize("values", [[1.0], [2.0, 1.0], [1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [0.5] * 6,
                                    [0.5, 0.25, 0.5, 0.25, 0.0, 0.5], [float(i % 10) for i in range(500)]])
def test_quicksort_sorts_awkward_inputs(values):
    assert sort.sort_loops(values) == sorted(values)


def test_quicksort_sorts_generator_input_of_every_small_size():
    for n in range(1, 80):
        data = uniform_list(n, n)
        assert sort.sort_loops(data) == sorted(data)


def test_checksum_is_exact_position_weighted_and_shared():
    data = sorted(uniform_list(1000, 42))
    # tests/cpp/test_sort.cpp and tests/java/speedlab/SortTest.java assert the same integer.
    assert sort.checksum_list(data) == 1879611925400325.0
    assert sort.checksum_array(np.array(data)) == sort.checksum_list(data)
    assert sort.reference({"n": 1000}) == {"checksum": 1879611925400325.0}
    swapped = list(data)
    swapped[500], swapped[501] = swapped[501], swapped[500]
    assert sort.checksum_list(swapped) != sort.checksum_list(data)
    assert sort.checksum_list([3 * 2.0**-53, 5 * 2.0**-53]) == 13.0  # 1*3 + 2*5


def test_checksum_wraps_like_uint64():
    # Large n: products and sums pass 2^64; NumPy's wrap-around equals Python's exact integer modulo 2^52.
    data = np.sort(uniform_array(300_000, 3))
    assert sort.checksum_array(data) == sort.checksum_list(data.tolist())


def test_registered_impls_agree():
    registry = load_all()
    expected = sort.reference({"n": 777}, seed=5)
    for impl in ("python.loops", "python.builtin", "python.numpy"):
        prepared = registry[("sort", impl)].prepare(Params({"n": 777}, seed=5))
        assert prepared.checksums(prepared.kernel()) == expected


def test_a_run_with_another_seed_validates_against_that_seed(results_dir):
    # The reference gets the run's --seed (a different seed gives different inputs, another checksum).
    done = speedlab("run", "--preset", "smoke", "-w", "sort", "-i", "python.builtin", "--seed", "7",
                    "--results-dir", str(results_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    cell = load_latest(results_dir)["cells"][0]
    assert cell["status"] == "ok"
    assert cell["validation"]["checksums"]["checksum"]["reference"] == sort.reference({"n": 3000}, seed=7)["checksum"]
    assert sort.reference({"n": 3000}, seed=7) != sort.reference({"n": 3000})
