"""Every tolerance excludes one wrong element: for every workload, preset size and dtype in the manifest, one
element of the output of typical size, wrong by its own size, moves some check (a checksum against its rtol,
or an error counter against its bound) by more than that check allows. The effect of one element on each check
comes from the check's definition (the manifest's `definition`, python_baselines/checksums.py)."""

from __future__ import annotations

import math

import numpy as np

from python_baselines.prng import uniform_array
from validation import MANIFEST


# An absolute tolerance counts relative to the checksum's typical size (the variance of uniform values: 1/12).
TYPICAL_SIZE = {"variance": 1 / 12}


def initial_velocity_sum(n: int, seed: int = 42) -> float:
    """|sum of the 3n initial velocity components| of nbody (it barely moves in k = 10 steps)."""
    u = uniform_array(7 * n, seed).reshape(n, 7)
    return abs(float(((u[:, 3:6] - 0.5) * 0.1).sum()))


def effects(workload: str, p: dict) -> dict[str, float]:
    """check -> the relative change one typical element wrong by its own size makes in it.
    Sums of N same-signed elements of similar size (the weighted ones too, for an element of average
    weight): 1/N. Error counters: output_max_rel_error = |x| / max |x|, output_rel_error = |x| / ||x||."""
    if workload == "stream_triad":  # a = b + 3c: mean 2, max 4, rms 2.2
        n = p["n"]
        return {
            "checksum": 1 / n,
            "checksum_weighted": 1 / n,
            "output_max_rel_error": 2 / 4,
            "output_rel_error": 2 / (2.2 * math.sqrt(n)),
        }
    if workload == "transfer":
        count = p["bytes"] // 8
        return {"checksum": 1 / count, "checksum_weighted": 1 / count}
    if workload == "matmul":  # C ~ n/4 everywhere (sums of n products): max ~ mean, rms ~ mean
        n = p["n"]
        return {
            "checksum": 1 / n**2,
            "checksum_weighted": 1 / n**2,
            "output_max_rel_error": 0.5,
            "output_rel_error": 1 / n,
        }
    if workload == "stencil2d":  # a smoothed grid of values ~0.5
        return {"checksum": 1 / p["n"] ** 2, "checksum_weighted": 1 / p["n"] ** 2}
    if workload == "nbody":  # positions ~0.5 in [0, 1); velocity components ~0.025
        n = p["n"]
        return {
            "checksum_position": 0.5 / (1.5 * n),
            "checksum_weighted": 1 / (3 * n),
            "checksum_velocity": 0.025 / initial_velocity_sum(n),
            "output_max_rel_error": 0.5,
            "output_rel_error": 0.5 / math.sqrt(n),
        }
    if workload == "mandelbrot":  # a pixel of the mean count (29.2) out of 29.2 n^2 iterations
        return {"checksum": 1 / p["n"] ** 2}
    if workload == "chunked_reduction":  # a value 0.5 doubled: S by 0.5/n of n/2, var by 0.25/n of 1/12
        return {"mean": 1 / p["n"], "variance": 3 / p["n"]}
    if workload == "dataloader":  # the stacked outputs, all positive, of similar size: 1/elements
        elements = p["batches"] * p["batch"] * p["outputs"]
        return {"checksum": 1 / elements, "checksum_weighted": 1 / elements}
    if workload == "call_overhead":
        return {"checksum": 1 / p["n"]}
    if workload == "fib":  # an integer: any call's result wrong changes it by at least 1
        previous, current = 0, 1
        for _ in range(p["n"]):
            previous, current = current, previous + current
        return {"checksum": 1 / previous}
    if workload == "leibniz_pi":  # the smallest term, 4/(2n - 1), of pi (a term too many or too few)
        return {"checksum": 4 / (2 * p["n"] - 1) / math.pi}
    if workload == "pi_sum":  # the smallest term, 1/n^2, of pi^2/6
        return {"checksum": 1 / p["n"] ** 2 / (math.pi**2 / 6)}
    raise KeyError(workload)


def cells():
    """(workload, preset, params, impl) for every preset size and every impl that runs it."""
    for workload in MANIFEST.workloads.values():
        if workload.name == "sort":
            continue  # its checks are its own helper's (issue 13's sort part)
        for preset, entries in workload.sizes.items():
            for entry in entries:
                params = workload.normalize({**workload.defaults, **entry})
                for impl in workload.impls.values():
                    if all(
                        impl.supports(k, v, workload.params[k].default) for k, v in params.items() if isinstance(v, str)
                    ):
                        yield workload, preset, params, impl.name


