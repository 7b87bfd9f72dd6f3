"""sort: the hand quicksort, the exact checksum, fresh inputs, and a run with another seed."""

import math

import numpy as np
import pytest

from conftest import load_latest, speedlab
from python_baselines.prng import uniform_array, uniform_list
from python_baselines.registry import Params, load_all
from python_baselines.workloads import sort
from python_baselines.workloads.sort import FreshInputs


@pytest.mark.parametrize(
    "values",
    [
        [1.0],
        [2.0, 1.0],
        [1.0, 2.0, 3.0],
        [3.0, 2.0, 1.0],
        [0.5] * 6,
        [0.5, 0.25, 0.5, 0.25, 0.0, 0.5],
        [float(i % 10) for i in range(500)],
    ],
)
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
    assert sort.reference({"n": 1000}) == {"checksum": 1879611925400325.0, "checksum_max": 1879611925400325.0}
    swapped = list(data)
    swapped[500], swapped[501] = swapped[501], swapped[500]
    assert sort.checksum_list(swapped) != sort.checksum_list(data)
    assert sort.checksum_list([3 * 2.0**-53, 5 * 2.0**-53]) == 13.0  # 1*3 + 2*5


def test_checksum_wraps_like_uint64():
    # Large n: products and sums pass 2^64; NumPy's wrap-around equals Python's exact integer modulo 2^52.
    data = np.sort(uniform_array(300_000, 3))
    assert sort.checksum_array(data) == sort.checksum_list(data.tolist())


# (n, seed, k) -> (a_k, b_k) and the integers k_i of input k's first values. The same vectors are asserted by
# tests/cpp/test_sort.cpp, tests/java/speedlab/SortTest.java and tests/python/test_agreement.py.
INPUT_VECTORS = [
    ((1000, 42, 0), (243, 651), [6310616612936949, 3550701631322632, 239015528543416]),
    ((1000, 42, 1), (277, 468), [2128074245000271, 5154609221871018, 7550132826373329]),
    ((1000, 42, 2), (57, 648), [8149164043037059, 724503487269626, 4531445256473849]),
    ((1000, 7, 0), (507, 956), [41847437913378, 4184379666043132, 3314130544677021]),
    ((10, 42, 0), (7, 2), [8840782731883338, 3302224384610536, 142129307238655]),
    ((3, 42, 0), (2, 0), [6679422623415661, 8840782731883338, 6558851304090109]),
    ((2, 42, 1), (1, 1), [6558851304090109, 6679422623415661]),
    ((1, 42, 3), (1, 0), [6679422623415661]),
]


@pytest.mark.parametrize("key, permutation, first", INPUT_VECTORS)
def test_input_k_is_the_pinned_permutation(key, permutation, first):
    n, seed, k = key
    assert sort.input_permutation(n, seed, k) == permutation
    values = sort.input_list(n, seed, k)
    assert [int(v * sort.TWO_53) for v in values[:3]] == first
    inputs = FreshInputs(n, seed)
    for _ in range(k):
        inputs.next_array()
    assert inputs.next_array().tolist() == values  # NumPy's version is the definition's


def test_every_input_is_a_new_order_of_the_same_values():
    n, seed = 3000, 42
    base = uniform_list(n, seed)
    inputs = FreshInputs(n, seed)
    seen = set()
    for k in range(64):
        a, b = sort.input_permutation(n, seed, k)
        assert 2 <= a < n and math.gcd(a, n) == 1 and 0 <= b < n
        values = inputs.next_array()
        assert sorted(values.tolist()) == sorted(base)  # a permutation: every output sorts to one array
        order = tuple(np.argsort(values[:50]))
        assert order not in seen  # no two iterations present the same order
        seen.add(order)
    # Adjacent pairs: a stride a >= 2 gives each input neighbours no other input (with another stride) has.
    pairs = [set(zip(sort.input_list(n, seed, k)[:-1], sort.input_list(n, seed, k)[1:])) for k in range(3)]
    assert len(pairs[0] & pairs[1]) < 3 and len(pairs[1] & pairs[2]) < 3


