"""The manifest's data model: workloads, parameters, checksums, impls, presets.

Loaded and validated by speedlab.manifest (which re-exports every name here);
kept apart so that the loader's checks and the model read on their own.
"""

from __future__ import annotations

import ast
import inspect
import math
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from speedlab import error_bounds
from speedlab.reference_import import reference_module


class ManifestError(Exception):
    """The manifest is malformed; the message names the file and the field."""


# ----------------------------------------------------------------- formulas

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.FloorDiv: operator.floordiv,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "log2": math.log2,
    "log": math.log,
    "sqrt": math.sqrt,
    "min": min,
    "max": max,
}


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
            allowed = (
                ast.Expression,
                ast.BinOp,
                ast.UnaryOp,
                ast.USub,
                ast.Constant,
                ast.Name,
                ast.Load,
                ast.Call,
                *_BINARY,
            )
            if not isinstance(node, allowed):
                raise ManifestError(f"formula '{self.text}' uses {type(node).__name__}; only arithmetic is allowed")
            if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS):
                raise ManifestError(
                    f"formula '{self.text}' calls something other than {', '.join(_FUNCTIONS)}; "
                    f"only arithmetic is allowed"
                )

    def __call__(self, params: dict[str, Any]) -> float:
        return float(self._eval(ast.parse(self.text, mode="eval").body, params))

    def _eval(self, node: ast.AST, params: dict[str, Any]) -> float:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in params:
                raise ManifestError(f"formula '{self.text}' uses '{node.id}', which is not a parameter")
            if isinstance(params[node.id], str):
                raise ManifestError(
                    f"formula '{self.text}': parameter '{node.id}' is the symbol "
                    f"'{params[node.id]}', not a number (Workload.numbers() maps choices)"
                )
            return params[node.id]
        if isinstance(node, ast.UnaryOp):
            return -self._eval(node.operand, params)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](self._eval(node.left, params), self._eval(node.right, params))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS:
            return _FUNCTIONS[node.func.id](*(self._eval(arg, params) for arg in node.args))
        raise ManifestError(f"formula '{self.text}': unsupported expression")


# ----------------------------------------------------------------- parameter values


def format_value(value: Any) -> str:
    """A parameter value for people: 1,000,000 for numbers, the name for choices (float32)."""
    return f"{value:,}" if isinstance(value, int) else str(value)


def format_params(params: dict[str, Any], separator: str = " ", equals: str = "=") -> str:
    return separator.join(f"{key}{equals}{format_value(value)}" for key, value in params.items())


def _as_given(value: int) -> str:
    """A size in an error message as the user typed it, where that differs from its digits: --sizes 1e30 shows
    '1e30 (= 1,000,...)' (the CLI's sizes carry the text they were given as `given`)."""
    given = getattr(value, "given", None)
    if given is None or given.replace("_", "") == str(int(value)):
        return f"{value:,}"
    return f"{given} (= {value:,})"


def is_axis_cell(params: dict[str, Any]) -> bool:
    """A cell away from the default of a choice parameter (isa = avx2, dtype = float32): its params hold a
    name. Default-choice cells leave the choice out, so they are the main tables' cells."""
    return any(isinstance(value, str) for value in params.values())


# ----------------------------------------------------------------- model


@dataclass(frozen=True)
class ParamSpec:
    name: str
    description: str
    minimum: int
    maximum: int | None
    # A choice parameter: symbol -> the number it stands for in formulas, in declaration order.
    choices: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    default: str | None = None  # the value a cell without this parameter has
    baseline: str | None = None  # what the axis table compares against (default: `default`)

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def compare_to(self) -> str | None:
        return self.baseline or self.default


