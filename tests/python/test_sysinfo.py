"""Machine facts: present, typed, and never an exception."""

from speedlab import sysinfo


def test_collect_records_the_machine():
    facts = sysinfo.collect()
    cpu = facts["cpu"]
    assert cpu["logical_cpus"] >= 1 and cpu["usable_cpus"] >= 1
    assert isinstance(cpu["simd"], list) and isinstance(cpu["caches"], list)
    assert facts["memory"]["total_bytes"] > 2**20
    assert facts["gpu"]["present"] in (True, False)
    if not facts["gpu"]["present"]:
        assert facts["gpu"]["reason"]
    assert facts["python"]["numpy"]
    assert facts["toolchain"]["java"] != ""


def test_missing_tools_are_recorded_not_raised(monkeypatch):
    monkeypatch.setattr(sysinfo.shutil, "which", lambda name: None)
    facts = sysinfo.collect()
    assert facts["gpu"] == {"present": False, "reason": "nvidia-smi not found"}
    assert facts["toolchain"]["nvcc"] == "not found"


def test_card_lines_for_a_sparse_machine():
    lines = dict(sysinfo.card({"cpu": {"model": "X", "logical_cpus": 4}, "gpu": {"present": False,
                                                                                  "reason": "none here"}}))
    assert lines["CPU"].startswith("X, ? cores / 4 threads")
    assert lines["GPU"] == "none (none here)"
