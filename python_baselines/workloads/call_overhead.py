"""The call-overhead sweep: the dot product of two length-n vectors, for tiny n.

    a_i = uniform01(seed, i),  b_i = uniform01(seed, n + i)      (i < n)
    checksum = sum over i of a_i * b_i

The work is 2n FLOPs. At n = 1 what every impl costs is getting to the work:
the interpreter's loop, a call through pybind11 (argument checks, no copy of
an array, a copy of every element of a list), NumPy's dispatch. The sweep over
n shows the size below which handing the work to compiled code costs more than
doing it in Python.
"""

from __future__ import annotations

import functools

import numpy as np

from python_baselines import optional
from python_baselines.prng import uniform_array, uniform_list
from python_baselines.registry import Params, Prepared, implementation
from references.call_overhead import reference  # noqa: F401  (the reference lives in references/; re-exported)

MAX_N = 1 << 26


def dot_loops(a: list[float], b: list[float]) -> float:
    """Idiomatic pure Python: zip the two lists, one float accumulator, left to right."""
    total = 0.0
    for x, y in zip(a, b):
        total += x * y
    return total


def _prepare(params: Params, inputs, dot) -> Prepared:
    """a and b made by `inputs` (lists or arrays, untimed); the timed work is one call of dot(a, b) (through
    functools.partial, the cheapest call the harness can make: a lambda would add a Python frame)."""
    n = params.get("n", 1, MAX_N)
    a, b = inputs(n, params.seed), inputs(n, params.seed, n)
    return Prepared(kernel=functools.partial(dot, a, b), checksums=lambda value: {"checksum": float(value)})


@implementation("call_overhead", "python.loops")
def _loops(params: Params) -> Prepared:
    return _prepare(params, uniform_list, dot_loops)


@implementation("call_overhead", "python.numpy")
def _numpy(params: Params) -> Prepared:
    return _prepare(params, uniform_array, np.dot)


@implementation("call_overhead", "python.cpp_ext")
def _cpp_ext(params: Params) -> Prepared:
    return _prepare(params, uniform_array, optional.native().dot)


@implementation("call_overhead", "python.cpp_ext_list")
def _cpp_ext_list(params: Params) -> Prepared:
    return _prepare(params, uniform_list, optional.native().dot_list)