def test_one_wrong_element_is_outside_some_tolerance_everywhere():
    misses = []
    checked = set()
    for workload, preset, params, impl in cells():
        limits = {
            name: spec.rtol + spec.atol / TYPICAL_SIZE.get(name, 1.0)
            for name, spec in workload.checksum_specs(impl, params).items()
        }
        limits.update({counter: bound for counter, (_, bound) in workload.bounds_at(params).items()})
        effect = effects(workload.name, {**workload.defaults, **params})
        assert set(limits) <= set(effect), f"{workload.name}: no effect model for {set(limits) - set(effect)}"
        margin = max(math.inf if limits[check] == 0 else effect[check] / limits[check] for check in limits)
        if margin <= 1:
            misses.append(
                f"{workload.name} {preset} {params} {impl}: best margin {margin:.2g} "
                f"({ {c: f'{effect[c]:.1e} vs {limits[c]:.1e}' for c in limits} })"
            )
        checked.add((workload.name, params.get("dtype", "float64")))
    assert not misses, "\n".join(misses)
    # Every dtype of every workload was looked at (the reduced-precision cells through their bounds).
    assert {("matmul", d) for d in ("float64", "float32", "tf32", "bf16")} <= checked
    assert {("stream_triad", "float32"), ("nbody", "float32")} <= checked


def test_the_plain_float64_checksums_alone_exclude_one_wrong_element():
    """Without the error counters: at float64 every workload's checksum tolerance is below one element."""
    for workload, preset, params, impl in cells():
        if "dtype" in params:
            continue
        effect = effects(workload.name, {**workload.defaults, **params})
        for name, spec in workload.checksum_specs(impl, params).items():
            allowed = spec.rtol + spec.atol / TYPICAL_SIZE.get(name, 1.0)
            assert allowed == 0 or effect[name] > allowed, f"{workload.name} {preset} {params} {impl}: {name}"


def test_the_reduced_precision_cells_have_bounds_on_both_error_counters():
    for workload in MANIFEST.workloads.values():
        dtype = workload.params.get("dtype")
        if dtype is None or workload.name == "sort":
            continue
        offered = {v for impl in workload.impls.values() for v in impl.choices.get("dtype", ())} - {dtype.default}
        for value in offered:
            bounds = workload.bounds_at({"dtype": value})
            assert set(bounds) == {"output_rel_error", "output_max_rel_error"}, (workload.name, value)


def test_a_float32_triad_checksum_stays_within_its_bound_at_every_size():
    """The float32 checksum tolerance of stream_triad is the per-element bound 3u, which holds at n = 1 too
    (a tighter one would fail correct runs at small n, where the roundings do not cancel)."""
    rtol = MANIFEST.workload("stream_triad").checksum_specs("cpp.naive", {"n": 1, "dtype": "float32"})["checksum"].rtol
    for seed in range(200):
        b, c = uniform_array(1, seed, 0), uniform_array(1, seed, 1)
        exact = float(b[0] + 3 * c[0])
        got = float(np.float32(b[0]) + np.float32(3) * np.float32(c[0]))
        assert abs(got - exact) <= rtol * exact


def test_error_bounds_and_definitions_in_a_manifest_entry_are_checked(tmp_path):
    import pytest

    from speedlab.manifest import ManifestError, load_workload

    head = (
        "name = 'w'\nsize_param = 'n'\nreference = 'x:y'\n[params.n]\n[params.dtype]\n"
        "choices = ['float64', 'float32']\ndefault = 'float64'\n[checksums.checksum]\nrtol = 1e-9\n"
        "definition = 'the sum'\n[sizes]\nsmoke = [1]\n[impls.'cpp.x']\ntier = 'compiled'\ndescription = 'x'\n"
    )
    path = tmp_path / "w.toml"
    path.write_text(head + "[error_bounds.dtype.float32]\noutput_rel_error = 2e-7\n")
    workload = load_workload(path, {"compiled": ""})
    assert workload.checksums["checksum"].definition == "the sum"
    assert workload.bounds_at({"n": 1, "dtype": "float32"}) == {"output_rel_error": ("dtype=float32", 2e-7)}
    assert workload.bounds_at({"n": 1}) == {}
    for bad, message in [
        ("[error_bounds.isa.avx2]\noutput_rel_error = 1e-6\n", "'isa' is not a choice parameter"),
        ("[error_bounds.dtype.float16]\noutput_rel_error = 1e-6\n", "dtype has no choice 'float16'"),
        ("[error_bounds.dtype.float32]\noutput_rel_error = 0\n", "a positive number"),
        ("[error_bounds.dtype.float32]\noutput_rel_error = 'small'\n", "a positive number"),
    ]:
        path.write_text(head + bad)
        with pytest.raises(ManifestError, match=message):
            load_workload(path, {"compiled": ""})