def test_the_multiplier_is_coprime_for_awkward_sizes():
    for n in [4, 6, 12, 30, 210, 1024, 2 * 3 * 5 * 7 * 11 * 13]:
        for k in range(20):
            a, _ = sort.input_permutation(n, 42, k)
            assert 2 <= a <= n - 1 and math.gcd(a, n) == 1
            assert sorted((a * i) % n for i in range(n)) == list(range(n))


def prepared_of(impl, n, seed, threads=1):
    return load_all()[("sort", impl)].prepare(Params({"n": n}, seed=seed, threads=threads))


IN_PLACE = ["python.loops", "python.builtin", "python.numpy", "python.numba", "python.ndarray_loops"]
IMPLS = IN_PLACE + ["python.numpy_threads", "python.numpy_processes", "python.numpy_shared"]


class RecordingInputs(FreshInputs):
    """FreshInputs that remember the buffer they last wrote (the object the impl's kernel then sorts)."""

    def fill(self, out):
        self.written = super().fill(out)
        return self.written

    def next_list(self):
        self.written = super().next_list()
        return self.written


@pytest.mark.parametrize("impl", IMPLS)
def test_every_impl_sorts_input_k_at_its_kth_iteration_and_checks_every_output(impl, monkeypatch):
    if impl == "python.numba":
        pytest.importorskip("numba")
    made = []
    monkeypatch.setattr(sort, "FreshInputs", lambda n, seed: made.append(RecordingInputs(n, seed)) or made[-1])
    n, seed = 777, 5
    prepared = prepared_of(impl, n, seed, threads=2 if "numpy_" in impl else 1)
    (inputs,) = made
    expected = sort.reference({"n": n}, seed=seed)
    for k in range(3):
        prepared.before_each()
        assert [float(v) for v in inputs.written] == sort.input_list(n, seed, k), f"iteration {k}"
        result = prepared.kernel()
        assert np.array_equal(np.asarray(result), np.sort(uniform_array(n, seed)))
        if impl in IN_PLACE:
            assert result is inputs.written  # sorted where the fresh input was written, not elsewhere
        prepared.after_each(result)
    assert prepared.checksums(result) == expected


def test_a_repetition_reports_the_smallest_and_largest_checksum_of_its_outputs():
    inputs = FreshInputs(100, 42)
    good = np.sort(inputs.next_array())
    bad = good.copy()
    bad[10], bad[11] = bad[11], bad[10]
    inputs.record(good)
    inputs.record(bad)
    inputs.record(good)
    reported = inputs.checksums(good)
    reference = sort.reference({"n": 100})
    # One wrong output among right ones moves the smallest or the largest away from the reference.
    assert reported["checksum"] < reference["checksum"] or reported["checksum_max"] > reference["checksum_max"]
    inputs.record(good)
    assert inputs.checksums(good) == reference  # the next repetition starts afresh: its own outputs only


def test_the_harness_reports_each_repetitions_own_outputs(capsys):
    from python_baselines import harness

    status = harness.main(
        ["--run", "sort/python.numpy", "--param", "n=3000", "--repetitions", "3", "--min-time", "0", "--warmup", "0"]
    )
    import json

    entries = [e for e in json.loads(capsys.readouterr().out)["benchmarks"] if e["run_type"] == "iteration"]
    reference = sort.reference({"n": 3000})
    assert status == 0 and len(entries) == 3
    assert all(
        e["checksum"] == reference["checksum"] and e["checksum_max"] == reference["checksum_max"] for e in entries
    )


def test_a_run_with_another_seed_validates_against_that_seed(results_dir):
    # The reference gets the run's --seed (a different seed gives different inputs, another checksum).
    done = speedlab(
        "run",
        "--preset",
        "smoke",
        "-w",
        "sort",
        "-i",
        "python.builtin",
        "--seed",
        "7",
        "--results-dir",
        str(results_dir),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    cell = load_latest(results_dir)["cells"][0]
    assert cell["status"] == "ok"
    assert cell["validation"]["checksums"]["checksum"]["reference"] == sort.reference({"n": 3000}, seed=7)["checksum"]
    assert sort.reference({"n": 3000}, seed=7) != sort.reference({"n": 3000})
