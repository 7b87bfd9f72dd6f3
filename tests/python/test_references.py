"""References are independent of the code they judge. nbody, stencil2d and mandelbrot used to take their
reference from python.numpy's own functions, so those cells were checked against themselves; now each
reference is the definition written once more (extended precision, or another algorithm), pinned here to
exact or high-precision arithmetic at the smoke sizes, and it runs with every impl function out of the way."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext
from fractions import Fraction

import numpy as np
import pytest

from python_baselines.workloads import mandelbrot, nbody, stencil2d
from references import mandelbrot as ref_mandelbrot
from references import nbody as ref_nbody
from references import stencil2d as ref_stencil2d
from references.checksums import position_weight
from references.prng import uniform_list


def refuse(*args, **kwargs):
    raise AssertionError("the reference called an impl's own function")


def test_references_do_not_use_the_impls_code(monkeypatch):
    """They live in references/, which imports no impl (test_packaging.py); with every impl function out of
    the way they still compute the pinned values."""
    for module, names in [
        (
            nbody,
            [
                "nbody_numpy",
                "accelerations_numpy",
                "nbody_loops",
                "accelerations_loops",
                "acceleration_of",
                "checksums_of",
            ],
        ),
        (stencil2d, ["stencil_numpy", "stencil_loops", "checksums_of"]),
        (mandelbrot, ["mandelbrot_numpy", "_block_counts", "mandelbrot_rows", "mandelbrot_loops"]),
    ]:
        for name in names:
            monkeypatch.setattr(module, name, refuse)
    assert set(ref_nbody.reference({"n": 9, "k": 2})) == {"checksum_position", "checksum_velocity", "checksum_weighted"}
    assert set(ref_stencil2d.reference({"n": 9, "k": 2})) == {"checksum", "checksum_weighted"}
    assert ref_mandelbrot.reference({"n": 43}) == {"checksum": 55258.0}


# ----------------------------------------------------------------- nbody: against 40-digit decimals


def nbody_decimal(n: int, steps: int, seed: int = 42) -> list[list[Decimal]]:
    """The definition in 40-digit decimal arithmetic (from the generator's values, which are exact)."""
    getcontext().prec = 40
    u = [Decimal(v) for v in uniform_list(7 * n, seed)]
    x, y, z = u[0::7], u[1::7], u[2::7]
    v = [[(w - Decimal("0.5")) * Decimal("0.1") for w in u[k::7]] for k in (3, 4, 5)]
    m = [(Decimal("0.5") + w) / n for w in u[6::7]]
    p = [x, y, z]
    eps2, dt, half = Decimal("0.01"), Decimal("0.01"), Decimal("0.005")

    def accelerations():
        out = [[Decimal(0)] * n for _ in range(3)]
        for i in range(n):
            for j in range(n):
                d = [p[c][j] - p[c][i] for c in range(3)]
                inv_r = 1 / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + eps2).sqrt()
                s = m[j] * inv_r * inv_r * inv_r
                for c in range(3):
                    out[c][i] += d[c] * s
        return out

    a = accelerations()
    for _ in range(steps):
        for c in range(3):
            v[c] = [vi + half * ai for vi, ai in zip(v[c], a[c])]
            p[c] = [pi + dt * vi for pi, vi in zip(p[c], v[c])]
        a = accelerations()
        for c in range(3):
            v[c] = [vi + half * ai for vi, ai in zip(v[c], a[c])]
    return p + v


@pytest.mark.parametrize("n, steps", [(5, 3), (64, 10)])  # (64, 10): the smoke size
def test_nbody_reference_is_the_decimal_computation(n, steps):
    state = nbody_decimal(n, steps)
    exact = {
        "checksum_position": float(sum(sum(row) for row in state[:3])),
        "checksum_velocity": float(sum(sum(row) for row in state[3:])),
        "checksum_weighted": float(
            sum(state[c][i] * position_weight(i) * position_weight(n + c) for i in range(n) for c in range(6))
        ),
    }
    # Within an ulp of the decimal values; a float64 computation (python.numpy) is off by up to 1.7e-15 here.
    assert ref_nbody.reference({"n": n, "k": steps}) == pytest.approx(exact, rel=2.5e-16)


def test_nbody_reference_past_the_extended_range_is_the_same_in_float64():
    extended = ref_nbody.reference_state(40, 5, 42)
    float64 = ref_nbody.reference_state(40, 5, 42, np.float64)
    assert np.allclose(float64.astype(np.float64), extended.astype(np.float64), rtol=1e-13, atol=1e-16)


# ----------------------------------------------------------------- stencil2d: against exact rationals


@pytest.mark.parametrize("n, sweeps", [(3, 1), (4, 2), (17, 3), (64, 10)])  # (64, 10): the smoke size
def test_stencil2d_reference_is_the_exact_grid(n, sweeps):
    grid, bits = ref_stencil2d.exact_grid(n, sweeps, 42)
    total = Fraction(sum(grid.ravel().tolist()), 1 << bits)
    weighted = Fraction(
        sum(int(grid[i, j]) * position_weight(i) * position_weight(n + j) for i in range(n) for j in range(n)),
        1 << bits,
    )
    got = ref_stencil2d.reference({"n": n, "k": sweeps})
    # Each term rounded to float64 once, then summed exactly: within an ulp of the exact value.
    assert got["checksum"] == pytest.approx(float(total), rel=2.3e-16)
    assert got["checksum_weighted"] == pytest.approx(float(weighted), rel=2.3e-16)


def test_stencil2d_exact_grid_by_hand():
    grid, bits = ref_stencil2d.exact_grid(3, 1, 42)
    initial = stencil2d.initial_grid(3, 42)
    assert (
        Fraction(int(grid[1, 1]), 1 << bits)
        == (Fraction(initial[0, 1]) + Fraction(initial[2, 1]) + Fraction(initial[1, 0]) + Fraction(initial[1, 2])) / 4
    )
    assert Fraction(int(grid[0, 2]), 1 << bits) == Fraction(initial[0, 2])  # the boundary stays


# ----------------------------------------------------------------- mandelbrot: against the pixel loop


@pytest.mark.parametrize("n", [1, 2, 3, 7, 43, 100, 128])  # 128: the smoke size
def test_mandelbrot_reference_is_the_pixel_loop(n):
    assert ref_mandelbrot.reference({"n": n}) == {"checksum": float(mandelbrot.mandelbrot_loops(n))}


def test_mandelbrot_reference_counts_by_row_blocks():
    whole = ref_mandelbrot.reference_counts(20)
    assert whole.shape == (20, 20) and whole.min() >= 1 and whole.max() == mandelbrot.MAX_ITERATIONS
    assert np.array_equal(
        np.vstack([ref_mandelbrot.reference_counts(20, 0, 7), ref_mandelbrot.reference_counts(20, 7, 13)]), whole
    )
    assert int(whole.sum()) == mandelbrot.mandelbrot_loops(20)


def test_the_references_that_were_already_independent_stay_exact():
    """stream_triad, transfer, matmul, call_overhead, chunked_reduction: exact integer arithmetic (their own
    test files); leibniz_pi: a closed form; pi_sum: math.fsum; fib: iteration in Python integers."""
    from references import fib, pi_sum

    assert fib.reference({"n": 20}) == {"checksum": 6765.0}
    assert pi_sum.reference({"n": 3}) == {"checksum": float(Fraction(1) + Fraction(1, 4) + Fraction(1, 9))}
    assert math.isclose(pi_sum.reference({"n": 100000})["checksum"], math.pi**2 / 6 - 1e-5, rel_tol=1e-10)
