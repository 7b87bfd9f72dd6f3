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
    bad.write_text(
        "name = 'broken'\nsize_param = 'n'\n[params.n]\n[checksums.checksum]\nrtol = 1e-9\n"
        "[sizes]\nsmoke = [1]\n[impls.'cpp.x']\ntier = 'quantum'\ndescription = 'x'\n"
    )
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
    broken.write_text(
        text.replace('[impls."fake.float32".checksums.checksum]', '[impls."fake.float32".checksums.other]')
    )
    with pytest.raises(
        ManifestError, match="impl 'fake.float32' sets a tolerance for other, which the workload does not report"
    ):
        load_workload(broken, manifest.tiers)


def test_choice_parameters_defaults_formulas_and_tolerances():
    workload = load_manifest().workload("matmul")
    dtype = workload.params["dtype"]
    assert dtype.is_choice and dtype.default == "float64" and list(dtype.choices)[:2] == ["float64", "float32"]
    isa = workload.params["isa"]  # from suite.toml: every workload has it
    assert (isa.default, isa.compare_to) == ("native", "x86-64")
    assert load_manifest().workload("fib").params["isa"].default == "native"
    # Defaults are left out of a cell's params; formulas see a choice as its number (bytes per element).
    assert workload.normalize({"n": 8, "dtype": "float64", "isa": "avx2"}) == {"n": 8, "isa": "avx2"}
    assert workload.bytes({"n": 10}) == 2400 and workload.bytes({"n": 10, "dtype": "float32"}) == 1200
    assert workload.bytes({"n": 10, "dtype": "bf16"}) == 800  # bfloat16 A and B, a float32 C
    assert workload.flops({"n": 10, "dtype": "float32"}) == 2000
    # Tolerances: the value's own where it has one; impls run the values they declare, float64 always.
    specs = workload.checksum_specs("cpp.naive", {"n": 8, "dtype": "float32"})
    assert specs["checksum"].rtol == 1e-6 and workload.checksum_specs("cpp.naive", {"n": 8})["checksum"].rtol == 1e-12
    assert workload.checksum_specs("cuda.cublas", {"n": 8, "dtype": "bf16"})["checksum_weighted"].rtol == 1e-2
    assert workload.impls["cpp.naive"].supports("dtype", "float32", "float64")
    assert not workload.impls["cpp.tiled"].supports("dtype", "float32", "float64")
    assert workload.impls["cpp.tiled"].supports("dtype", "float64", "float64")
    with pytest.raises(
        ValueError,
        match=r"matmul: dtype=float16 is not one of its choices: .* is one of float64, "
        r"float32, tf32, bf16",
    ):
        workload.check_params({"n": 8, "dtype": "float16"})


def test_size_entries_with_lists_are_crossed():
    from speedlab.manifest import expand_entry

    assert expand_entry({"n": 8, "isa": ["a", "b"], "dtype": ["x", "y"]}) == [
        {"n": 8, "isa": "a", "dtype": "x"},
        {"n": 8, "isa": "a", "dtype": "y"},
        {"n": 8, "isa": "b", "dtype": "x"},
        {"n": 8, "isa": "b", "dtype": "y"},
    ]


def test_malformed_choice_parameters_are_named(tmp_path):
    tiers = {"compiled": ""}
    bad = tmp_path / "choosy.toml"
    head = "name = 'choosy'\nsize_param = 'n'\nreference = 'x:y'\n[params.n]\n"
    bad.write_text(
        head + "[params.dtype]\nchoices = ['a', 'b']\ndefault = 'c'\n[checksums.checksum]\nrtol = 1e-9\n"
        "[sizes]\nsmoke = [1]\n[impls.'cpp.x']\ntier = 'compiled'\ndescription = 'x'\n"
    )
    with pytest.raises(ManifestError, match=r"\[params.dtype\]: default 'c' is not one of the choices a, b"):
        load_workload(bad, tiers)
    bad.write_text(
        head + "[params.dtype]\nchoices = ['a', 'b']\ndefault = 'a'\n[checksums.checksum]\nrtol = 1e-9\n"
        "dtype.c.rtol = 1\n[sizes]\nsmoke = [1]\n[impls.'cpp.x']\ntier = 'compiled'\ndescription = 'x'\n"
    )
    with pytest.raises(ManifestError, match=r"dtype has no choice 'c' \(choices: a, b\)"):
        load_workload(bad, tiers)
    bad.write_text(
        head + "[params.dtype]\nchoices = ['a', 'b']\ndefault = 'a'\n[checksums.checksum]\nrtol = 1e-9\n"
        "[sizes]\nsmoke = [1]\n[impls.'cpp.x']\ntier = 'compiled'\ndescription = 'x'\n"
        "choices = { dtype = ['a', 'z'] }\n"
    )
    with pytest.raises(ManifestError, match=r"impl 'cpp.x' choices.dtype must be a list out of a, b"):
        load_workload(bad, tiers)
    bad.write_text(
        head + "[checksums.checksum]\nrtol = 1e-9\n[sizes]\nsmoke = [1]\n[impls.'cpp.x']\n"
        "tier = 'compiled'\ndescription = 'x'\nchoices = { dtype = ['a'] }\n"
    )
    with pytest.raises(ManifestError, match=r"lists choices for 'dtype', which is not a choice parameter"):
        load_workload(bad, tiers)


def test_the_quick_preset_sweeps_isa_and_dtype_on_one_thread():
    from speedlab.run import Settings, plan

    manifest = load_manifest()
    settings = Settings.from_preset(manifest.presets["quick"], threads=None)
    cells = plan(manifest, settings, ["matmul"])
    isa_cells = [c for c in cells if "isa" in c.params]
    assert {c.params["isa"] for c in isa_cells} == {"x86-64", "avx2", "avx512"}
    assert {c.impl.name for c in isa_cells} == {"cpp.naive", "cpp.loop_order", "cpp.tiled", "cpp.eigen", "cpp.openblas"}
    assert {c.threads for c in isa_cells} == {1}  # sweep_threads = ["1"]
    float32 = {c.impl.name for c in cells if c.params.get("dtype") == "float32"}
    assert "cpp.tiled" not in float32 and "python.loops" not in float32  # float64 only: not planned
    assert {"python.numpy", "java.loops", "cpp.naive", "cpp.openblas", "cuda.cublas"} <= float32
    assert {c.impl.name for c in cells if c.params.get("dtype") == "tf32"} == {"cuda.cublas", "python.cupy"}
    assert {c.impl.name for c in cells if c.params.get("dtype") == "bf16"} == {"cuda.cublas"}
    main = [c for c in cells if not c.is_axis]
    assert {c.threads for c in main if c.impl.name == "cpp.tiled"} == {1, len(__import__("os").sched_getaffinity(0))}
