"""Cross-language agreement: every impl of every workload, on the same seeded
inputs at smoke size, computes the workload's reference checksums within its
tolerance. New workloads are covered by adding them to the manifest."""

import json
import subprocess

import pytest

from conftest import BUILD_DIR, REPO_ROOT, env, native_module
from speedlab.harnesses import Harnesses
from speedlab.manifest import load_manifest

MANIFEST = load_manifest()
HARNESSES = Harnesses(MANIFEST, BUILD_DIR)
# Every impl at its defaults, and at every other value of a choice parameter it declares (dtype = float32,
# isa = avx2, ...), each checked against the float64 reference with the tolerance for that value.
CASES = [(w.name, impl, {}) for w in MANIFEST.workloads.values() for impl in w.impls] + [
    (w.name, name, {param: value})
    for w in MANIFEST.workloads.values()
    for name, impl in w.impls.items()
    for param, values in impl.choices.items()
    for value in values
    if value != w.params[param].default
]


def extra_sizes(workload):
    """The smoke size, plus an odd-sized variant to catch tail-handling bugs."""
    smoke = {**workload.defaults, **workload.sizes["smoke"][0]}
    odd = dict(smoke)
    odd[workload.size_param] = max(workload.params[workload.size_param].minimum, smoke[workload.size_param] // 3 + 1)
    return [smoke, odd] if odd != smoke else [smoke]


def case_id(workload, impl, choices):
    return "/".join([workload, impl] + [f"{k}={v}" for k, v in choices.items()])


@pytest.mark.parametrize("workload_name, impl, choices", CASES, ids=[case_id(*case) for case in CASES])
def test_impl_agrees_with_reference(workload_name, impl, choices):
    workload = MANIFEST.workload(workload_name)
    status = HARNESSES.status(impl.split(".")[0])
    if not status.usable:
        pytest.skip(f"{impl}: {status.reason}")
    assert (workload_name, impl) in status.impls, f"the harness does not implement {workload_name}/{impl}"
    threads = [1, 2] if workload.impls[impl].threads == "multi" else [1]
    for sizes in extra_sizes(workload):
        params = {**sizes, **choices}
        reference = workload.reference(params)
        for count in threads:
            command = HARNESSES.command(impl.split(".")[0]) + ["--run", f"{workload_name}/{impl}"]
            for key, value in params.items():
                command += ["--param", f"{key}={value}"]
            command += ["--threads", str(count), "--repetitions", "1", "--min-time", "0", "--warmup", "0"]
            done = subprocess.run(command, capture_output=True, text=True, env=env(), cwd=REPO_ROOT, timeout=300)
            assert done.returncode == 0, done.stderr
            entries = json.loads(done.stdout)["benchmarks"]
            if entries and entries[0].get("skipped"):
                pytest.skip(f"{impl}: {entries[0]['skip_message']}")
            entry = next(e for e in entries if e.get("run_type") == "iteration")
            assert entry["workload"] == workload_name and entry["impl"] == impl
            for name, spec in workload.checksum_specs(impl, params).items():
                assert entry[name] == pytest.approx(reference[name], rel=spec.rtol, abs=spec.atol), (
                    f"{impl} {params} threads={count}: {name}"
                )
            for counter, (where, bound) in workload.bounds_at(params).items():  # float32: the measured errors
                assert 0 < entry[counter] <= bound, f"{impl} {params}: {counter} past the {where} bound"
            assert entry["params"] == {**params, "threads": count}


# ---------------------------------------------------------------- sort: the same fresh input in every language
# (n, seed, k): sort's input k (benchmarks/workloads/sort.toml) must be the same values in Python (pure and
# NumPy), C++ (the harness's fill_input through speedlab_native; the CUDA impl writes its inputs with it too)
# and Java; test_sort.py, tests/cpp/test_sort.cpp and SortTest.java pin the first values of some of them.
SORT_INPUT_CASES = [
    (1, 42, 0),
    (2, 42, 1),
    (3, 42, 0),
    (10, 42, 0),
    (1000, 42, 0),
    (1000, 42, 1),
    (1000, 7, 0),
    (3000, 42, 17),
    (4096, 2**64 - 1, 5),
    (100_003, 42, 1_000_000),
]


def python_sort_inputs():
    import numpy as np

    from python_baselines.workloads import sort

    out = []
    for n, seed, k in SORT_INPUT_CASES:
        pure = [int(v * 2**53) for v in sort.input_list(n, seed, k)]
        inputs = sort.FreshInputs(n, seed)
        inputs.index = k
        assert (inputs.next_array() * 2.0**53).astype(np.int64).tolist() == pure, (n, seed, k)
        out.append(pure)
    return out


def test_sort_inputs_agree_between_python_and_cpp():
    native = native_module()
    for (n, seed, k), expected in zip(SORT_INPUT_CASES, python_sort_inputs()):
        got = [int(v * 2**53) for v in native.sort_input(n, seed, k)]
        assert got == expected, (n, seed, k)


def test_sort_inputs_agree_between_python_and_java():
    jars = [BUILD_DIR / "java" / "speedlab.jar", BUILD_DIR / "java" / "speedlab-tests.jar"]
    if not all(jar.exists() for jar in jars):
        pytest.skip("the Java jars are not built: run 'make build'")
    args = [str(value) for case in SORT_INPUT_CASES for value in case]
    done = subprocess.run(
        ["java", "-cp", ":".join(map(str, jars)), "speedlab.SortInputs", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for case, got, expected in zip(SORT_INPUT_CASES, json.loads(done.stdout), python_sort_inputs()):
        assert got == expected, case
