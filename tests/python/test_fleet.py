"""speedlab fleet add / list / report / history on golden results of three machines.

run_a.json is a real quick run trimmed to matmul n=192 and stream_triad n=262,144 (16 cells); machine B
is it with every time halved on other hardware, machine C a GPU box that lacks some cells and failed one.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from conftest import REPO_ROOT, speedlab
from speedlab import fleet_history, fleet_store, fleet_tables

GOLDEN = REPO_ROOT / "tests" / "fixtures" / "fleet" / "run_a.json"


def golden() -> dict:
    return json.loads(GOLDEN.read_text())


def scaled(document: dict, factor: float, run_id: str, started: str) -> dict:
    out = copy.deepcopy(document)
    out["run"]["id"], out["run"]["started_utc"] = run_id, started
    for cell in out["cells"]:
        if cell["status"] == "ok":
            cell["summary"] = {
                **cell["summary"],
                **{k: cell["summary"][k] * factor for k in ("median_s", "mean_s", "min_s", "max_s")},
            }
            cell["repetitions_s"] = [t * factor for t in cell["repetitions_s"]]
    return out


def machine_b() -> dict:
    out = scaled(golden(), 0.5, "2026-12-03T10-00-00Z_bigbox", "2026-12-03T10:00:00+00:00")
    out["machine"]["cpu"].update(model="Intel Xeon Gold 6338", physical_cores=32, logical_cpus=64)
    out["machine"]["memory"]["total_bytes"] = 256 * 2**30
    return out


def machine_c() -> dict:
    out = scaled(golden(), 0.25, "2026-12-04T10-00-00Z_gpubox", "2026-12-04T10:00:00+00:00")
    out["machine"]["cpu"].update(model="AMD Ryzen 9 7950X", physical_cores=16, logical_cpus=32)
    out["machine"]["gpu"] = {
        "present": True,
        "devices": [{"name": "NVIDIA RTX 4090", "memory": "24 GiB", "driver": "550"}],
    }
    out["cells"] = [c for c in out["cells"] if c["impl"] != "java.loops"]  # no JDK there: a missing cell
    failed = next(c for c in out["cells"] if c["impl"] == "cpp.eigen")
    failed.update(status="wrong_checksum", reason="checksum 1.0 differs from the reference 2.0")
    return out


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, document in (("a", golden()), ("b", machine_b()), ("c", machine_c())):
        folder = tmp_path / "runs" / document["run"]["id"]
        folder.mkdir(parents=True)
        (folder / "results.json").write_text(json.dumps(document))
        out[name] = folder
    return out


def test_machine_id_comes_from_the_card() -> None:
    assert fleet_store.machine_id(golden()) == "amd-epyc_2c_24gib_nogpu"
    assert fleet_store.machine_id(machine_b()) == "intel-xeon-gold-6338_32c_256gib_nogpu"
    assert fleet_store.machine_id(machine_c()) == "amd-ryzen-9-7950x_16c_24gib_1x-nvidia-rtx-4090"


def test_add_lays_out_runs_per_machine_and_skips_duplicates(tmp_path: Path, sources) -> None:
    store = tmp_path / "store"
    done = speedlab("fleet", "add", "--store", str(store), str(sources["a"]), str(sources["b"] / "results.json"))
    assert done.returncode == 0, done.stderr
    a_path = store / "amd-epyc_2c_24gib_nogpu" / "2026-12-02T00-37-54Z_vm.json"
    assert a_path.exists() and (store / "amd-epyc_2c_24gib_nogpu" / "machine.json").exists()
    assert (store / "intel-xeon-gold-6338_32c_256gib_nogpu" / "2026-12-03T10-00-00Z_bigbox.json").exists()
    before = a_path.read_bytes()
    again = speedlab("fleet", "add", "--store", str(store), str(sources["a"]))
    assert again.returncode == 0 and "already stored" in again.stdout
    assert a_path.read_bytes() == before  # append-only: never rewritten
    assert len(list(store.glob("*/*.json"))) == 4  # two runs, two machine cards


def test_add_refuses_what_is_not_a_results_document(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({"schema": "something-else/1", "cells": []}))
    done = speedlab("fleet", "add", "--store", str(store), str(bad))
    assert done.returncode == 2
    assert "not a speedlab results file" in done.stderr and "speedlab-results/1" in done.stderr
    text = tmp_path / "README"
    text.write_text("hello")
    done = speedlab("fleet", "add", "--store", str(store), str(text))
    assert done.returncode == 2 and "not valid JSON" in done.stderr
    assert not list(store.glob("*/*.json"))


def _store_of_three(tmp_path: Path, sources) -> Path:
    store = tmp_path / "store"
    for source in sources.values():
        fleet_store.add(store, source)
    return store


def test_report_values_ratios_and_missing_cells(tmp_path: Path, sources) -> None:
    store = _store_of_three(tmp_path, sources)
    view = fleet_tables.fleet(fleet_store.load_store(store), "amd-epyc_2c_24gib_nogpu")
    assert view.machines == [
        "amd-epyc_2c_24gib_nogpu",
        "amd-ryzen-9-7950x_16c_24gib_1x-nvidia-rtx-4090",
        "intel-xeon-gold-6338_32c_256gib_nogpu",
    ]
    cells = fleet_tables.cells_table(view)
    by_impl = {(r[0], r[2], r[3]): r for r in cells.rows}
    java = by_impl[("stream_triad", "java.loops", "1")]
    assert java[5] == fleet_tables.MISSING  # machine C has no Java: shown as missing, not dropped
    assert java[7] == "—" and java[8] == "2×"  # C vs A: no ratio; B vs A: twice as fast
    eigen = by_impl[("stream_triad", "cpp.eigen", "1")]
    assert eigen[5] == "✗ wrong checksum"
    assert by_impl[("stream_triad", "cpp.openmp", "2")][7] == "4×"
    assert by_impl[("stream_triad", "cuda.naive", "1")][4] == "skipped"
    assert len(cells.rows) == 16
    tiers = {row[0]: row for row in fleet_tables.tier_table(view).rows}
    assert tiers["all"][1] == "1× (14)" and tiers["all"][2] == "4× (12)" and tiers["all"][3] == "2× (14)"
    headline = fleet_tables.headline_table(view)
    row = next(r for r in headline.rows if r[:2] == ["matmul", "amd-epyc_2c_24gib_nogpu"])
    cpp_a = fleet_tables.headline(golden())["matmul"]["optimized"]
    assert row[headline.columns.index("optimized")] == f"{cpp_a:,.0f}×"
    cards = fleet_tables.cards_table(view)
    cpu = next(r for r in cards.rows if r[0] == "CPU")
    assert "Intel Xeon Gold 6338, 32 cores" in cpu[3]


def test_report_command_writes_md_and_html(tmp_path: Path, sources) -> None:
    store = _store_of_three(tmp_path, sources)
    out = tmp_path / "out"
    done = speedlab(
        "fleet",
        "report",
        "--store",
        str(store),
        "--output",
        str(out),
        "--baseline",
        "intel-xeon-gold-6338_32c_256gib_nogpu",
        "-q",
    )
    assert done.returncode == 0, done.stderr
    text = (out / "fleet.md").read_text()
    assert "Geometric-mean speedup per tier (vs intel-xeon-gold-6338_32c_256gib_nogpu)" in text
    assert "| stream_triad | n=262,144 | java.loops | 1 |" in text and "missing" in text
    assert "<table" in (out / "fleet.html").read_text()
    wrong = speedlab("fleet", "report", "--store", str(store), "--baseline", "nosuch", "-q")
    assert wrong.returncode == 2 and "not a machine of the store" in wrong.stderr
    empty = speedlab("fleet", "report", "--store", str(tmp_path / "nothing"), "-q")
    assert empty.returncode == 2 and "no fleet store" in empty.stderr


def test_history_flags_only_significant_changes_above_the_noise(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = golden()
    second = scaled(first, 1.0, "2026-12-05T00-00-00Z_vm", "2026-12-05T00:00:00+00:00")
    second["run"]["git"] = {"commit": "abcdef0123456789", "dirty": False}
    slower = next(c for c in second["cells"] if c["impl"] == "cpp.naive" and c["workload"] == "matmul")
    slower["repetitions_s"] = [t * 3 for t in slower["repetitions_s"]]
    slower["summary"]["median_s"] *= 3
    for name, document in (("one", first), ("two", second)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document))
        fleet_store.add(store, path)
    runs = fleet_store.load_store(store)["amd-epyc_2c_24gib_nogpu"]
    table = fleet_history.history_table("amd-epyc_2c_24gib_nogpu", runs)
    assert table.columns[4].endswith("@ 03a08a552d") and table.columns[5].endswith("@ abcdef0123")
    flagged = {(r[0], r[2], r[3]): r[-1] for r in table.rows if r[-1] != "—"}
    assert list(flagged) == [("matmul", "cpp.naive", "1")]  # identical cells: no change called
    assert "3× slower" in flagged[("matmul", "cpp.naive", "1")]
    done = speedlab("fleet", "history", "--store", str(store), "--machine", "amd-epyc_2c_24gib_nogpu", "-q")
    assert done.returncode == 0, done.stderr
    md = (store / "history-amd-epyc_2c_24gib_nogpu.md").read_text()
    assert "3× slower" in md and "charts/history-amd-epyc_2c_24gib_nogpu-matmul.svg" in md
    assert (store / "charts" / "history-amd-epyc_2c_24gib_nogpu-matmul.svg").read_text().startswith("<svg")


def test_fleet_run_on_a_two_worker_local_cluster(tmp_path: Path) -> None:
    """Two workers stand in for two hosts: one smoke run each, one after the other, both stored."""
    distributed = pytest.importorskip("distributed", reason="distributed is not installed (requirements.txt)")
    store = tmp_path / "store"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        done = speedlab(
            "fleet",
            "run",
            "--dask-scheduler",
            cluster.scheduler_address,
            "--each-worker",
            "--store",
            str(store),
            "--",
            "--preset",
            "smoke",
            "-w",
            "fib",
            "-i",
            "python.loops",
            "-i",
            "cpp.naive",
            "-r",
            "1",
            "--no-cold",
            "--no-ceilings",
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 of 2 host(s) stored" in done.stdout
    runs = fleet_store.load_store(store)
    assert len(runs) == 2 and all(machine.endswith(("-worker0", "-worker1")) for machine in runs)
    for history in runs.values():
        document = history[0].document
        assert document["run"]["fleet"]["worker"].startswith("tcp://")
        assert {c["impl"] for c in document["cells"] if c["status"] == "ok"} == {"python.loops", "cpp.naive"}
    started = sorted(h[0].document["run"]["started_utc"] for h in runs.values())
    finished = sorted(h[0].document["run"]["finished_utc"] for h in runs.values())
    assert finished[0] <= started[1]  # one after the other, never together


def test_fleet_run_with_a_wrong_address_says_so(tmp_path: Path) -> None:
    done = speedlab(
        "fleet",
        "run",
        "--dask-scheduler",
        "tcp://127.0.0.1:9",
        "--connect-timeout",
        "1",
        "--store",
        str(tmp_path / "store"),
        "--",
        "--preset",
        "smoke",
    )
    assert done.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1 s" in done.stderr
