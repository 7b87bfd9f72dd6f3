"""The workloads manifest: benchmarks/suite.toml plus benchmarks/workloads/*.toml.

Everything the runner knows about a workload comes from here: its parameters
and their limits, sizes per preset, FLOP/byte/cost formulas, checksum
tolerances, the reference function, and each impl's tier, threading and
one-line description. Adding a workload adds a file; no runner code changes.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import math
import operator
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

DEFAULT_MANIFEST_DIR = Path(__file__).resolve().parents[2] / "benchmarks"


class ManifestError(Exception):
    """The manifest is malformed; the message names the file and the field."""


# ----------------------------------------------------------------- formulas

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow, ast.FloorDiv: operator.floordiv}
_FUNCTIONS: dict[str, Callable[..., float]] = {"log2": math.log2, "log": math.log, "sqrt": math.sqrt,
                                               "min": min, "max": max}


@dataclass(frozen=True)
class Formula:
    """An arithmetic expression over the workload's parameters, e.g. "2 * n**3"."""

    text: str

    def __post_init__(self):
        try:
            tree = ast.parse(self.text, mode="eval")
        except SyntaxError as error:
            raise ManifestError(f"formula '{self.text}' is not valid arithmetic: {error.msg}") from None
        for node in ast.walk(tree):
            allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.Constant, ast.Name, ast.Load,
                       ast.Call, *_BINARY)
            if not isinstance(node, allowed):
                raise ManifestError(f"formula '{self.text}' uses {type(node).__name__}; only arithmetic is allowed")
            if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS):
                raise ManifestError(f"formula '{self.text}' calls something other than {', '.join(_FUNCTIONS)}; "
                                    f"only arithmetic is allowed")

    def __call__(self, params: dict[str, int]) -> float:
        return float(self._eval(ast.parse(self.text, mode="eval").body, params))

    def _eval(self, node: ast.AST, params: dict[str, int]) -> float:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in params:
                raise ManifestError(f"formula '{self.text}' uses '{node.id}', which is not a parameter")
            return params[node.id]
        if isinstance(node, ast.UnaryOp):
            return -self._eval(node.operand, params)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](self._eval(node.left, params), self._eval(node.right, params))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS:
            return _FUNCTIONS[node.func.id](*(self._eval(arg, params) for arg in node.args))
        raise ManifestError(f"formula '{self.text}': unsupported expression")


