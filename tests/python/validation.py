"""The runner's own validation (Runner._validate), called on counters the tests make: a correct output's
checksums, a corrupted one's, an error counter past its bound. Not a test file: the tests import it."""

from __future__ import annotations

import json

from speedlab import gbench
from speedlab.manifest import load_manifest
from speedlab.run import Cell, Runner, Settings

MANIFEST = load_manifest()


def validate(workload_name: str, impl: str, params: dict, *repetitions: dict[str, float]) -> dict:
    """What the runner decides for a cell whose harness reported these counters, one dict per repetition
    (the reference comes from the workload's manifest entry, at seed 42)."""
    workload = MANIFEST.workload(workload_name)
    cell = Cell(workload, workload.impls[impl], dict(params), 1)
    entries = [
        {
            "name": cell.name,
            "run_type": "iteration",
            "repetition_index": index,
            "iterations": 1,
            "real_time": 1.0,
            "cpu_time": 1.0,
            "time_unit": "ns",
            **counters,
        }
        for index, counters in enumerate(repetitions)
    ]
    parsed = gbench.parse(json.dumps({"context": {}, "benchmarks": entries}))
    runner = Runner(MANIFEST, None, Settings.from_preset(MANIFEST.presets["smoke"]))
    return runner._validate(cell, parsed)
