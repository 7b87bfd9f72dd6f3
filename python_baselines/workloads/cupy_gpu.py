"""python.cupy: the NumPy code with cupy for numpy, on the GPU (tier gpu; optional, python_baselines/gpu_python.py).

Timed like every CUDA impl: the iteration's time is the work alone between CUDA events, end_to_end_s adds
copying the inputs in (cupy.asarray) and the result out (cupy.asnumpy). Without cupy or a GPU every cell
is skipped with the reason. matmul (float64, float32), stream_triad (float64, float32), leibniz_pi and sort.
"""

from __future__ import annotations

import numpy as np

from python_baselines import precision
from python_baselines.gpu_python import GpuIteration, cupy_module
from python_baselines.registry import Params, Prepared, implementation
from python_baselines.workloads import leibniz_pi, matmul, sort, stream_triad


def gpu_prepared(iteration: GpuIteration, checksums) -> Prepared:
    return Prepared(
        kernel=iteration,
        manual_time=iteration.last_kernel_s,
        checksums=lambda result: {**checksums(result), **iteration.counters()},
    )


@implementation("matmul", "python.cupy")
def _matmul(params: Params) -> Prepared:
    cp = cupy_module()
    n = params.get("n", 1, matmul.MAX_N)
    dtype = precision.dtype_of(params)
    a, b = (m.astype(dtype) for m in matmul.input_arrays(n, params.seed))
    iteration = GpuIteration(cp, lambda: (cp.asarray(a), cp.asarray(b)), lambda ab: ab[0] @ ab[1], cp.asnumpy)
    if dtype is np.float64:
        return gpu_prepared(iteration, matmul.checksums_of_array)
    exact: list[np.ndarray] = []  # the float64 product of the float64 inputs, at the first checksums (untimed)

    def checksums(c):
        if not exact:
            a64, b64 = matmul.input_arrays(n, params.seed)
            exact.append(a64 @ b64)
        return {**matmul.checksums_of_array(c), **precision.error_counters(c, exact[0])}

    return gpu_prepared(iteration, checksums)


@implementation("stream_triad", "python.cupy")
def _triad(params: Params) -> Prepared:
    cp = cupy_module()
    n = params.get("n", 1, stream_triad.MAX_N)
    b, c, dtype = stream_triad._typed_inputs(params, n)  # noqa: SLF001 - the NumPy impl's own inputs
    iteration = GpuIteration(
        cp,
        lambda: (cp.asarray(b), cp.asarray(c)),
        lambda bc: stream_triad.triad_numpy(bc[0], bc[1], stream_triad.SCALAR),
        cp.asnumpy,
    )
    return gpu_prepared(iteration, stream_triad._checksums_for(params, n, dtype))  # noqa: SLF001


def leibniz_pi_cupy(cp, n: int) -> float:
    """leibniz_pi.leibniz_pi_numpy with cupy for numpy (the blocks' totals added on the host)."""
    total = 0.0
    for start in range(0, n, leibniz_pi.NUMPY_CHUNK):
        stop = min(start + leibniz_pi.NUMPY_CHUNK, n)
        terms = cp.arange(2 * start + 1, 2 * stop + 1, 2, dtype=cp.float64)
        cp.reciprocal(terms, out=terms)
        terms[1::2] *= -1.0
        total += float(terms.sum())
    return 4.0 * total


@implementation("leibniz_pi", "python.cupy")
def _leibniz(params: Params) -> Prepared:
    cp = cupy_module()
    n = params.get("n", 1, leibniz_pi.MAX_TERMS)
    iteration = GpuIteration(cp, lambda: None, lambda _: leibniz_pi_cupy(cp, n), lambda pi: pi)  # no input to copy
    return gpu_prepared(iteration, lambda pi: {"checksum": pi})


@implementation("sort", "python.cupy")
def _sort(params: Params) -> Prepared:
    """python.numpy's sort on the GPU: each iteration's fresh input (written untimed, as every sort impl's)
    copied in, cupy.sort (a radix sort for floats), copied back and checked."""
    cp = cupy_module()
    inputs = sort.FreshInputs(sort._n(params), params.seed)  # noqa: SLF001 - the sort impls' own parameter
    work = np.empty(inputs.n)
    iteration = GpuIteration(cp, lambda: cp.asarray(work), cp.sort, cp.asnumpy)
    prepared = sort.fresh_prepared(inputs, lambda: inputs.fill(work), iteration)
    prepared.manual_time = iteration.last_kernel_s
    checked = prepared.checksums
    prepared.checksums = lambda result: {**checked(result), **iteration.counters()}
    return prepared
