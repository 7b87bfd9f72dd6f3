"""The workloads manifest: benchmarks/suite.toml plus benchmarks/workloads/*.toml.

Everything the runner knows about a workload comes from here: its parameters
and their limits, sizes per preset, FLOP/byte/cost formulas, checksum
tolerances, the reference function, and each impl's tier, threading and
one-line description. Adding a workload adds a file; no runner code changes.

Parameters are integers (sizes: n, k) or *choices*: a symbol out of a fixed
set, with a default (dtype = float64 | float32 | ..., isa = x86-64 | avx2 |
...). A choice parameter is a measured axis: a cell at its default leaves it
out of its params (so the main tables and every older result stay as they
were), a cell at another value carries it (`dtype: "float32"`) and is shown
in the axis's comparison table. Each choice stands for a number in formulas
(dtype: bytes per element), and an impl runs only the values it declares
(`choices = { dtype = [...] }` in its entry; the default is always implied).
Choice parameters defined in suite.toml ([params.isa]) belong to every workload.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speedlab import error_bounds, layout
from speedlab.manifest_model import (  # noqa: F401  (re-exported: the model is part of this module's API)
    ChecksumSpec,
    Formula,
    HarnessSpec,
    ImplSpec,
    Manifest,
    ManifestError,
    ParamSpec,
    Preset,
    Workload,
    format_params,
    format_value,
    is_axis_cell,
)

DEFAULT_MANIFEST_DIR = layout.ROOT / "benchmarks"  # the repository's, or an install's share/speedlab


# ----------------------------------------------------------------- loading


PRECISIONS = ("float64", "float32", "tf32", "bf16", "float16")


def _precision(value: Any, where: str) -> str:
    if value not in PRECISIONS:
        raise ManifestError(f"{where}: precision = {value!r}: expected one of {', '.join(PRECISIONS)}")
    return value


def _require(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise ManifestError(f"{where}: missing '{key}'")
    return table[key]


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path}: not valid TOML: {error}") from None


def _size_value(value: Any, where: str) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ManifestError(f"{where}: parameter values are integers or choice names, got {value!r}")
    return value


def expand_entry(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A size entry whose values may be lists, crossed: {n = 8, isa = ["a", "b"]} -> two entries."""
    out: list[dict[str, Any]] = [{}]
    for key, value in entry.items():
        values = value if isinstance(value, list) else [value]
        out = [{**partial, key: v} for partial in out for v in values]
    return out


def _sizes(raw: Any, workload: str, size_param: str, where: str) -> list[dict[str, Any]]:
    """Size entries; a list value (isa = ["x86-64", "avx2"]) makes one entry per value."""
    out = []
    for entry in raw:
        if isinstance(entry, int):
            out.append({size_param: entry})
        elif isinstance(entry, dict):
            table = {
                str(k): ([_size_value(x, where) for x in v] if isinstance(v, list) else _size_value(v, where))
                for k, v in entry.items()
            }
            out += expand_entry(table)
        else:
            raise ManifestError(f"{where}: size entries are integers or tables, got {entry!r}")
    return out


_CHECKSUM_KEYS = {"rtol", "atol", "definition"}


def _checksum_spec(
    name: str, spec: dict[str, Any], where: str, choice_params: dict[str, "ParamSpec"], base: ChecksumSpec | None = None
) -> ChecksumSpec:
    if base is None:
        rtol = float(_require(spec, "rtol", f"{where}.{name}]"))
    else:
        rtol = float(spec.get("rtol", base.rtol))
    atol = float(spec.get("atol", base.atol if base else 0.0))
    definition = str(spec.get("definition", base.definition if base else ""))
    when: dict[tuple[str, str], ChecksumSpec] = {}
    for key, table in spec.items():
        if key in _CHECKSUM_KEYS:
            continue
        if base is not None or key not in choice_params:
            known = ", ".join(sorted(_CHECKSUM_KEYS | set(choice_params)))
            raise ManifestError(
                f"{where}.{name}]: unknown key '{key}' (known: {known}; a choice parameter's "
                f"name holds tolerances per value, e.g. dtype.float32.rtol = 1e-5)"
            )
        if not isinstance(table, dict):
            raise ManifestError(f"{where}.{name}]: {key} must be a table of values, e.g. {key}.VALUE.rtol = 1e-5")
        for value, value_spec in table.items():
            if value not in choice_params[key].choices:
                raise ManifestError(
                    f"{where}.{name}]: {key} has no choice '{value}' (choices: {', '.join(choice_params[key].choices)})"
                )
            when[(key, value)] = _checksum_spec(
                name,
                value_spec,
                f"{where}.{name}.{key}.{value}",
                choice_params,
                ChecksumSpec(name, rtol, atol, definition=definition),
            )
    return ChecksumSpec(name, rtol, atol, when, definition)


def _checksum_specs(
    table: dict[str, Any], where: str, choice_params: dict[str, "ParamSpec"] | None = None
) -> dict[str, ChecksumSpec]:
    return {name: _checksum_spec(name, spec, where, choice_params or {}) for name, spec in table.items()}


