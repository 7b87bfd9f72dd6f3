"""Outputs that live from one call of a kernel to the next are poisoned (NaN) before every timed call, outside
the timed region (Prepared.before_each), so a kernel that does its work only on its first call is caught: run
as the harness runs it, such a kernel leaves NaN checksums, which the runner rejects."""

from __future__ import annotations

import math

import numpy as np
import pytest

from python_baselines import harness
from python_baselines.registry import Params, SkipBenchmark, load_all
from validation import validate

REGISTRY = load_all()
# The workloads whose output is an array (sort's checks belong to its own helper), at small sizes.
ARRAY_WORKLOADS = {
    "stream_triad": {"n": 1000},
    "stencil2d": {"n": 20, "k": 3},
    "matmul": {"n": 9},
    "nbody": {"n": 8, "k": 2},
}
REUSED = [
    ("stream_triad", "python.loops"),
    ("stream_triad", "python.numpy_inplace"),
    ("stencil2d", "python.loops"),
    ("stencil2d", "python.numpy"),
    ("nbody", "python.cpp_ext"),
]


def buffers(output):
    """The objects a result's values live in: an array's memory, a list, or a list of lists' rows."""
    if isinstance(output, np.ndarray):
        return [output]
    if isinstance(output, list) and output and isinstance(output[0], list):
        return [output] + output
    return [output]


def same_storage(first, second) -> bool:
    return any(
        a is b or (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.shares_memory(a, b))
        for a in buffers(first)
        for b in buffers(second)
    )


def prepared_or_skip(workload, impl, params):
    try:
        return REGISTRY[(workload, impl)].prepare(Params(params))
    except (SkipBenchmark, ImportError) as reason:
        pytest.skip(f"{workload}/{impl}: {reason}")


@pytest.mark.parametrize("workload, impl", [(w, i) for (w, i) in REGISTRY if w in ARRAY_WORKLOADS])
def test_every_output_kept_between_calls_is_poisoned_before_each_call(workload, impl):
    prepared = prepared_or_skip(workload, impl, ARRAY_WORKLOADS[workload])
    first = prepared.kernel()
    second = prepared.kernel()
    if not same_storage(first, second):
        assert (workload, impl) not in REUSED
        return  # a fresh result every call: nothing survives to be reused
    assert (workload, impl) in REUSED, f"{workload}/{impl} hands back the same storage: add it to REUSED"
    assert prepared.before_each is not None, f"{workload}/{impl} reuses its output without poisoning it"
    prepared.before_each()
    assert np.isnan(np.asarray(second, dtype=np.float64)).any()
    assert not np.isnan(np.asarray(prepared.kernel(), dtype=np.float64)).any()  # a real call rewrites it


@pytest.mark.parametrize("workload, impl", REUSED)
def test_a_kernel_that_works_on_its_first_call_only_is_caught(workload, impl):
    params = ARRAY_WORKLOADS[workload]
    prepared = prepared_or_skip(workload, impl, params)
    honest = harness.measure(prepared.kernel, 3, 0.0, 0.0, prepared.before_each)
    assert len(honest) == 3
    assert validate(workload, impl, params, prepared.checksums(harness.SINK[0]))["ok"]

    def lazy_kernel():
        calls = []

        def kernel():
            if not calls:
                calls.append(prepared.kernel())
            return calls[0]  # later calls hand back the first result's storage, untouched

        return kernel

    harness.measure(lazy_kernel(), 3, 0.0, 0.0, prepared.before_each)
    counters = prepared.checksums(harness.SINK[0])
    assert all(math.isnan(value) for value in counters.values()), counters
    verdict = validate(workload, impl, params, counters)
    assert not verdict["ok"]
    # Without the poison the lazy kernel would have passed: the storage still held the first call's result.
    harness.measure(lazy_kernel(), 3, 0.0, 0.0, None)
    assert validate(workload, impl, params, prepared.checksums(harness.SINK[0]))["ok"]
