"""Every checksum can fail: for each workload, a correct output (smoke size, the manifest's seed) passes the
runner's own validation with the impl-side checksum code; the same output with one element wrong by its own
size, two elements swapped, a chunk shifted by one place or two chunks swapped is rejected. A permutation
leaves a plain sum as it was: the position-weighted checksum is what rejects it (python_baselines/checksums.py).
Reduced-precision cells are rejected by their error bounds when one element is wrong."""

from __future__ import annotations

import math

import numpy as np
import pytest

from python_baselines import precision
from python_baselines.checksums import weighted_sum
from python_baselines.prng import uniform_array
from python_baselines.registry import Params, load_all
from python_baselines.workloads import mandelbrot, matmul, nbody, stencil2d, stream_triad
from references.mandelbrot import reference_counts
from validation import MANIFEST, validate

REGISTRY = load_all()


def corruptions(size: int, first: int, second: int, chunk: int):
    """(name, is a permutation, function of an array) for an output of `size` elements along axis 0 (a flat
    array's values, or the rows of a table: nbody's bodies)."""
    assert first + 2 * chunk <= size and second < size

    def doubled(x):
        x[first] *= 2

    def swapped(x):
        x[first], x[second] = x[second].copy(), x[first].copy()

    def neighbours(x):
        x[first], x[first + 1] = x[first + 1].copy(), x[first].copy()

    def shifted(x):
        x[first : first + chunk] = np.roll(x[first : first + chunk], -1, axis=0)

    def chunks_swapped(x):
        x[first : first + chunk], x[first + chunk : first + 2 * chunk] = (
            x[first + chunk : first + 2 * chunk].copy(),
            x[first : first + chunk].copy(),
        )

    return [
        ("one element wrong by its own size", False, doubled),
        ("two elements swapped", True, swapped),
        ("two neighbours swapped", True, neighbours),
        ("a chunk shifted by one place", True, shifted),
        ("two chunks swapped", True, chunks_swapped),
    ]


def check_corruptions(workload, impl, params, output, checksums_of, first, second, chunk, by_rows=False):
    """`output` is a correct result (any shape); checksums_of(array of that shape) the impl-side checksums.
    The corruptions act on its flat values, or (by_rows) on its rows."""
    correct = validate(workload, impl, params, checksums_of(output))
    assert correct["ok"], correct["reason"]
    weighted = [name for name in MANIFEST.workload(workload).checksums if name.endswith("weighted")]
    for what, permutation, corrupt in corruptions(len(output) if by_rows else output.size, first, second, chunk):
        wrong = output.copy()
        corrupt(wrong if by_rows else wrong.reshape(-1))
        assert not np.array_equal(wrong, output), what
        verdict = validate(workload, impl, params, checksums_of(wrong))
        assert not verdict["ok"], f"{workload}: {what} passed"
        assert all(not verdict["checksums"][name]["ok"] for name in weighted), what
        if permutation:  # the plain sums cannot tell; the weighted one did
            plain = [name for name in verdict["checksums"] if name not in weighted]
            assert all(verdict["checksums"][name]["ok"] for name in plain), what


def test_stream_triad():
    n = 10_000  # smoke
    a = stream_triad.triad_numpy(uniform_array(n, 42, 0), uniform_array(n, 42, n), stream_triad.SCALAR)
    check_corruptions("stream_triad", "python.numpy", {"n": n}, a, stream_triad.checksums_of, 4321, 77, 512)