def _param_spec(name: str, spec: dict[str, Any], where: str) -> ParamSpec:
    raw_choices = spec.get("choices")
    if raw_choices is None:
        return ParamSpec(
            name,
            spec.get("description", name),
            int(spec.get("min", 1)),
            None if spec.get("max") is None else int(spec["max"]),
        )
    if isinstance(raw_choices, list):
        choices = {str(value): float(index) for index, value in enumerate(raw_choices)}
    elif isinstance(raw_choices, dict):
        choices = {str(value): float(number) for value, number in raw_choices.items()}
    else:
        raise ManifestError(f"{where} [params.{name}]: choices is a list of names or a table name = number")
    default = spec.get("default")
    if default not in choices:
        raise ManifestError(
            f"{where} [params.{name}]: default {default!r} is not one of the choices {', '.join(choices)}"
        )
    baseline = spec.get("baseline")
    if baseline is not None and baseline not in choices:
        raise ManifestError(f"{where} [params.{name}]: baseline {baseline!r} is not one of the choices")
    for value in choices:
        if not value or any(not (c.isalnum() or c in "_.-") for c in value) or value[0].isdigit():
            raise ManifestError(
                f"{where} [params.{name}]: choice {value!r} must be a name (letters, digits, "
                f"'_', '.', '-'; not starting with a digit)"
            )
    return ParamSpec(name, spec.get("description", name), 0, None, choices, default, baseline)


def load_workload(path: Path, tiers: dict[str, str], shared_params: dict[str, ParamSpec] | None = None) -> Workload:
    """One workload file; shared_params are the choice parameters of suite.toml (every workload has them)."""
    raw = _load_toml(path)
    where = str(path)
    name = _require(raw, "name", where)
    if name != path.stem:
        raise ManifestError(f"{where}: name '{name}' must match the file name '{path.stem}'")
    size_param = _require(raw, "size_param", where)
    params = {}
    for pname, spec in _require(raw, "params", where).items():
        params[pname] = _param_spec(pname, spec, where)
    if size_param not in params or params[size_param].is_choice:
        raise ManifestError(f"{where}: size_param '{size_param}' is not among the numeric params {list(params)}")
    for pname, spec in (shared_params or {}).items():
        params.setdefault(pname, spec)
    choice_params = {pname: spec for pname, spec in params.items() if spec.is_choice}
    counts = raw.get("counts", {})
    checksums = _checksum_specs(_require(raw, "checksums", where), f"{where} [checksums", choice_params)
    impls = {}
    for iname, spec in _require(raw, "impls", where).items():
        if "." not in iname:
            raise ManifestError(f"{where}: impl '{iname}' must be named language.variant")
        tier = _require(spec, "tier", f"{where} [impls.{iname}]")
        if tier not in tiers:
            raise ManifestError(f"{where}: impl '{iname}' has unknown tier '{tier}' (tiers: {', '.join(tiers)})")
        threads = spec.get("threads", "single")
        if threads not in ("single", "multi"):
            raise ManifestError(f"{where}: impl '{iname}' threads must be 'single' or 'multi'")
        own = _checksum_specs(spec.get("checksums", {}), f"{where} [impls.{iname}.checksums", choice_params)
        unknown = sorted(set(own) - set(checksums))
        if unknown:
            raise ManifestError(
                f"{where}: impl '{iname}' sets a tolerance for {', '.join(unknown)}, which the "
                f"workload does not report (checksums: {', '.join(checksums)})"
            )
        presets = spec.get("presets", [])
        if not isinstance(presets, list) or not all(isinstance(p, str) for p in presets):
            raise ManifestError(f"{where}: impl '{iname}' presets must be a list of preset names")
        supported = {}
        for pname, values in spec.get("choices", {}).items():
            if pname not in choice_params:
                raise ManifestError(
                    f"{where}: impl '{iname}' lists choices for '{pname}', which is not a choice "
                    f"parameter (choice parameters: {', '.join(choice_params) or 'none'})"
                )
            if not isinstance(values, list) or any(v not in choice_params[pname].choices for v in values):
                raise ManifestError(
                    f"{where}: impl '{iname}' choices.{pname} must be a list out of "
                    f"{', '.join(choice_params[pname].choices)}"
                )
            supported[pname] = tuple(values)
        memory = spec.get("memory")
        impls[iname] = ImplSpec(
            iname,
            tier,
            threads,
            _require(spec, "description", f"{where} [impls.{iname}]"),
            spec.get("notes", ""),
            own,
            supported,
            tuple(presets),
            Formula(str(memory)) if memory is not None else None,
            Formula(str(spec["cost"])) if spec.get("cost") is not None else None,
        )
    sizes = {
        preset: _sizes(entries, name, size_param, f"{where} [sizes.{preset}]")
        for preset, entries in _require(raw, "sizes", where).items()
    }
    flops = counts.get("flops")
    nbytes = counts.get("bytes")
    workload = Workload(
        name=name,
        title=raw.get("title", name),
        description=raw.get("description", ""),
        size_param=size_param,
        params=params,
        flops=Formula(flops) if flops not in (None, "0") else None,
        bytes=Formula(nbytes) if nbytes not in (None, "0") else None,
        cost=Formula(counts.get("cost", size_param)),
        checksums=checksums,
        sizes=sizes,
        impls=impls,
        not_applicable=dict(raw.get("not_applicable", {})),
        reference_path=_require(raw, "reference", where),
        source=path,
        defaults={k: int(v) for k, v in raw.get("defaults", {}).items()},
        memory=Formula(str(counts["memory"])) if counts.get("memory") is not None else None,
        error_bounds=error_bounds.parse(raw.get("error_bounds"), where, choice_params, ManifestError),
        precision=_precision(raw.get("precision", "float64"), where),
    )
    # Formulas see a choice as its number (dtype: bytes per element), an absent one as its default's.
    for attribute in ("flops", "bytes", "cost", "memory"):
        formula = getattr(workload, attribute)
        if formula is not None:
            setattr(workload, attribute, _WorkloadFormula(formula.text, workload))
    for impl in workload.impls.values():
        for attribute in ("memory", "cost"):  # an impl's own formulas, evaluated like the workload's
            if getattr(impl, attribute) is not None:
                object.__setattr__(impl, attribute, _WorkloadFormula(getattr(impl, attribute).text, workload))
    _check_memory_formulas(workload, where)
    return workload


