"""The C++ harness's instruction-set builds (--param isa=...) and choice parameters: behaviour, not speed."""

import json
import subprocess

import pytest

from conftest import BUILD_DIR, REPO_ROOT, env, require_build

CPP = BUILD_DIR / "bin" / "speedlab_cpp"


def run(*args):
    require_build(CPP)
    return subprocess.run([str(CPP), *args], capture_output=True, text=True, env=env(), cwd=REPO_ROOT, timeout=120)


def run_json(*args):
    done = run(*args, "--repetitions", "1", "--min-time", "0", "--warmup", "0")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cpu_flags():
    return set(next((line.split(":", 1)[1].split() for line in open("/proc/cpuinfo") if line.startswith("flags")), []))


@pytest.mark.parametrize("isa, march", [("x86-64", "-march=x86-64"), ("avx2", "-march=x86-64-v3")])
def test_an_isa_runs_in_its_own_build(isa, march):
    if isa == "avx2" and "avx2" not in cpu_flags():
        pytest.skip("this CPU has no AVX2")
    if not (BUILD_DIR / "bin" / f"speedlab_cpp_{isa}").exists():
        pytest.skip(f"speedlab_cpp_{isa} is not built (not x86-64, or SPEEDLAB_ISA_VARIANTS=OFF)")
    document = run_json("--run", "matmul/cpp.loop_order", "--param", "n=16", "--param", f"isa={isa}")
    context = document["context"]["speedlab"]
    assert context["isa"] == isa and context["isa_flags"] == march and context["cxx_flags"].endswith(march)
    entry = document["benchmarks"][0]
    assert entry["params"] == {"n": 16, "isa": isa, "threads": 1}
    assert entry["name"].startswith(f"matmul/cpp.loop_order/n:16/isa:{isa}/threads:1")


def test_an_isa_this_cpu_lacks_is_skipped_with_the_missing_features():
    if "avx512f" in cpu_flags():
        pytest.skip("this CPU has AVX-512: nothing to skip")
    entry = run_json("--run", "matmul/cpp.naive", "--param", "n=16", "--param", "isa=avx512")["benchmarks"][0]
    assert entry["skipped"] is True
    assert entry["skip_message"].startswith("this CPU lacks avx512f")
    assert "-march=x86-64-v4" in entry["skip_message"]


def test_the_listing_says_which_isa_builds_run_here():
    done = run("--list")
    context = json.loads(done.stdout)["context"]
    assert context["isa"] == "native"
    assert {"isa_build_x86-64", "isa_build_avx2", "isa_build_avx512"} <= set(context)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--param", "isa=sse9"],
            "isa=sse9 is not an instruction set of this harness (isa is one of x86-64, avx2, avx512, native)",
        ),
        (["--param", "dtype=1e6"], "--param dtype expects an integer or a choice name, got '1e6'"),
    ],
)
def test_bad_choices_are_usage_errors(args, message):
    done = run("--run", "matmul/cpp.naive", "--param", "n=8", *args)
    assert done.returncode == 2 and message in done.stderr


@pytest.mark.parametrize(
    "selection, choice, message",
    [
        (
            "matmul/cpp.tiled",
            "dtype=float32",
            "parameter dtype=float32 is not implemented here (this impl has dtype float64)",
        ),
        ("fib/cpp.naive", "dtype=float32", "cpp.naive does not implement dtype=float32 (it has the default only)"),
    ],
)
def test_a_dtype_an_impl_lacks_is_an_error_not_a_mislabelled_result(selection, choice, message):
    document = run_json("--run", selection, "--param", "n=8", "--param", choice)
    entry = document["benchmarks"][0]
    assert entry.get("error_occurred") and message in entry["error_message"]