def test_transfer():
    size = 65_536  # smoke: 8192 float64 values, 16 pages of 4 KiB
    values = uniform_array(size // 8, 42)

    def checksums_of(x):  # the C++ definition (cpp/transfer.hpp), in Python
        return {"checksum": math.fsum(x), "checksum_weighted": weighted_sum(x)}

    check_corruptions("transfer", "cpp.memcpy", {"bytes": size}, values, checksums_of, 3 * 512, 11 * 512, 512)


def test_stencil2d():
    params = {"n": 64, "k": 10}  # smoke
    initial = stencil2d.initial_grid(64, 42)
    grid = stencil2d.stencil_numpy(initial, initial.copy(), initial.copy(), 10)
    check_corruptions("stencil2d", "python.numpy", params, grid, stencil2d.checksums_of, 20 * 64 + 5, 40 * 64 + 33, 40)
    transposed = validate("stencil2d", "python.numpy", params, stencil2d.checksums_of(grid.T.copy()))
    assert not transposed["checksums"]["checksum_weighted"]["ok"]


def test_matmul():
    n = 64  # smoke
    a, b = matmul.input_arrays(n, 42)
    c = a @ b
    check_corruptions("matmul", "python.numpy", {"n": n}, c, matmul.checksums_of_array, 7 * 64 + 9, 50 * 64 + 1, 64)
    transposed = validate("matmul", "python.numpy", {"n": n}, matmul.checksums_of_array(c.T.copy()))
    assert transposed["checksums"]["checksum"]["ok"] and not transposed["checksums"]["checksum_weighted"]["ok"]


def test_nbody():
    params = {"n": 64, "k": 10}  # smoke
    state = nbody.nbody_numpy(nbody.initial_arrays(64, 42), 10)  # (6, n): x, y, z, vx, vy, vz
    table = np.ascontiguousarray(state.T)  # n x 6, the weighted checksum's table

    def checksums_of(t):
        return nbody.checksums_of(np.ascontiguousarray(t.T).tolist())

    # Whole bodies (rows of the table): body 10 wrong, bodies 10 and 40 swapped, a block of 5 shifted ...
    check_corruptions("nbody", "python.numpy", params, table, checksums_of, 10, 40, 5, by_rows=True)
    swapped = table.copy()
    swapped[7, [0, 1]] = swapped[7, [1, 0]]  # x and y of one body exchanged
    verdict = validate("nbody", "python.numpy", params, checksums_of(swapped))
    assert verdict["checksums"]["checksum_position"]["ok"] and not verdict["checksums"]["checksum_weighted"]["ok"]
    one_velocity = table.copy()
    one_velocity[20, 4] *= 2
    assert not validate("nbody", "python.numpy", params, checksums_of(one_velocity))["checksums"]["checksum_velocity"][
        "ok"
    ]


# ----------------------------------------------------------------- scalar outputs: one element's worth


def test_mandelbrot_one_pixel():
    n = 128
    counts = reference_counts(n)
    assert validate("mandelbrot", "python.numpy", {"n": n}, {"checksum": float(mandelbrot.mandelbrot_numpy(n))})["ok"]
    for what, change in [("one iteration short", -1), ("one pixel doubled", int(counts[5, 7]))]:
        verdict = validate("mandelbrot", "python.numpy", {"n": n}, {"checksum": float(counts.sum() + change)})
        assert not verdict["ok"], what


def test_chunked_reduction_one_value():
    n = 65_536
    values = uniform_array(n, 42)

    def moments(x):
        mean = math.fsum(x) / n
        return {"mean": mean, "variance": math.fsum(x * x) / n - mean * mean}

    params = {"n": n, "from_disk": 0}
    assert validate("chunked_reduction", "python.numpy", params, moments(values))["ok"]
    wrong = values.copy()
    wrong[1234] *= 2
    assert not validate("chunked_reduction", "python.numpy", params, moments(wrong))["ok"]
    window_twice = values.copy()
    window_twice[4096:8192] = values[0:4096]  # a block read twice, the next one skipped
    assert not validate("chunked_reduction", "python.numpy", params, moments(window_twice))["ok"]


def test_call_overhead_one_product():
    n = 16
    a, b = uniform_array(n, 42), uniform_array(n, 42, n)
    products = a * b
    assert validate("call_overhead", "python.loops", {"n": n}, {"checksum": math.fsum(products)})["ok"]
    products[3] *= 2
    assert not validate("call_overhead", "python.loops", {"n": n}, {"checksum": math.fsum(products)})["ok"]


def test_series_with_a_term_missing():
    leibniz = REGISTRY[("leibniz_pi", "python.numpy")].prepare
    n = 100_000
    short = leibniz(Params({"n": n - 1}))
    assert validate(
        "leibniz_pi", "python.numpy", {"n": n}, leibniz(Params({"n": n})).checksums(leibniz(Params({"n": n})).kernel())
    )["ok"]
    assert not validate("leibniz_pi", "python.numpy", {"n": n}, short.checksums(short.kernel()))["ok"]
    for n in (1000, 1_000_000):  # smoke, and the largest preset size
        terms = [1.0 / (k * k) for k in range(1, n + 1)]
        total = 0.0
        for term in terms:  # the sequential sum of python.loops, java.loops, cpp.naive
            total += term
        assert validate("pi_sum", "python.loops", {"n": n, "repeat": 1}, {"checksum": total})["ok"]
        assert not validate("pi_sum", "python.loops", {"n": n, "repeat": 1}, {"checksum": total - terms[-1]})["ok"]


def test_fib_off_by_one():
    assert validate("fib", "python.loops", {"n": 20}, {"checksum": 6765.0})["ok"]
    assert not validate("fib", "python.loops", {"n": 20}, {"checksum": 6766.0})["ok"]


# ----------------------------------------------------------------- reduced precision: the error bounds


def float32_counters(prepare_params, workload, impl):
    """The impl's own float32 checksums and error counters for its output, and for its output with one
    element wrong by its own size."""
    prepared = REGISTRY[(workload, impl)].prepare(Params(prepare_params))
    out = np.array(prepared.kernel(), copy=True)
    wrong = out.copy()
    flat = wrong.reshape(-1)
    flat[flat.size // 3] *= 2
    return prepared.checksums(out), prepared.checksums(wrong)


@pytest.mark.parametrize(
    "workload, params", [("stream_triad", {"n": 262_144}), ("matmul", {"n": 64}), ("nbody", {"n": 64, "k": 10})]
)
def test_one_wrong_element_of_a_float32_output_fails_its_error_bounds(workload, params):
    right, wrong = float32_counters({**params, "dtype": "float32"}, workload, "python.numpy")
    cell = {**params, "dtype": "float32"}
    verdict = validate(workload, "python.numpy", cell, right)
    assert verdict["ok"], verdict["reason"]
    assert set(verdict["error_bounds"]) == {"output_rel_error", "output_max_rel_error"}
    verdict = validate(workload, "python.numpy", cell, wrong)
    assert not verdict["ok"] and not verdict["error_bounds"]["output_max_rel_error"]["ok"]
    assert "output_max_rel_error" in verdict["reason"] and "dtype=float32 bound" in verdict["reason"]


def test_an_error_counter_past_its_bound_fails_the_cell_with_the_reason():
    params = {"n": 768, "dtype": "bf16"}
    reference = MANIFEST.workload("matmul").reference(params)
    good = {**reference, "output_rel_error": 2e-4, "output_max_rel_error": 5e-4}
    assert validate("matmul", "cuda.cublas", params, good)["ok"]
    over = validate("matmul", "cuda.cublas", params, good, {**good, "output_rel_error": 0.05})
    assert not over["ok"]  # the worst repetition decides
    assert over["reason"] == "output_rel_error = 0.05 exceeds the dtype=bf16 bound 1.0e-02"
    assert over["error_bounds"]["output_rel_error"] == {"ok": False, "value": 0.05, "bound": 1e-2}
    missing = validate("matmul", "cuda.cublas", params, reference)
    assert not missing["ok"] and "reported no 'output_rel_error' counter (a dtype=bf16 cell must)" in missing["reason"]
    nan = validate("matmul", "cuda.cublas", params, {**good, "output_max_rel_error": math.nan})
    assert not nan["ok"] and nan["error_bounds"]["output_max_rel_error"]["value"] is None  # strict JSON
    assert "error_bounds" not in validate("matmul", "cuda.cublas", {"n": 768}, reference)  # float64: no bounds


def test_nan_checksums_are_rejected_and_recorded_as_null():
    verdict = validate("stream_triad", "cpp.naive", {"n": 10_000}, {"checksum": math.nan, "checksum_weighted": 1.0})
    assert not verdict["ok"] and verdict["checksums"]["checksum"]["value"] is None
    assert verdict["checksums"]["checksum"]["rel_error"] is None


def test_the_error_counters_of_every_reduced_precision_impl_are_reported():
    """Every float32 Python impl reports both counters (the C++, Java and CUDA ones: test_agreement.py)."""
    for workload in ("stream_triad", "matmul", "nbody"):
        params = {**{"n": 20}, **({"k": 2} if workload == "nbody" else {}), "dtype": "float32"}
        prepared = REGISTRY[(workload, "python.numpy")].prepare(Params(params))
        counters = prepared.checksums(prepared.kernel())
        assert {"output_rel_error", "output_max_rel_error"} <= set(counters), workload
        assert (
            0
            < counters["output_max_rel_error"]
            <= MANIFEST.workload(workload).error_bounds[("dtype", "float32")]["output_max_rel_error"]
        )
    assert precision.max_relative_error(np.array([1.0, 2.0]), np.array([1.0, 4.0])) == 0.5


# ----------------------------------------------------------------- at full-preset sizes
# What a hash weight buys over a linear one (i*n + j + 1, the weight before): at a million elements a
# swap of two neighbours moves a linear-weighted sum by ~1e-12 relative, under the tolerances; this one
# by ~1e-7. Each case: a full-preset size, several positions.


def swap_neighbours(x: np.ndarray, p: int) -> np.ndarray:
    y = x.copy().reshape(-1)
    y[p], y[p + 1] = y[p + 1], y[p]
    return y.reshape(x.shape)


@pytest.mark.parametrize("case", ["stream_triad", "transfer", "matmul", "stencil2d"])
def test_a_swap_of_neighbours_is_caught_at_a_full_preset_size(case):
    if case == "stream_triad":
        n = 2_097_152
        output = stream_triad.triad_numpy(uniform_array(n, 42, 0), uniform_array(n, 42, n), stream_triad.SCALAR)
        impl, params, checksums_of = "python.numpy", {"n": n}, stream_triad.checksums_of
    elif case == "transfer":
        size = 16_777_216
        output = uniform_array(size // 8, 42)
        impl, params = "cpp.memcpy", {"bytes": size}

        def checksums_of(x):
            return {"checksum": math.fsum(x), "checksum_weighted": weighted_sum(x)}
    elif case == "matmul":
        a, b = matmul.input_arrays(1024, 42)
        output, impl, params, checksums_of = a @ b, "python.numpy", {"n": 1024}, matmul.checksums_of_array
    else:
        initial = stencil2d.initial_grid(1024, 42)
        output = stencil2d.stencil_numpy(initial, initial.copy(), initial.copy(), 10)
        impl, params, checksums_of = "python.numpy", {"n": 1024, "k": 10}, stencil2d.checksums_of
    assert MANIFEST.workload(case).sizes["full"].count(params) == 1  # a size the full preset measures
    assert validate(case, impl, params, checksums_of(output))["ok"]
    flat = output.reshape(-1)
    for p in np.linspace(1000, flat.size - 1000, 5).astype(int).tolist():
        if flat[p] == flat[p + 1]:
            continue
        verdict = validate(case, impl, params, checksums_of(swap_neighbours(output, p)))
        assert not verdict["checksums"]["checksum_weighted"]["ok"], f"{case}: neighbours {p}, {p + 1}"


def test_a_run_fails_a_cell_whose_error_counter_is_past_its_bound(tmp_path):
    """End to end: the fake harness's float32 cell reports output_rel_error = 3e-7; with a bound of 1e-7 in
    its manifest the runner records wrong_checksum with the reason, never a speed, and exits non-zero."""
    import shutil

    from conftest import FAKE_MANIFEST, load_latest, speedlab

    manifest = tmp_path / "manifest"
    shutil.copytree(FAKE_MANIFEST, manifest)
    toml = manifest / "workloads" / "fake.toml"
    toml.write_text(toml.read_text() + "\n[error_bounds.dtype.float32]\noutput_rel_error = 1e-7\n")
    results = tmp_path / "reports"
    done = speedlab(
        "--manifest",
        str(manifest),
        "run",
        "--results-dir",
        str(results),
        "--preset",
        "smoke",
        "--impls",
        "fake.dtype",
        "--param",
        "dtype=float32",
    )
    assert done.returncode != 0
    (cell,) = load_latest(results)["cells"]
    assert cell["status"] == "wrong_checksum"
    assert cell["reason"] == "output_rel_error = 3e-07 exceeds the dtype=float32 bound 1.0e-07"
    assert cell["validation"]["checksums"]["checksum"]["ok"]  # the checksum itself was within its tolerance