@dataclass(frozen=True)
class ChecksumSpec:
    name: str
    rtol: float
    atol: float = 0.0
    # Tolerances at a value of a choice parameter, e.g. (dtype, float32) -> rtol 1e-5: a float32
    # result is checked against the same float64 reference with a float32-sized tolerance.
    when: dict[tuple[str, str], "ChecksumSpec"] = field(default_factory=dict, hash=False, compare=False)
    # What the checksum is, in words (the one definition every language implements).
    definition: str = field(default="", compare=False)

    def at(self, params: dict[str, Any]) -> "ChecksumSpec":
        """The tolerance that applies for these parameters (the first matching choice, else this one)."""
        for (param, value), spec in self.when.items():
            if params.get(param) == value:
                return spec
        return self


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
    # The values of choice parameters this impl implements besides their defaults, from
    # `choices = { dtype = ["float64", "float32"] }` in its entry. Not listed: the default only.
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)

    # The presets that run this impl when --impls does not select it (empty: every preset). An
    # expensive lesson can run in `full` only and keep `make bench` (quick) short.
    presets: tuple[str, ...] = ()
    # This impl's own peak-memory formula (bytes), where it needs more than the workload's `memory`
    # (python lists: ~32 bytes a float; NumPy temporaries). None: the workload's.
    memory: Any = field(default=None, hash=False, compare=False)
    # This impl's own cost model for predictions, where the workload's misleads: a Dask graph costs a fixed
    # amount (scheduling, a task per chunk) besides the work, so scaling a small probe by `n` alone would
    # predict minutes for a cell that takes milliseconds. None: the workload's `cost`.
    cost: Any = field(default=None, hash=False, compare=False)

    def supports(self, param: str, value: str, default: str | None) -> bool:
        return value == default or value in self.choices.get(param, ())

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
    # Peak memory of a cell in bytes ([counts] memory): what the runner checks against the memory available
    # before it starts the cell. None: not declared (the check is skipped).
    memory: Formula | None = None
    # Bounds on error counters at a value of a choice parameter (speedlab/error_bounds.py):
    # (dtype, float32) -> {"output_rel_error": 2e-7, ...}.
    error_bounds: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    _reference: Callable[[dict[str, int]], dict[str, float]] | None = field(default=None, repr=False)
    # The precision its FLOPs are done in where no dtype choice says (the dataloader's float32 step): the
    # roofline holds only float64 FLOPs to the measured FP64 peak (analysis.roofline).
    precision: str = "float64"

    def reference(self, params: dict[str, int], seed: int = 42) -> dict[str, float]:
        """The reference checksums for these parameters (imported lazily). A workload whose inputs come
        from the generator declares `reference(params, seed=42)` and gets the run's seed; one without
        generated inputs declares `reference(params)`."""
        if self._reference is None:
            module_name, _, function = self.reference_path.partition(":")
            try:
                module = reference_module(module_name, self.source.parent.parent)
                self._reference = getattr(module, function)
            except (ImportError, AttributeError) as error:
                raise ManifestError(f"{self.source}: reference '{self.reference_path}' cannot be loaded: {error}")
        if "seed" in inspect.signature(self._reference).parameters:
            return self._reference(params, seed=seed)
        return self._reference(params)

    def bounds_at(self, params: dict[str, Any]) -> dict[str, tuple[str, float]]:
        """The error-counter bounds that apply at these parameters: counter -> (why, bound), e.g.
        output_rel_error -> ("dtype=float32", 2e-7)."""
        return error_bounds.applying(self.error_bounds, params)

    def checksum_specs(self, impl: str, params: dict[str, Any] | None = None) -> dict[str, ChecksumSpec]:
        """The tolerances that apply to one impl (at these parameters): the workload's, with the impl's own
        where it has them; at a choice value with its own tolerance (dtype = float32), that one. The most
        specific wins: the impl's at the value, the workload's at the value, the impl's, the workload's."""
        spec = self.impls.get(impl)
        own = spec.checksums if spec else {}
        params = params or {}
        out = {}
        for name, base in self.checksums.items():
            chosen = base
            if name in own:
                chosen = own[name]
            at_value = base.at(params)
            if at_value is not base:
                chosen = at_value
            if name in own and own[name].at(params) is not own[name]:
                chosen = own[name].at(params)
            out[name] = chosen
        return out

    def memory_formula(self, impl: str) -> Formula | None:
        """The formula that predicts `impl`'s peak memory: its own, else the workload's."""
        spec = self.impls.get(impl)
        return spec.memory if spec is not None and spec.memory is not None else self.memory

    def memory_bytes(self, impl: str, params: dict[str, Any]) -> float | None:
        formula = self.memory_formula(impl)
        return formula(params) if formula is not None else None

    @property
    def choice_params(self) -> dict[str, ParamSpec]:
        return {name: spec for name, spec in self.params.items() if spec.is_choice}

    def normalize(self, params: dict[str, Any]) -> dict[str, Any]:
        """Leaves out choice parameters at their default (a cell at float64 is just {n: ...})."""
        return {
            key: value
            for key, value in params.items()
            if not (key in self.params and self.params[key].is_choice and value == self.params[key].default)
        }

    def numbers(self, params: dict[str, Any]) -> dict[str, float]:
        """The parameters as formulas see them: a choice as its number, an absent choice as its default's."""
        out: dict[str, Any] = {}
        for name, spec in self.params.items():
            if spec.is_choice:
                out[name] = spec.choices[params.get(name, spec.default)]
        for name, value in params.items():
            if name in self.params and self.params[name].is_choice:
                continue
            out[name] = value
        return out

    def check_params(self, params: dict[str, Any]) -> None:
        """Raises ValueError naming the parameter, its limits (or its choices) and the fix."""
        for name, value in params.items():
            spec = self.params.get(name)
            if spec is None:
                raise ValueError(f"{self.name} has no parameter '{name}' (it has: {', '.join(self.params)})")
            if spec.is_choice:
                if value not in spec.choices:
                    raise ValueError(
                        f"{self.name}: {name}={value} is not one of its choices: {spec.description} "
                        f"is one of {', '.join(spec.choices)}"
                    )
                continue
            if isinstance(value, str):
                raise ValueError(f"{self.name}: {name}={value} is not a number ({spec.description})")
            upper = "" if spec.maximum is None else f", at most {spec.maximum:,}"
            if value < spec.minimum or (spec.maximum is not None and value > spec.maximum):
                raise ValueError(
                    f"{self.name}: {name}={_as_given(value)} is out of range: {spec.description} must "
                    f"be at least {spec.minimum:,}{upper}"
                )
        missing = {name for name, spec in self.params.items() if not spec.is_choice} - set(params)
        if missing:
            raise ValueError(f"{self.name}: missing parameter(s) {', '.join(sorted(missing))}")


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
    # Thread counts for the cells of an axis sweep (a choice parameter away from its default: isa = avx2,
    # dtype = float32); None: the same as `threads`. quick sweeps on one thread only: what an instruction
    # set or a precision changes is per core.
    sweep_threads: list[str] | None = None
    processes: int = 1  # harness processes per cell for the warm time (interleaved across the run)
    noisy_retries: int = 1  # more processes for a cell measured only on a busy machine (rounds.py); demo: 0


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