def _import(module_name: str, manifest_dir: Path):
    """A reference module: importable by name, or a .py file beside suite.toml."""
    try:
        return importlib.import_module(module_name)
    except ImportError:
        path = manifest_dir / f"{module_name.replace('.', '/')}.py"
        if not path.exists():
            raise
        spec = importlib.util.spec_from_file_location(f"speedlab_manifest_{module_name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


# ----------------------------------------------------------------- model

@dataclass(frozen=True)
class ParamSpec:
    name: str
    description: str
    minimum: int
    maximum: int | None


@dataclass(frozen=True)
class ChecksumSpec:
    name: str
    rtol: float
    atol: float = 0.0


@dataclass(frozen=True)
class ImplSpec:
    name: str  # "language.variant"
    tier: str
    threads: str  # "single" or "multi"
    description: str
    notes: str = ""
    # Tolerances of this impl that differ from the workload's (a float32
    # variant of a float64 workload), from [impls."X".checksums.NAME].
    checksums: dict[str, ChecksumSpec] = field(default_factory=dict, hash=False, compare=False)
    # The presets that run this impl when --impls does not select it (empty: every preset). An
    # expensive lesson can run in `full` only and keep `make bench` (quick) short.
    presets: tuple[str, ...] = ()

    @property
    def language(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass
class Workload:
    name: str
    title: str
    description: str
    size_param: str
    params: dict[str, ParamSpec]
    flops: Formula | None
    bytes: Formula | None
    cost: Formula
    checksums: dict[str, ChecksumSpec]
    sizes: dict[str, list[dict[str, int]]]
    impls: dict[str, ImplSpec]
    not_applicable: dict[str, str]
    reference_path: str
    source: Path
    defaults: dict[str, int] = field(default_factory=dict)
    _reference: Callable[[dict[str, int]], dict[str, float]] | None = field(default=None, repr=False)

    def reference(self, params: dict[str, int], seed: int = 42) -> dict[str, float]:
        """The reference checksums for these parameters (imported lazily). A workload whose inputs come
        from the generator declares `reference(params, seed=42)` and gets the run's seed; one without
        generated inputs declares `reference(params)`."""
        if self._reference is None:
            module_name, _, function = self.reference_path.partition(":")
            try:
                module = _import(module_name, self.source.parent.parent)
                self._reference = getattr(module, function)
            except (ImportError, AttributeError) as error:
                raise ManifestError(f"{self.source}: reference '{self.reference_path}' cannot be loaded: {error}")
        if "seed" in inspect.signature(self._reference).parameters:
            return self._reference(params, seed=seed)
        return self._reference(params)

    def checksum_specs(self, impl: str) -> dict[str, ChecksumSpec]:
        """The tolerances that apply to one impl: the workload's, with the impl's own where it has them."""
        spec = self.impls.get(impl)
        return {**self.checksums, **(spec.checksums if spec else {})}

    def check_params(self, params: dict[str, int]) -> None:
        """Raises ValueError naming the parameter, its limits and the fix."""
        for name, value in params.items():
            spec = self.params.get(name)
            if spec is None:
                raise ValueError(f"{self.name} has no parameter '{name}' (it has: {', '.join(self.params)})")
            upper = "" if spec.maximum is None else f", at most {spec.maximum:,}"
            if value < spec.minimum or (spec.maximum is not None and value > spec.maximum):
                raise ValueError(f"{self.name}: {name}={value:,} is out of range: {spec.description} must be "
                                 f"at least {spec.minimum:,}{upper}")
        missing = set(self.params) - set(params)
        if missing:
            raise ValueError(f"{self.name}: missing parameter(s) {', '.join(sorted(missing))}")

    def size_of(self, params: dict[str, int]) -> int:
        return params[self.size_param]


@dataclass(frozen=True)
class HarnessSpec:
    name: str
    command: list[str]
    requires: str
    missing: str


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    repetitions: int
    min_time: float
    warmup: float
    cell_budget: float
    timeout: float
    threads: list[str]
    cold: bool = True  # also time one whole process per cell (cold start)
    measure_ceilings: bool = True  # measure this machine's ceilings if not cached


@dataclass
class Manifest:
    directory: Path
    harnesses: dict[str, HarnessSpec]
    tiers: dict[str, str]  # name -> description, in reading order
    presets: dict[str, Preset]
    workloads: dict[str, Workload]

    def workload(self, name: str) -> Workload:
        if name not in self.workloads:
            raise KeyError(f"unknown workload '{name}'; known workloads: {', '.join(self.workloads)}")
        return self.workloads[name]

    def tier_rank(self, tier: str) -> int:
        return list(self.tiers).index(tier) if tier in self.tiers else len(self.tiers)


# ----------------------------------------------------------------- loading

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


def _sizes(raw: Any, workload: str, size_param: str, where: str) -> list[dict[str, int]]:
    out = []
    for entry in raw:
        if isinstance(entry, int):
            out.append({size_param: entry})
        elif isinstance(entry, dict):
            out.append({str(k): int(v) for k, v in entry.items()})
        else:
            raise ManifestError(f"{where}: size entries are integers or tables, got {entry!r}")
    return out


def _checksum_specs(table: dict[str, Any], where: str) -> dict[str, ChecksumSpec]:
    return {name: ChecksumSpec(name, float(_require(spec, "rtol", f"{where}.{name}]")), float(spec.get("atol", 0.0)))
            for name, spec in table.items()}


def load_workload(path: Path, tiers: dict[str, str]) -> Workload:
    raw = _load_toml(path)
    where = str(path)
    name = _require(raw, "name", where)
    if name != path.stem:
        raise ManifestError(f"{where}: name '{name}' must match the file name '{path.stem}'")
    size_param = _require(raw, "size_param", where)
    params = {}
    for pname, spec in _require(raw, "params", where).items():
        params[pname] = ParamSpec(pname, spec.get("description", pname), int(spec.get("min", 1)),
                                  None if spec.get("max") is None else int(spec["max"]))
    if size_param not in params:
        raise ManifestError(f"{where}: size_param '{size_param}' is not among params {list(params)}")
    counts = raw.get("counts", {})
    checksums = _checksum_specs(_require(raw, "checksums", where), f"{where} [checksums")
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
        own = _checksum_specs(spec.get("checksums", {}), f"{where} [impls.{iname}.checksums")
        unknown = sorted(set(own) - set(checksums))
        if unknown:
            raise ManifestError(f"{where}: impl '{iname}' sets a tolerance for {', '.join(unknown)}, which the "
                                f"workload does not report (checksums: {', '.join(checksums)})")
        presets = spec.get("presets", [])
        if not isinstance(presets, list) or not all(isinstance(p, str) for p in presets):
            raise ManifestError(f"{where}: impl '{iname}' presets must be a list of preset names")
        impls[iname] = ImplSpec(iname, tier, threads, _require(spec, "description", f"{where} [impls.{iname}]"),
                                spec.get("notes", ""), own, tuple(presets))
    sizes = {preset: _sizes(entries, name, size_param, f"{where} [sizes.{preset}]")
             for preset, entries in _require(raw, "sizes", where).items()}
    flops = counts.get("flops")
    nbytes = counts.get("bytes")
    return Workload(
        name=name, title=raw.get("title", name), description=raw.get("description", ""), size_param=size_param,
        params=params,
        flops=Formula(flops) if flops not in (None, "0") else None,
        bytes=Formula(nbytes) if nbytes not in (None, "0") else None,
        cost=Formula(counts.get("cost", size_param)), checksums=checksums, sizes=sizes, impls=impls,
        not_applicable=dict(raw.get("not_applicable", {})), reference_path=_require(raw, "reference", where),
        source=path, defaults={k: int(v) for k, v in raw.get("defaults", {}).items()},
    )


def load_manifest(directory: Path | None = None) -> Manifest:
    directory = Path(directory or DEFAULT_MANIFEST_DIR)
    suite_path = directory / "suite.toml"
    if not suite_path.exists():
        raise ManifestError(f"no suite.toml in {directory}")
    suite = _load_toml(suite_path)
    harnesses = {name: HarnessSpec(name, list(spec["command"]), spec.get("requires", ""),
                                   spec.get("missing", f"harness '{name}' is not available"))
                 for name, spec in _require(suite, "harnesses", str(suite_path)).items()}
    tiers = dict(_require(suite, "tiers", str(suite_path)))
    presets = {name: Preset(name, spec.get("description", ""), int(spec["repetitions"]), float(spec["min_time"]),
                            float(spec["warmup"]), float(spec["cell_budget"]), float(spec["timeout"]),
                            [str(t) for t in spec.get("threads", ["1"])], bool(spec.get("cold", True)),
                            bool(spec.get("measure_ceilings", True)))
               for name, spec in _require(suite, "presets", str(suite_path)).items()}
    workloads = {}
    for path in sorted((directory / "workloads").glob("*.toml")):
        workload = load_workload(path, tiers)
        for iname, impl in workload.impls.items():
            if iname.split(".", 1)[0] not in harnesses:
                raise ManifestError(f"{path}: impl '{iname}' has no harness '{iname.split('.', 1)[0]}' in suite.toml")
            unknown = [p for p in impl.presets if p not in presets]
            if unknown:
                raise ManifestError(f"{path}: impl '{iname}' lists unknown preset(s) {', '.join(unknown)} "
                                    f"(presets: {', '.join(presets)})")
        workloads[workload.name] = workload
    return Manifest(directory, harnesses, tiers, presets, workloads)
