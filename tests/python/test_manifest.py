"""The workloads manifest: loading, formulas, parameter checks, clear errors."""

import pytest

from conftest import FAKE_MANIFEST
from speedlab.manifest import Formula, ManifestError, load_manifest, load_workload


def test_the_real_manifest_loads_and_is_consistent():
    manifest = load_manifest()
    assert {"smoke", "quick", "full"} <= set(manifest.presets)
    assert list(manifest.tiers)[:3] == ["interpreted", "jit", "compiled"]
    for workload in manifest.workloads.values():
        assert workload.sizes["smoke"] and workload.sizes["quick"] and workload.sizes["full"]
        assert len(workload.sizes["full"]) >= 4, f"{workload.name}: the full preset sweeps at least 4 sizes"
        for preset in ("smoke", "quick", "full"):
            for params in workload.sizes[preset]:
                workload.check_params({**workload.defaults, **params})
        assert "python.loops" in workload.impls or "python.loops" in workload.not_applicable
        for impl in workload.impls.values():
            assert impl.description, f"{workload.name}/{impl.name} needs a one-line description"
        smoke = workload.sizes["smoke"][0]
        reference = workload.reference({**workload.defaults, **smoke})
        assert set(reference) == set(workload.checksums)


def test_leibniz_pi_entry():
    workload = load_manifest().workload("leibniz_pi")
    assert workload.size_param == "n"
    assert workload.flops({"n": 1000}) == 3000
    assert workload.bytes is None
    assert {"python.loops", "python.numpy", "java.loops", "cpp.naive", "cpp.simd", "cuda.naive"} <= set(workload.impls)
    assert workload.impls["cpp.simd"].threads == "multi"


def test_formulas():
    assert Formula("2 * n**3")({"n": 10}) == 2000
    assert Formula("4 * (n - 2)**2 * k")({"n": 4, "k": 3}) == 48
    assert Formula("n * log2(n)")({"n": 8}) == 24
    with pytest.raises(ManifestError, match="only arithmetic"):
        Formula("__import__('os')")
    with pytest.raises(ManifestError, match="not valid arithmetic"):
        Formula("2 *")
    with pytest.raises(ManifestError, match="'m', which is not a parameter"):
        Formula("m + 1")({"n": 1})


def test_parameter_checks_name_the_limit():
    workload = load_manifest().workload("leibniz_pi")
    with pytest.raises(ValueError, match=r"leibniz_pi: n=0 is out of range: number of terms must be at least 1"):
        workload.check_params({"n": 0})
    with pytest.raises(ValueError, match="has no parameter 'm'"):
        workload.check_params({"n": 1, "m": 2})


def test_unknown_workload_lists_the_known_ones():
    with pytest.raises(KeyError, match="unknown workload 'nope'; known workloads: .*leibniz_pi"):
        load_manifest().workload("nope")


def test_malformed_workload_files_are_named(tmp_path):
    tiers = {"compiled": ""}
    bad = tmp_path / "broken.toml"
    bad.write_text("name = 'broken'\nsize_param = 'n'\n[params.n]\n[checksums.checksum]\nrtol = 1e-9\n"
                   "[sizes]\nsmoke = [1]\n[impls.'cpp.x']\ntier = 'quantum'\ndescription = 'x'\n")
    with pytest.raises(ManifestError, match=r"broken.toml: impl 'cpp.x' has unknown tier 'quantum'"):
        load_workload(bad, tiers)
    bad.write_text("name = 'other'")
    with pytest.raises(ManifestError, match="must match the file name"):
        load_workload(bad, tiers)
    bad.write_text("name = ")
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_workload(bad, tiers)


def test_reference_can_live_beside_the_manifest():
    workload = load_manifest(FAKE_MANIFEST).workload("fake")
    assert workload.reference({"n": 7}) == {"checksum": 7.0}


def test_reference_gets_the_runs_seed_when_it_takes_one():
    workload = load_manifest(FAKE_MANIFEST).workload("fake")
    workload._reference = lambda params, seed=42: {"checksum": float(seed)}
    assert workload.reference({"n": 7}, seed=5) == {"checksum": 5.0}
    assert workload.reference({"n": 7}) == {"checksum": 42.0}
    workload._reference = lambda params: {"checksum": 1.0}  # no generated inputs: no seed parameter
    assert workload.reference({"n": 7}, seed=5) == {"checksum": 1.0}


def test_an_impl_may_have_its_own_tolerance(tmp_path):
    manifest = load_manifest(FAKE_MANIFEST)
    fake = manifest.workload("fake")
    assert fake.checksum_specs("fake.float32")["checksum"].rtol == 1e-5
    assert fake.checksum_specs("fake.ok")["checksum"].rtol == 1e-9
    text = (FAKE_MANIFEST / "workloads" / "fake.toml").read_text()
    broken = tmp_path / "fake.toml"
    broken.write_text(text.replace('[impls."fake.float32".checksums.checksum]', '[impls."fake.float32".checksums.other]'))
    with pytest.raises(ManifestError, match="impl 'fake.float32' sets a tolerance for other, which the workload "
                                            "does not report"):
        load_workload(broken, manifest.tiers)

