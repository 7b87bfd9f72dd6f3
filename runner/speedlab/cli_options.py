"""Checked command-line values: numbers that are finite and in range, sizes as the user wrote them.

click.FLOAT accepts "nan" and "inf", and click.FloatRange lets NaN through
(every comparison with NaN is false): `--timeout nan` disabled the timeout,
`--min-time nan` made the C++ harness calibrate forever. Every numeric option
of every subcommand uses Number, which rejects what is not a finite number
in its range and names the range. A bad value is click's usage error: exit 2.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from speedlab import results
from speedlab.run import usable_cpus

MAX_SIZE = 2**63 - 1  # every harness reads sizes into a signed 64-bit integer


class Number(click.ParamType):
    """A finite int or float within [minimum, maximum]; `above` makes the lower end open (> minimum)."""

    def __init__(
        self,
        kind: type = float,
        minimum: float | None = None,
        maximum: float | None = None,
        above: bool = False,
        unit: str = "",
    ):
        self.kind, self.minimum, self.maximum, self.above, self.unit = kind, minimum, maximum, above, unit
        self.name = "integer" if kind is int else "number"

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""

        def shown(limit: float) -> str:
            return f"{limit:,}" if isinstance(limit, int) else f"{limit:g}"

        parts = []
        if self.minimum is not None:
            parts.append(f"{'above' if self.above else 'at least'} {shown(self.minimum)}{unit}")
        if self.maximum is not None:
            parts.append(f"at most {shown(self.maximum)}{unit}")
        kind = "a whole number" if self.kind is int else "a finite number"
        return kind + (" " + " and ".join(parts) if parts else "")

    def convert(self, value, param, ctx):
        if isinstance(value, bool):
            self.fail(f"{value!r} is not a number; expected {self.describe()}", param, ctx)
        text = str(value).strip()
        try:
            number = value if isinstance(value, (int, float)) else (int(text) if self.kind is int else float(text))
        except ValueError:
            self.fail(f"'{text}' is not {self.describe()}", param, ctx)
        if self.kind is int and isinstance(number, float):
            if not number.is_integer():
                self.fail(f"'{text}' is not {self.describe()}", param, ctx)
            number = int(number)
        if isinstance(number, float) and not math.isfinite(number):
            self.fail(f"'{text}' is not a finite number; expected {self.describe()}", param, ctx)
        low_bad = self.minimum is not None and (number <= self.minimum if self.above else number < self.minimum)
        high_bad = self.maximum is not None and number > self.maximum
        if low_bad or high_bad:
            self.fail(f"{text} is out of range: expected {self.describe()}", param, ctx)
        return self.kind(number)


SECONDS_POSITIVE = Number(float, 0, above=True, unit="s")
SECONDS = Number(float, 0, unit="s")
REPETITIONS = Number(int, 1, 100_000)
PROCESSES = Number(int, 1, 1000)
PRECISION = Number(float, 0, 100, above=True)  # percent
SEED = Number(int, 0, MAX_SIZE)
ALPHA = Number(float, 0, 1, above=True)


class GivenSize(int):
    """A size with the text the user typed, so an error can show it as given (1e30, not 31 digits)."""

    given: str

    def __new__(cls, value: int, given: str):
        out = super().__new__(cls, value)
        out.given = given
        return out


def split_values(values: tuple[str, ...] | list[str]) -> list[str]:
    """Accepts both --x a,b and --x a --x b."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_sizes(values: list[str]) -> list[int] | None:
    """--sizes texts (1000000, 1_000_000, 1e6) -> integers; exact (1e30 is 10**30, not a rounded float)."""
    sizes = []
    for text in values:
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            raise click.BadParameter(
                f"'{text}' is not a size: sizes are integers like 1000000, 1_000_000 or 1e6", param_hint="--sizes"
            ) from None
        if not number.is_finite() or number != number.to_integral_value() or number < 1:
            raise click.BadParameter(f"'{text}' is not a positive integer size", param_hint="--sizes")
        if number > MAX_SIZE:
            raise click.BadParameter(
                f"'{text}' is too large: a size is at most 2^63 - 1 = {MAX_SIZE:,} (and at "
                f"most each workload's own maximum: speedlab list)",
                param_hint="--sizes",
            )
        sizes.append(GivenSize(int(number), text))
    return sizes or None


class InputError(click.ClickException):
    """A results file or folder that cannot be read: bad input, so exit 2 like every usage error."""

    exit_code = 2


def load_results(path: Path) -> dict:
    """results.json for report, compare and reproduce --from; unreadable: InputError (exit 2) with the reason."""
    try:
        return results.load(path)
    except (FileNotFoundError, ValueError) as error:
        raise InputError(str(error)) from None


def warn_oversubscribed(cells: list) -> None:
    """Once per run: thread counts above the cores this process may use (the cells say so in the tables)."""
    cores = usable_cpus()
    over = sorted({cell.threads for cell in cells if cell.threads > cores and cell.not_applicable is None})
    if over:
        click.echo(
            f"warning: --threads {', '.join(map(str, over))} is more than the {cores} core(s) this run may "
            f"use: those cells are labelled 'oversubscribed' (threads take turns on a core, so their times "
            f"measure contention, not parallel speed)",
            err=True,
        )


def load_manifest_or_fail(manifest_dir: Path | None):
    """The manifest, or a click error naming what is wrong with it (exit 1 with the message)."""
    from speedlab.manifest import ManifestError, load_manifest

    try:
        return load_manifest(manifest_dir)
    except ManifestError as error:
        raise click.ClickException(f"manifest error: {error}") from None