def _check_memory_formulas(workload: Workload, where: str) -> None:
    """A memory formula that cannot be evaluated would stop a run at its first cell: evaluate every one at every
    preset size now and say which is wrong."""
    for impl in workload.impls:
        formula = workload.memory_formula(impl)
        if formula is None:
            continue
        for entries in workload.sizes.values():
            for params in entries:
                try:
                    value = formula({**workload.defaults, **params})
                except (ManifestError, ArithmeticError, TypeError, ValueError) as error:
                    raise ManifestError(
                        f"{where}: memory formula '{formula.text}' of {impl} fails at {format_params(params)}: {error}"
                    ) from None
                if not value > 0:
                    raise ManifestError(
                        f"{where}: memory formula '{formula.text}' of {impl} gives {value} bytes at "
                        f"{format_params(params)}; peak memory is a positive number of bytes"
                    )


@dataclass(frozen=True)
class _WorkloadFormula(Formula):
    """A workload's formula, called with a cell's params (choices by name, defaults left out)."""

    workload: Any = field(default=None, repr=False, compare=False, hash=False)

    def __call__(self, params: dict[str, Any]) -> float:
        return super().__call__(self.workload.numbers(params))


def load_manifest(directory: Path | None = None) -> Manifest:
    directory = Path(directory or DEFAULT_MANIFEST_DIR)
    suite_path = directory / "suite.toml"
    if not suite_path.exists():
        raise ManifestError(f"no suite.toml in {directory}")
    suite = _load_toml(suite_path)
    harnesses = {
        name: HarnessSpec(
            name,
            list(spec["command"]),
            spec.get("requires", ""),
            spec.get("missing", f"harness '{name}' is not available"),
        )
        for name, spec in _require(suite, "harnesses", str(suite_path)).items()
    }
    tiers = dict(_require(suite, "tiers", str(suite_path)))
    presets = {
        name: Preset(
            name,
            spec.get("description", ""),
            int(spec["repetitions"]),
            float(spec["min_time"]),
            float(spec["warmup"]),
            float(spec["cell_budget"]),
            float(spec["timeout"]),
            [str(t) for t in spec.get("threads", ["1"])],
            bool(spec.get("cold", True)),
            bool(spec.get("measure_ceilings", True)),
            [str(t) for t in spec["sweep_threads"]] if "sweep_threads" in spec else None,
            int(spec.get("processes", 1)),
            int(spec.get("noisy_retries", 1)),
        )
        for name, spec in _require(suite, "presets", str(suite_path)).items()
    }
    shared_params = {name: _param_spec(name, spec, str(suite_path)) for name, spec in suite.get("params", {}).items()}
    plain = [name for name, spec in shared_params.items() if not spec.is_choice]
    if plain:
        raise ManifestError(
            f"{suite_path}: [params.{plain[0]}] must be a choice parameter (choices, default): "
            f"numeric parameters belong to a workload"
        )
    workloads = {}
    for path in sorted((directory / "workloads").glob("*.toml")):
        workload = load_workload(path, tiers, shared_params)
        for iname, impl in workload.impls.items():
            if iname.split(".", 1)[0] not in harnesses:
                raise ManifestError(f"{path}: impl '{iname}' has no harness '{iname.split('.', 1)[0]}' in suite.toml")
            unknown = [p for p in impl.presets if p not in presets]
            if unknown:
                raise ManifestError(
                    f"{path}: impl '{iname}' lists unknown preset(s) {', '.join(unknown)} "
                    f"(presets: {', '.join(presets)})"
                )
        workloads[workload.name] = workload
    return Manifest(directory, harnesses, tiers, presets, workloads)
