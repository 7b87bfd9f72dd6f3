"""python.dask: the same workloads as dask.array graphs, on the scheduler the cell asks for (dask_tier.py).

The next step Python users are told to take when NumPy runs out of memory or cores. Inputs come from the
shared generator chunk by chunk (each chunk generates its own offsets, where the graph runs) and are
persisted in prepare, untimed; the timed kernel builds nothing but runs the workload's graph and brings
the result back, and the checksums are those of the other impls (the result is a NumPy array or the same
numbers). The context records the scheduler, workers, chunk and tasks per graph, so a report can show the
cost per task beside the median.
"""

from __future__ import annotations

import math

import numpy as np

from python_baselines import dask_tier
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, Prepared, implementation
from python_baselines.workloads import chunked_reduction, mandelbrot, matmul, stencil2d, stream_triad

IMPL = "python.dask"
VECTOR_CHUNK = 1 << 20  # 1-D chunks: 8 MiB of float64 (dask's advice: chunks of 10-100 MB, fewer tasks)
MATRIX_CHUNK = 1024  # 2-D blocks: 1024 x 1024 float64, 8 MiB


# The `chunk` parameter of the 1-D workloads (stream_triad, chunked_reduction): values per chunk, swept to
# find where the cost per task stops dominating (the report's crossover against NumPy). auto: the
# workload's own default below.
CHUNKS = {"auto": 0, "k16": 1 << 14, "k64": 1 << 16, "k256": 1 << 18, "m1": 1 << 20, "m4": 1 << 22, "m16": 1 << 24}


def chunk_of(params: Params, n: int, default: int) -> int:
    chosen = CHUNKS[params.choice("chunk", "auto", tuple(CHUNKS))] or default
    return max(1, min(n, chosen))


def generated_vector(da, count: int, seed: int, offset: int, chunk: int):
    """Values offset .. offset + count of the generator, one dask chunk per `chunk` values."""
    from dask import delayed

    parts = [
        da.from_delayed(
            delayed(uniform_array)(min(chunk, count - start), seed, offset + start),
            shape=(min(chunk, count - start),),
            dtype=np.float64,
        )
        for start in range(0, count, chunk)
    ]
    return da.concatenate(parts) if len(parts) > 1 else parts[0]


def generated_matrix(da, n: int, seed: int, offset: int, block: int):
    """The n x n row-major matrix at generator offset `offset`: generated in row bands, cut into blocks."""
    return generated_vector(da, n * n, seed, offset, block * n).reshape(n, n).rechunk((block, block))


def _prepared(chosen, result, finish, checksums, chunk) -> Prepared:
    return Prepared(
        kernel=lambda: finish(chosen.compute(result)),
        checksums=checksums,
        context=dask_tier.context(chosen, result, chunk),
    )


@implementation("stream_triad", IMPL)
def _stream_triad(params: Params) -> Prepared:
    n = params.get("n", 1, stream_triad.MAX_N)
    chosen = dask_tier.scheduler(params)
    _, da = dask_tier.modules()
    chunk = chunk_of(params, n, VECTOR_CHUNK)
    b = chosen.persist(generated_vector(da, n, params.seed, 0, chunk))
    c = chosen.persist(generated_vector(da, n, params.seed, n, chunk))
    return _prepared(chosen, b + stream_triad.SCALAR * c, lambda a: a, stream_triad.checksums_of, chunk)


@implementation("matmul", IMPL)
def _matmul(params: Params) -> Prepared:
    n = params.get("n", 1, matmul.MAX_N)
    chosen = dask_tier.scheduler(params)
    _, da = dask_tier.modules()
    block = min(n, MATRIX_CHUNK)
    a = chosen.persist(generated_matrix(da, n, params.seed, 0, block))
    b = chosen.persist(generated_matrix(da, n, params.seed, n * n, block))
    return _prepared(chosen, a @ b, lambda c: c, matmul.checksums_of_array, [block, block])


def _jacobi_block(block: np.ndarray) -> np.ndarray:
    """One sweep of a block with its one-point halo: the interior as stencil_numpy computes it, the edge
    rows and columns (halo or the grid's fixed boundary) copied unchanged."""
    out = block.copy()
    out[1:-1, 1:-1] = 0.25 * (block[:-2, 1:-1] + block[2:, 1:-1] + block[1:-1, :-2] + block[1:-1, 2:])
    return out


