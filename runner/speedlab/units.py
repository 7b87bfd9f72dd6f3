"""How numbers are written, in one leaf module (no speedlab imports): durations, ratios, rates, shares.

Every renderer (terminal, Markdown, HTML) and every table formats through here, so a 1.43 s reads the
same everywhere. `~` marks a value derived from an extrapolated time, as in every table of the suite.
"""

from __future__ import annotations

import math

APPROXIMATE = "~"
MISSING = "—"
# A cell that shows no speed says why, in the same words in every table.
STATUS_TEXT = {
    "wrong_checksum": "✗ wrong checksum",
    "failed": "✗ failed",
    "timeout": "✗ timeout",
    "skipped": "skipped",
    "not_applicable": "n/a",
}


def seconds(value: float | None) -> str:
    if value is None:
        return MISSING
    if value < 0:  # a difference (a first-run penalty the warm median exceeds)
        return "−" + seconds(-value)
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if value >= scale or unit == "ns":
            scaled = value / scale
            return f"{scaled:,.0f} {unit}" if scaled >= 100 else f"{scaled:.3g} {unit}"
    return f"{value:.3g} s"


def ratio(value: float | None) -> str:
    """A speedup or slowdown: 364×, 0.0109×, 2,600×."""
    if value is None:
        return MISSING
    return f"{value:,.0f}×" if value >= 100 else f"{value:.3g}×"


def rate(value: float | None) -> str:
    if value is None:
        return MISSING
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def percent(share: float | None) -> str:
    if share is None:
        return MISSING
    return f"{share * 100:.0f}%" if share >= 0.1 else f"{share * 100:.2g}%"


def spread(cv: float | None) -> str:
    """A coefficient of variation: ±1.0%."""
    return MISSING if cv is None else f"±{cv * 100:.1f}%"


def plus_minus(half_width: float | None) -> str:
    """The ± a ratio carries when another run may not give it again (uncertainty.py decides when)."""
    return "" if half_width is None else f" ±{half_width * 100:.0f}%"


def cores(value: float | None) -> str:
    return MISSING if value is None else f"{value:.2f}"


def rel_error(value: float | None) -> str:
    return MISSING if value is None else f"{value:.1e}"


def size(nbytes: float | None) -> str:
    """Bytes copied or moved: 1.5 MiB."""
    if not nbytes:
        return MISSING
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{nbytes:.0f} B"


def approximate(text: str, is_approximate: bool) -> str:
    """`~` before a value derived from an extrapolated time ('—' stays '—', no double '~')."""
    return f"{APPROXIMATE}{text}" if is_approximate and text != MISSING and not text.startswith(APPROXIMATE) else text


def geometric_mean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0 and math.isfinite(v)]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def short_impl(impl: str) -> str:
    """An impl name for a narrow cell: the variant, or the language where the variant is the plain one
    (java.loops -> java, cpp.naive -> cpp, cpp.simd -> simd, python.numpy -> numpy)."""
    language, _, variant = impl.partition(".")
    return language if variant in ("loops", "naive", "") else variant


def ellipsize(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


_ABBREVIATIONS = (
    ("interpreted", "interp."),
    ("optimized", "opt"),
    ("vectorized", "vector."),
    ("compiled", "compiled"),
    (" all threads", " allT"),
    (" 1 thread", " 1T"),
    (" threads", "T"),
)


def abbreviate(header: str) -> str:
    """A column header for a narrow terminal: optimized 1 thread -> opt 1T."""
    for long, short in _ABBREVIATIONS:
        header = header.replace(long, short)
    return header


def memory(kib: int | float | None) -> str:
    """Peak resident memory, from KiB (what getrusage reports)."""
    if not kib:
        return MISSING
    mib = kib / 1024
    return f"{mib:,.0f} MiB" if mib >= 10 else f"{mib:.1f} MiB"
