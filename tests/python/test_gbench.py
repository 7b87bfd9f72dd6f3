"""The runner's one parser for every harness's output."""

import pytest

from speedlab import gbench

CPP_OUTPUT = """{
  "context": {"date": "2026-11-29", "library_build_type": "release"},
  "benchmarks": [
    {"name": "w/cpp.x/n:10/threads:1/real_time", "run_name": "w/cpp.x/n:10/threads:1/real_time",
     "run_type": "iteration", "repetitions": 2, "repetition_index": 0, "threads": 1, "iterations": 100,
     "real_time": 2000.0, "cpu_time": 1900.0, "time_unit": "ns", "checksum": 3.5, "end_to_end_s": 4e-6,
     "workload": "w", "impl": "cpp.x", "params": {"n": 10, "threads": 1}},
    {"name": "w/cpp.x/n:10/threads:1/real_time", "run_name": "w/cpp.x/n:10/threads:1/real_time",
     "run_type": "iteration", "repetitions": 2, "repetition_index": 1, "threads": 1, "iterations": 100,
     "real_time": 4.0, "cpu_time": 4.0, "time_unit": "us", "checksum": 3.5, "end_to_end_s": 6e-6},
    {"name": "w/cpp.x/n:10/threads:1/real_time_mean", "run_type": "aggregate", "aggregate_name": "mean",
     "real_time": 3000.0, "cpu_time": 2950.0, "time_unit": "ns", "checksum": 3.5}
  ]
}"""


def test_parses_repetitions_in_seconds_and_ignores_aggregates():
    parsed = gbench.parse(CPP_OUTPUT)
    assert [rep.real_s for rep in parsed.repetitions] == pytest.approx([2e-6, 4e-6])
    assert parsed.repetitions[0].iterations == 100
    assert parsed.counter_values("checksum") == [3.5, 3.5]
    assert parsed.counter_values("end_to_end_s") == [4e-6, 6e-6]
    assert "workload" not in parsed.repetitions[0].counters  # structured fields are not counters
    assert parsed.name == "w/cpp.x/n:10/threads:1/real_time"


def test_nan_counters_as_google_benchmark_writes_them():
    text = CPP_OUTPUT.replace('"checksum": 3.5, "end_to_end_s": 4e-6', '"checksum": NaN, "end_to_end_s": 4e-6')
    parsed = gbench.parse(text)
    assert str(parsed.counter_values("checksum")[0]) == "nan"


def test_skipped_and_error_entries():
    skipped = gbench.parse('{"benchmarks": [{"name": "x", "skipped": true, "skip_message": "no GPU"}]}')
    assert skipped.skipped == "no GPU" and skipped.repetitions == []
    errored = gbench.parse('{"benchmarks": [{"name": "x", "error_occurred": true, "error_message": "bad n"}]}')
    assert errored.error == "bad n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "printed nothing"),
        ("hello", "not JSON"),
        ("[1, 2]", "not Google Benchmark's format"),
        ('{"benchmarks": []}', "no measured repetitions"),
        ('{"benchmarks": [{"name": "x", "run_type": "iteration"}]}', "lacks 'real_time'"),
        (
            '{"benchmarks": [{"name": "x", "real_time": 1, "time_unit": "fortnights"}]}',
            "unknown time_unit 'fortnights'",
        ),
        ('{"benchmarks": [{"name": "x", "real_time": "fast"}]}', "non-numeric time"),
    ],
)
def test_garbage_is_a_clear_error(text, message):
    with pytest.raises(gbench.HarnessOutputError, match=message):
        gbench.parse(text)


def test_summary_statistics():
    summary = gbench.summarize([1.0, 2.0, 3.0, 10.0], iterations=7)
    assert summary.median_s == 2.5 and summary.min_s == 1.0 and summary.max_s == 10.0
    assert summary.mean_s == 4.0 and summary.repetitions == 4 and summary.iterations == 7
    assert summary.cv == pytest.approx(summary.stddev_s / 4.0)
    assert gbench.summarize([5.0]).stddev_s == 0.0
