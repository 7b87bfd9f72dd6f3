"""The typed results model (model.py) and the migration of older results.json (migrate.py)."""

import copy
import json
from pathlib import Path

import pytest

from speedlab import migrate, model, results

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def v1_document(name: str = "results_golden.json") -> dict:
    """Fixtures written before schema_version, processes, precision and cores_used existed."""
    document = json.loads((FIXTURES / name).read_text())
    assert "schema_version" not in document
    assert not any("processes" in c or "precision" in c or "cores_used" in c for c in document["cells"])
    return document


@pytest.mark.parametrize("name", ["results_golden.json", "golden_run_a.json"])
def test_a_version_1_document_is_brought_up_to_the_current_layout(tmp_path, name):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(v1_document(name)))
    document = results.load(path)
    assert document["schema_version"] == model.SCHEMA_VERSION == 2
    assert document["schema"] == model.SCHEMA == "speedlab-results/1"  # still what fleet_run.py checks
    ok = [c for c in document["cells"] if c["status"] == "ok"]
    assert ok and all(c["precision"] == "float64" and "cores_used" in c for c in document["cells"])
    for cell in ok:
        if "repetitions_s" not in cell:  # results_golden.json keeps only the summary: no process to make
            assert "processes" not in cell and cell["summary"]["median_low_s"] is None
            continue
        (process,) = cell["processes"]  # one harness process holding the record's repetitions
        assert process["index"] == 0 and process["repetitions_s"] == cell["repetitions_s"]
        summary = cell["summary"]
        assert summary["median_low_s"] <= summary["median_s"] <= summary["median_high_s"]


def test_cores_used_comes_from_the_harness_cpu_time_where_the_raw_output_has_it():
    cell = {
        "status": "ok",
        "harness_output": {
            "benchmarks": [
                {"run_type": "iteration", "cpu_time": 2.0, "real_time": 1.0},
                {"run_type": "iteration", "cpu_time": 1.8, "real_time": 1.0},
                {"run_type": "iteration", "cpu_time": 1.9, "real_time": 1.0},
                {"run_type": "aggregate", "cpu_time": 9.0, "real_time": 1.0},
            ]
        },
    }
    assert migrate.complete_cell(copy.deepcopy(cell))["cores_used"] == pytest.approx(1.9)
    gpu = dict(copy.deepcopy(cell), end_to_end={"median_s": 2.0})  # CUDA events: cpu_time says nothing
    assert migrate.complete_cell(gpu)["cores_used"] is None
    assert migrate.complete_cell({"status": "ok", "cores_used": 1.5})["cores_used"] == 1.5  # kept as written


def test_a_dtype_cell_gets_its_precision_and_a_written_one_is_kept():
    assert migrate.complete_cell({"status": "skipped", "params": {"dtype": "bf16"}})["precision"] == "bf16"
    assert migrate.complete_cell({"status": "ok", "params": {}, "precision": "float32"})["precision"] == "float32"


def test_a_current_document_is_left_alone_and_a_newer_one_is_refused(tmp_path):
    current = migrate.upgrade(v1_document())
    assert migrate.upgrade(copy.deepcopy(current)) == current
    newer = dict(current, schema_version=model.SCHEMA_VERSION + 1)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(newer))
    with pytest.raises(ValueError, match="newer speedlab .*schema_version 3.* update speedlab"):
        results.load(path)
    with pytest.raises(migrate.MigrationError, match="whole number"):
        migrate.upgrade(dict(current, schema_version="2"))


def test_the_writer_writes_the_current_version(tmp_path):
    writer = results.ResultsWriter(tmp_path, {"schema": model.SCHEMA, "run": {"id": "x"}})
    writer.add({"status": "ok", "params": {}, "summary": {"median_s": 1.0}, "repetitions_s": [1.0, 1.1, 0.9]})
    written = json.loads((tmp_path / "results.json").read_text())
    assert written["schema_version"] == model.SCHEMA_VERSION
    (cell,) = written["cells"]
    assert cell["processes"][0]["repetitions_s"] == [1.0, 1.1, 0.9] and cell["precision"] == "float64"
    assert cell["summary"]["median_low_s"] is not None


def test_the_typed_run_reads_every_part_of_a_cell():
    run = model.Run.of(migrate.upgrade(json.loads((FIXTURES / "golden_axes.json").read_text())))
    assert run.schema_version == 2 and run.id == "golden-axes" and "gpu" in run.tiers
    by_name = {(c.impl, tuple(c.params.items())): c for c in run.cells}
    cublas = by_name[("cuda.cublas", (("n", 1024), ("dtype", "bf16")))]
    assert cublas.on_gpu and cublas.precision == "bf16" and cublas.seconds == 0.001
    assert cublas.kernel_only_end_to_end == 0.006 and cublas.counters["output_rel_error"] == 2e-3
    assert cublas.statistics.summary.repetitions == 5 and cublas.validation.ok
    skipped = by_name[("cpp.naive", (("n", 256), ("isa", "avx512")))]
    assert skipped.seconds is None and not skipped.failed and "avx512f" in skipped.reason
    naive = by_name[("cpp.naive", (("n", 256),))]
    assert naive.throughput.flops is None and naive.max_rss_kib == 51200 and not naive.approximate


def test_an_extrapolated_cell_is_approximate_and_an_impossible_time_is_a_failure():
    run = model.Run.of(json.loads((FIXTURES / "golden_run_a.json").read_text()))
    extrapolated = next(c for c in run.cells if c.status == "extrapolated")
    assert extrapolated.approximate and extrapolated.seconds == pytest.approx(1.5)
    assert extrapolated.statistics.extrapolated_s == extrapolated.seconds
    record = dict(next(c.record for c in run.cells if c.status == "ok"), summary={"median_s": 0.0})
    assert model.Cell.of(record).failed and model.Cell.of(record).seconds is None
