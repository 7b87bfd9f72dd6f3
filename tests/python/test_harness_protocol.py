"""Every harness of benchmarks/suite.toml against docs/harness-protocol.md: --list, --run, the skip form,
bad input. The commands are the manifest's, built the way the runner builds them (speedlab.harnesses)."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD_DIR, REPO_ROOT, require_build

from speedlab import gbench
from speedlab.harnesses import Harnesses
from speedlab.manifest import load_manifest

MANIFEST = load_manifest()
HARNESSES = Harnesses(MANIFEST, BUILD_DIR)
NAMES = sorted(MANIFEST.harnesses)
PROBE = ("leibniz_pi", {"n": 1000})  # every harness has an impl of it; cheap at this size
TIME_UNITS = {"ns", "us", "ms", "s"}


def call(name: str, *args: str) -> subprocess.CompletedProcess:
    spec = MANIFEST.harnesses[name]
    if spec.requires:
        require_build(Path(HARNESSES._expand(spec.requires)))
    return subprocess.run(
        HARNESSES.command(name) + list(args),
        capture_output=True,
        text=True,
        timeout=300,
        env=HARNESSES.environment(1),
        cwd=REPO_ROOT,
    )


@pytest.fixture(scope="module", params=NAMES)
def listing(request):
    done = call(request.param, "--list")
    assert done.returncode == 0, done.stderr
    return request.param, json.loads(done.stdout)


def test_every_harness_is_covered():
    assert set(NAMES) >= {"cpp", "cuda", "java", "python"}


def test_list_says_what_it_has(listing):
    name, document = listing
    assert document["harness"] == name
    assert isinstance(document["available"], bool) and isinstance(document["unavailable_reason"], str)
    assert bool(document["unavailable_reason"]) == (not document["available"])  # a reason exactly when unusable
    assert isinstance(document["context"], dict)
    impls = document["implementations"]
    assert impls and all(set(item) == {"workload", "impl"} for item in impls)
    known = {(w.name, i) for w in MANIFEST.workloads.values() for i in w.impls}
    assert {(item["workload"], item["impl"]) for item in impls} <= known  # nothing the manifest does not know


def probe_impl(document):
    return next(item["impl"] for item in document["implementations"] if item["workload"] == PROBE[0])


def run_probe(name, impl, repetitions=2):
    params = [arg for key, value in PROBE[1].items() for arg in ("--param", f"{key}={value}")]
    return call(
        name,
        "--run",
        f"{PROBE[0]}/{impl}",
        *params,
        "--threads",
        "1",
        "--seed",
        "42",
        "--repetitions",
        str(repetitions),
        "--min-time",
        "0",
        "--warmup",
        "0",
    )


def test_run_prints_google_benchmark_json_with_the_structured_fields(listing):
    name, document = listing
    impl = probe_impl(document)
    done = run_probe(name, impl)
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert isinstance(output["context"], dict) and isinstance(output["context"]["speedlab"], dict)
    entries = [e for e in output["benchmarks"] if e.get("run_type", "iteration") == "iteration"]
    if not document["available"]:  # the skip form: one entry, the reason, exit 0
        assert len(entries) == 1 and entries[0]["skipped"] is True
        assert entries[0]["skip_message"] == document["unavailable_reason"]
        assert gbench.parse(done.stdout).skipped == document["unavailable_reason"]
        return
    assert len(entries) == 2 and [e["repetition_index"] for e in entries] == [0, 1]
    reference = MANIFEST.workload(PROBE[0]).reference(PROBE[1], seed=42)["checksum"]
    for entry in entries:
        assert entry["name"].startswith(f"{PROBE[0]}/{impl}/n:1000/threads:1")
        assert (entry["workload"], entry["impl"]) == (PROBE[0], impl)
        assert entry["params"] == {**PROBE[1], "threads": 1}
        assert entry["time_unit"] in TIME_UNITS and entry["iterations"] >= 1
        assert math.isfinite(entry["real_time"]) and entry["real_time"] > 0
        assert entry["checksum"] == pytest.approx(reference, rel=1e-9)
    parsed = gbench.parse(done.stdout)  # the runner's one parser reads it
    assert len(parsed.repetitions) == 2 and parsed.error is None and parsed.skipped is None


def test_bad_input_is_exit_2_with_a_message_that_names_it(listing):
    name, document = listing
    unknown = call(name, "--run", "nope/nope", "--param", "n=10")
    assert unknown.returncode == 2 and "nope/nope" in unknown.stderr and probe_impl(document) in unknown.stderr
    not_a_number = call(name, "--run", f"{PROBE[0]}/{probe_impl(document)}", "--param", "n=10", "--threads", "abc")
    assert not_a_number.returncode == 2 and "--threads" in not_a_number.stderr and "abc" in not_a_number.stderr
    unknown_option = call(name, "--frobnicate")
    assert unknown_option.returncode == 2 and "--frobnicate" in unknown_option.stderr
