"""`speedlab profile`: the files each profiler writes, parsed; perf's fallback where it cannot run."""

import json
import os
import stat

from click.testing import CliRunner

from python_baselines import profile_cell
from speedlab import profilers
from speedlab.cli import cli

ARGS = ["--run", "matmul/python.loops", "--param", "n=24", "--seconds", "0.05"]


def test_cprofile_finds_the_kernel_and_line_profiler_the_inner_loop(tmp_path):
    assert profile_cell.main([*ARGS, "--mode", "cprofile", "--out", str(tmp_path)]) == 0
    stats = json.loads((tmp_path / "cprofile.json").read_text())
    assert stats["top"][0]["function"] == "matmul_loops" and stats["kernel"]["function"] == "matmul_loops"
    assert stats["top"][0]["share"] > 0.5 and stats["calls"] >= 1
    assert "matmul_loops" in (tmp_path / "cprofile.txt").read_text()
    kernel = stats["kernel"]
    spec = f"{kernel['file']}:{kernel['line']}:{kernel['function']}"
    assert profile_cell.main([*ARGS, "--mode", "lines", "--out", str(tmp_path), "--function", spec]) == 0
    lines = json.loads((tmp_path / "lines.json").read_text())
    by_source = {row["source"]: row for row in lines["lines"]}
    inner = by_source["total += a_row[k] * b[k][j]"]
    assert inner["hits"] == 24**3  # once per multiply-add: the innermost line
    hottest = max(lines["lines"], key=lambda row: row["share"])
    assert hottest["source"] in ("total += a_row[k] * b[k][j]", "for k in range(n):")
    assert inner["share"] + by_source["for k in range(n):"]["share"] > 0.6
    assert abs(sum(row["share"] for row in lines["lines"]) - 1.0) < 1e-9


def test_tracemalloc_reports_a_peak_and_the_input_site(tmp_path):
    assert profile_cell.main([*ARGS, "--mode", "memory", "--out", str(tmp_path)]) == 0
    memory = json.loads((tmp_path / "memory.json").read_text())
    assert memory["peak_bytes"] > 2 * 24 * 24 * 24  # two input matrices as lists of floats, at least
    assert any("tolist" in site["source"] for site in memory["sites"])
    assert not any("importlib" in site["site"] for site in memory["sites"])  # imports are not the cell's


def test_an_unknown_impl_is_exit_status_2(tmp_path, capsys):
    assert profile_cell.main(["--run", "matmul/python.nope", "--mode", "plain", "--out", str(tmp_path)]) == 2
    assert "unknown implementation" in capsys.readouterr().err


def fake_tool(tmp_path, name, body):
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_perf_missing_or_refused_says_so_and_how_to_fix_it(tmp_path):
    missing = profilers.profile_perf(["true"], dict(os.environ), tmp_path, tmp_path, perf="no-such-perf-here")
    assert not missing.available and "perf is not available" in missing.lines[0]
    assert "linux-perf" in missing.lines[0]
    refusing = fake_tool(tmp_path, "perf", "echo 'Error: Access to performance monitoring is restricted' >&2; exit 255")
    refused = profilers.profile_perf(["true"], dict(os.environ), tmp_path, tmp_path, perf=refusing)
    assert not refused.available and "'perf record' failed" in refused.lines[0]
    assert "restricted" in refused.lines[0] and "perf_event_paranoid" in refused.lines[0]


PERF_REPORT = """# Samples: 1K of event 'cpu-clock'
#
# Overhead  Symbol
# ........  ..........
#
    91.32%  [.] speedlab::matmul_naive(double const*, double const*, double*, long)
     5.10%  [k] clear_page_erms
     2.00%  [.] speedlab::uniform_array      -      -
"""

PERF_STAT = """1234567,,cpu-clock,100,100.00,,
<not supported>,,cycles,0,100.00,,
<not supported>,,instructions,0,100.00,,
<not supported>,,cache-references,0,100.00,,
<not supported>,,cache-misses,0,100.00,,
"""


def test_perf_output_is_parsed_and_missing_counters_are_not_available():
    rows = profilers.parse_perf_report(PERF_REPORT)
    assert rows[0]["symbol"] == "speedlab::matmul_naive(double const*, double const*, double*, long)"
    assert abs(rows[0]["share"] - 0.9132) < 1e-12
    assert [row["symbol"] for row in rows[1:]] == ["clear_page_erms", "speedlab::uniform_array"]
    counts = profilers.parse_perf_stat(PERF_STAT)
    assert counts == {"cycles": None, "instructions": None, "cache-references": None, "cache-misses": None}
    assert "not available in this VM" in profilers.counters_lines(counts)[0]
    real = profilers.parse_perf_stat("2000,,cycles,1,100,,\n5000,,instructions,1,100,,\n")
    assert profilers.counters_lines(real) == ["IPC: 2.50 instructions per cycle"]


def test_jfr_samples_are_counted_by_their_top_frame():
    def sample(owner, name):
        return {
            "type": "jdk.ExecutionSample",
            "values": {
                "stackTrace": {
                    "frames": [
                        {"method": {"type": {"name": owner}, "name": name}, "lineNumber": 3},
                        {"method": {"type": {"name": "speedlab.Harness"}, "name": "main"}},
                    ]
                }
            },
        }

    document = {
        "recording": {
            "events": [sample("speedlab.workloads.Matmul", "naive")] * 3 + [sample("java.util.Arrays", "fill")]
        }
    }
    rows = profilers.parse_jfr_samples(document)
    assert rows[0] == {"method": "speedlab.workloads.Matmul.naive", "samples": 3, "share": 0.75}
    assert rows[1]["method"] == "java.util.Arrays.fill"


def test_the_command_writes_a_linked_profile_folder_that_says_it_is_not_a_timing(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    result = CliRunner().invoke(
        cli, ["profile", "matmul", "python.loops", "-s", "16", "--seconds", "0.1", "--into", str(run)]
    )
    assert result.exit_code == 0, result.output
    (folder,) = (run / "profiles").iterdir()
    text = (folder / "profile.md").read_text()
    assert "A profile is not a timing" in text and "matmul_loops" in text
    document = json.loads((folder / "profile.json").read_text())
    assert document["cell"]["params"]["n"] == 16
    from speedlab.profile import report_links

    assert f"profiles/{folder.name}/profile.md" in "\n".join(report_links(run))


def test_an_unknown_workload_or_impl_is_a_usage_error():
    result = CliRunner().invoke(cli, ["profile", "matmul", "python.nope"])
    assert result.exit_code == 2 and "has no impl 'python.nope'" in result.output


def test_line_profiler_finds_a_method_of_the_impls_code():
    from python_baselines.workloads import dataloader

    code = dataloader.Cell.step.__code__
    assert profile_cell.find_function(f"{code.co_filename}:{code.co_firstlineno}:step") is dataloader.Cell.step
