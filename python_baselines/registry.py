"""Python impls register here; the harness looks them up by workload and name.

An impl is a *prepare* function: it receives the run's Params, generates its
inputs (untimed) and returns a Prepared whose `kernel` is the timed work.

    @implementation("leibniz_pi", "python.loops")
    def prepare(params):
        n = params.get("n")
        return Prepared(kernel=lambda: leibniz_pi_loops(n),
                        checksums=lambda pi: {"checksum": pi})
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable


class ParamError(ValueError):
    """A missing or out-of-range parameter; the message names it."""


class SkipBenchmark(Exception):
    """Raised by a prepare function when this machine cannot or should not run the impl
    (e.g. the input would not fit in memory, an optional package is missing). The harness
    reports the cell as skipped with this message, Google Benchmark's way, and exits 0."""


@dataclass(frozen=True)
class Params:
    values: dict[str, int | str]  # integers, and choice parameters by name (dtype=float32)
    threads: int = 1
    seed: int = 42
    read: set[str] = field(default_factory=set, compare=False, repr=False)  # choices an impl asked for

    def choice(self, name: str, default: str, allowed: tuple[str, ...]) -> str:
        """A choice parameter: `default` when not given (the runner leaves defaults out); a ParamError naming
        what this impl implements when it is not one of `allowed`."""
        self.read.add(name)
        value = self.values.get(name, default)
        if value not in allowed:
            raise ParamError(
                f"parameter {name}={value} is not implemented here (this impl has {name} {', '.join(allowed)})"
            )
        return str(value)

    def get(self, name: str, minimum: int = 1, maximum: int | None = None) -> int:
        if name not in self.values:
            raise ParamError(f"missing parameter '{name}': pass --param {name}=VALUE")
        value = self.values[name]
        if isinstance(value, str):
            raise ParamError(f"parameter {name}={value} must be an integer")
        return self._in_range(name, value, minimum, maximum)

    def unread_choices(self) -> list[str]:
        """Choice parameters given but never asked for: the impl does not implement them (it has the default
        only), so running it would label a float64 result float32."""
        return [f"{k}={v}" for k, v in self.values.items() if isinstance(v, str) and k not in self.read]

    @staticmethod
    def _in_range(name: str, value: int, minimum: int, maximum: int | None) -> int:
        if value < minimum or (maximum is not None and value > maximum):
            upper = "inf" if maximum is None else str(maximum)
            raise ParamError(f"parameter {name}={value} is out of range [{minimum}, {upper}]")
        return value


@dataclass
class Prepared:
    kernel: Callable[[], Any]  # the timed work; returns the result
    # result -> checksum counters (untimed). Called after every timed batch with the batch's last result, so
    # each repetition reports the checksums of its own outputs (and once after the warm-up, values dropped).
    checksums: Callable[[Any], dict[str, float]]
    context: dict[str, Any] = field(default_factory=dict)  # extra facts for the JSON context
    # Untimed work before every iteration (Google Benchmark's PauseTiming): e.g. dropping a file from the
    # page cache so the timed read comes from the disk, or writing the iteration's fresh input (sort).
    before_each: Callable[[], None] | None = None
    # Untimed work after every iteration, given its result: e.g. folding every output into the checksums of
    # the batch (sort checks each iteration's output, since each sorted a different input).
    after_each: Callable[[Any], None] | None = None
    # The last iteration's time as the impl measured it (GPU impls: the kernel alone, from CUDA events), used
    # instead of the wall clock (Google Benchmark's manual time); None: the wall clock.
    manual_time: Callable[[], float] | None = None


@dataclass(frozen=True)
class Implementation:
    workload: str
    impl: str
    prepare: Callable[[Params], Prepared]


_REGISTRY: dict[tuple[str, str], Implementation] = {}


def implementation(workload: str, impl: str):
    """Decorator registering a prepare function as `workload`/`impl`."""

    def register(prepare: Callable[[Params], Prepared]):
        _REGISTRY[(workload, impl)] = Implementation(workload, impl, prepare)
        return prepare

    return register


def load_all() -> dict[tuple[str, str], Implementation]:
    """Imports every module in python_baselines.workloads (each registers its impls)."""
    from python_baselines import workloads

    for module in pkgutil.iter_modules(workloads.__path__):
        importlib.import_module(f"{workloads.__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))