@implementation("stencil2d", IMPL)
def _stencil2d(params: Params) -> Prepared:
    n = params.get("n", stencil2d.MIN_N, stencil2d.MAX_N)
    sweeps = params.get("k", 1, stencil2d.MAX_SWEEPS)
    chosen = dask_tier.scheduler(params)
    _, da = dask_tier.modules()
    block = min(n, MATRIX_CHUNK)
    grid = chosen.persist(generated_matrix(da, n, params.seed, 0, block))
    # map_overlap adds a one-point halo from the neighbouring blocks (boundary="none": none past the grid's
    # edge, whose points the sweep never changes) and trims it after each sweep.
    for _ in range(sweeps):
        grid = grid.map_overlap(_jacobi_block, depth=1, boundary="none", dtype=np.float64)
    return _prepared(chosen, grid, lambda g: g, stencil2d.checksums_of, [block, block])


def _mandelbrot_rows(rows: np.ndarray, n: int) -> np.ndarray:
    """The escape-count total of a chunk of row indices (contiguous), as python.numpy computes each block."""
    h = mandelbrot.HALF_EXTENT / n
    columns = mandelbrot.X_CENTRE + (2.0 * np.arange(n, dtype=np.float64) + (1 - n)) * h
    step = max(1, mandelbrot.NUMPY_BLOCK_PIXELS // n)
    total = 0
    for first in range(0, rows.size, step):
        ci_rows = (2.0 * rows[first : first + step].astype(np.float64) + (1 - n)) * h
        total += mandelbrot._block_counts(np.tile(columns, ci_rows.size), np.repeat(ci_rows, n))
    return np.array([total], dtype=np.int64)


@implementation("mandelbrot", IMPL)
def _mandelbrot(params: Params) -> Prepared:
    n = params.get("n", 1, mandelbrot.MAX_N)
    chosen = dask_tier.scheduler(params)
    _, da = dask_tier.modules()
    rows_per_chunk = max(1, math.ceil(n / (4 * max(chosen.workers, 1))))  # 4 chunks a worker: load balance
    rows = da.arange(n, chunks=rows_per_chunk, dtype=np.int64)
    totals = rows.map_blocks(_mandelbrot_rows, n, chunks=(1,), dtype=np.int64)
    return _prepared(chosen, totals, lambda t: {"checksum": int(np.sum(t))}, lambda c: c, rows_per_chunk)


def _file_block_totals(path: str, start: int, count: int) -> np.ndarray:
    """(sum, sum of squares) of values start .. start + count of the file, block by block as BlockTotals."""
    values = np.fromfile(path, dtype=np.float64, count=count, offset=start * chunked_reduction.VALUE_BYTES)
    if values.size != count:
        raise RuntimeError(f"{path} ended early: {values.size} of {count} values at offset {start}")
    totals = chunked_reduction.BlockTotals()
    totals.add(values)
    return np.array([math.fsum(totals.sums), math.fsum(totals.squares)])


@implementation("chunked_reduction", IMPL)
def _chunked_reduction(params: Params) -> Prepared:
    """One graph reads the file chunk by chunk on the workers (never all of it in one place) and returns
    each chunk's sum and sum of squares; mean and variance come from their exact sums, as the other impls'.
    On a remote cluster the file must be at the same path on every worker (a shared filesystem)."""
    from dask import delayed

    n = params.get("n", 1, chunked_reduction.MAX_N)
    from_disk = params.get("from_disk", 0, 1) == 1
    chosen = dask_tier.scheduler(params)
    _, da = dask_tier.modules()
    path = chunked_reduction.input_file(n, params.seed)
    chunk = chunk_of(params, n, chunked_reduction.WINDOW_VALUES)
    parts = [
        da.from_delayed(
            delayed(_file_block_totals)(str(path), start, min(chunk, n - start)), shape=(2,), dtype=np.float64
        )
        for start in range(0, n, chunk)
    ]
    totals = da.stack(parts)

    def finish(values: np.ndarray) -> dict[str, float]:
        return chunked_reduction.moments(list(values[:, 0]), list(values[:, 1]), n)

    prepared = _prepared(chosen, totals, finish, lambda moments: moments, chunk)
    prepared.context.update({"input_file_bytes": n * chunked_reduction.VALUE_BYTES, "from_disk": from_disk})
    if from_disk:
        from python_baselines import data_files

        prepared.before_each = lambda: data_files.drop_from_page_cache(path)
    return prepared
