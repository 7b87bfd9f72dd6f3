"""python.cupy: the NumPy code with cupy for numpy, on the GPU (tier gpu; optional, python_baselines/gpu_python.py).

Timed like every CUDA impl: the iteration's time is the work alone between CUDA events, end_to_end_s adds
copying the inputs in (cupy.asarray) and the result out (cupy.asnumpy). Without cupy or a GPU every cell
is skipped with the reason. matmul (float64, float32, tf32), stream_triad (float64, float32), nbody
(float64, float32), mandelbrot, leibniz_pi and sort.
"""

from __future__ import annotations

import os

import numpy as np

from python_baselines import precision
from python_baselines.gpu_python import GpuIteration, cupy_module
from python_baselines.registry import Params, Prepared, SkipBenchmark, implementation
from python_baselines.workloads import leibniz_pi, mandelbrot, matmul, nbody, sort, stream_triad

MATMUL_DTYPES = ("float64", "float32", "tf32")
TF32_MIN_CAPABILITY = 80  # TF32 tensor cores: Ampere (compute capability 8.0) and newer
# mandelbrot: NumPy's blocks of 2^16 pixels fit a CPU cache; on the GPU a block that small is a few dozen
# thread blocks a kernel. 2^22 pixels (~0.5 GB of float64 temporaries) a block fills the device.
CUPY_BLOCK_PIXELS = 1 << 22
# nbody: python.numpy's all n^2 pairs at once is 6 n x n temporaries, 13 GB at n = 16384 (the gpu preset):
# blocks of rows of at most 2^26 pairs (0.5 GB a float64 temporary) fit any GPU and change no bit (the row
# sums are the same; test_nbody.py).
CUPY_BLOCK_PAIRS = 1 << 26


def gpu_prepared(iteration: GpuIteration, checksums) -> Prepared:
    return Prepared(
        kernel=iteration,
        manual_time=iteration.last_kernel_s,
        checksums=lambda result: {**checksums(result), **iteration.counters()},
    )


def set_tf32(cp, tf32: bool) -> None:
    """CuPy's documented switch (docs.cupy.dev, "Environment variables": CUPY_TF32=1 "allows CUDA libraries
    to use Tensor Cores TF32 compute for 32-bit floating point compute"): cuBLAS then multiplies float32 with
    CUBLAS_COMPUTE_32F_FAST_TF32, as cuda.cublas's tf32 cell. CuPy reads it once per process, at its first
    float32 product, so it is set here, before that product (the harness runs one cell a process); set to 0
    otherwise, so an inherited CUPY_TF32=1 cannot turn the float32 cell into a TF32 one."""
    if tf32:
        capability = int(cp.cuda.Device().compute_capability)  # "80" for 8.0, "90" for 9.0
        if capability < TF32_MIN_CAPABILITY:
            raise SkipBenchmark(
                f"dtype tf32 needs TF32 tensor cores (compute capability 8.0+); this GPU is {capability / 10:.1f}"
            )
    os.environ["CUPY_TF32"] = "1" if tf32 else "0"


@implementation("matmul", "python.cupy")
def _matmul(params: Params) -> Prepared:
    cp = cupy_module()
    n = params.get("n", 1, matmul.MAX_N)
    choice = params.choice("dtype", "float64", MATMUL_DTYPES)
    dtype = np.float64 if choice == "float64" else np.float32  # tf32: float32 data, TF32 products
    set_tf32(cp, choice == "tf32")
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


@implementation("leibniz_pi", "python.cupy")
def _leibniz(params: Params) -> Prepared:
    cp = cupy_module()
    n = params.get("n", 1, leibniz_pi.MAX_TERMS)
    iteration = GpuIteration(
        cp, lambda: None, lambda _: leibniz_pi.leibniz_pi_numpy(n, xp=cp), lambda pi: pi
    )  # no input to copy
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


@implementation("nbody", "python.cupy")
def _nbody(params: Params) -> Prepared:
    """python.numpy's broadcasting over all n^2 pairs (nbody.nbody_numpy) with cupy for numpy: the initial
    state copied in, k leapfrog steps on the device, the final state copied out."""
    cp = cupy_module()
    n, steps = nbody._params(params)  # noqa: SLF001 - the nbody impls' own parameters
    dtype = precision.dtype_of(params)
    initial = nbody.initial_arrays(n, params.seed)
    start = initial.astype(dtype)  # float32: the float64 state rounded once, as python.numpy's
    rows = max(1, min(n, CUPY_BLOCK_PAIRS // n))
    iteration = GpuIteration(
        cp, lambda: cp.asarray(start), lambda state: nbody.nbody_numpy(state, steps, rows, xp=cp), cp.asnumpy
    )
    if dtype is np.float64:
        return gpu_prepared(iteration, lambda state: nbody.checksums_of(state.tolist()))
    exact: list[np.ndarray] = []  # the float64 trajectory on the host, at the first checksums (untimed)

    def checksums(state: np.ndarray) -> dict[str, float]:
        if not exact:
            exact.append(nbody.nbody_numpy(initial, steps))
        return {**nbody.checksums_of(state.tolist()), **precision.error_counters(state, exact[0])}

    return gpu_prepared(iteration, checksums)


@implementation("mandelbrot", "python.cupy")
def _mandelbrot(params: Params) -> Prepared:
    """python.numpy's masked steps (mandelbrot.mandelbrot_numpy) with cupy for numpy, in blocks of 2^22
    pixels. Nothing to copy in (the grid is made on the device); each step's count of survivors comes back to
    the host (the mask's compress needs it), the total is a host integer. Each operation is its own kernel, so
    no multiply-add is fused: the counts are NumPy's exactly (rtol = 0)."""
    cp = cupy_module()
    n = mandelbrot._params(params)  # noqa: SLF001 - the mandelbrot impls' own parameter
    iteration = GpuIteration(
        cp, lambda: None, lambda _: mandelbrot.mandelbrot_numpy(n, cp, CUPY_BLOCK_PIXELS), lambda total: total
    )
    return gpu_prepared(iteration, lambda total: {"checksum": total})
