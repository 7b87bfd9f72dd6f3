"""How numbers are written, in one leaf module (no speedlab imports): durations, ratios, rates, shares.

Every renderer (terminal, Markdown, HTML) and every table formats through here, so a 1.43 s reads the
same everywhere. `~` marks a value derived from an extrapolated time, as in every table of the suite.
"""

from __future__ import annotations

import math

APPROXIMATE = "~"
MISSING = "—"


def seconds(value: float | None) -> str:
    if value is None:
        return MISSING
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
