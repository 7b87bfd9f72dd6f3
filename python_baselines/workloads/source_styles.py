"""Python impls written in the code style of a published benchmark's programs (the Julia micro-benchmarks'
perf.py), for `speedlab reproduce --conditions source`: the same computation and checksum as python.loops,
the source's cost per step.

- mandelbrot/python.complex: the escape loop on Python `complex` numbers with an abs2() helper, as their
  mandel(): one complex multiply and add a step, plus a function call, instead of python.loops's four float
  operations. Bit for bit the same counts: z*z + c on complex numbers computes (zr*zr - zi*zi) + cr and
  (zr*zi + zi*zr) + ci, and zr*zi + zi*zr is exactly 2*zr*zi (both products are the same double; doubling
  is exact); abs2(z) is zr*zr + zi*zi, the same escape test.
- sort/python.ndarray_loops: python.loops's quicksort on a NumPy array, element by element, as their
  qsort_kernel sorts `random.random(n)` arrays: every a[i] boxes a NumPy scalar, which costs more than a list.
  Fresh input every iteration, as theirs draws new random data every run.
"""

from __future__ import annotations

import numpy as np

from python_baselines.registry import Params, Prepared, implementation
from python_baselines.workloads import mandelbrot as mandelbrot_workload
from python_baselines.workloads import sort as sort_workload

MAX_ITERATIONS = mandelbrot_workload.MAX_ITERATIONS


def abs2(z: complex) -> float:
    return z.real * z.real + z.imag * z.imag


def mandel(c: complex) -> int:
    """Escape count of c, as the Julia micro-benchmarks' Python mandel() (starting from z = 0: the suite's
    definition, so the counts are those of python.loops)."""
    z = 0j
    for count in range(MAX_ITERATIONS):
        if abs2(z) > 4.0:
            return count
        z = z * z + c
    return MAX_ITERATIONS


def mandelbrot_complex(n: int) -> int:
    h = mandelbrot_workload.HALF_EXTENT / n
    total = 0
    for i in range(n):
        ci = (2 * i + 1 - n) * h
        for j in range(n):
            total += mandel(complex(mandelbrot_workload.X_CENTRE + (2 * j + 1 - n) * h, ci))
    return total


@implementation("mandelbrot", "python.complex")
def _complex(params: Params) -> Prepared:
    n = params.get("n", 1, mandelbrot_workload.MAX_N)
    return Prepared(kernel=lambda: mandelbrot_complex(n), checksums=lambda total: {"checksum": total})


@implementation("sort", "python.ndarray_loops")
def _ndarray_loops(params: Params) -> Prepared:
    inputs = sort_workload.FreshInputs(params.get("n", 1, sort_workload.MAX_N), params.seed)
    work = np.empty(inputs.n)

    def kernel():
        sort_workload.quicksort(work)  # the same function, indexing an ndarray instead of a list
        return work

    return sort_workload.fresh_prepared(inputs, lambda: inputs.fill(work), kernel)
