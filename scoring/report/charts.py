"""Bar charts for the HTML report, drawn here: bar geometry the template writes as inline SVG.

No chart library and no network: each chart is a list of bars with their label, count and
rectangle in a fixed view box, so the page is the same wherever it is opened or printed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["TOTAL_BINS", "grade_bars", "total_bars"]

TOTAL_BINS: tuple[tuple[str, Decimal, Decimal], ...] = (
    ("<60", Decimal(-10**9), Decimal(60)),
    ("60–70", Decimal(60), Decimal(70)),
    ("70–80", Decimal(70), Decimal(80)),
    ("80–85", Decimal(80), Decimal(85)),
    ("85–90", Decimal(85), Decimal(90)),
    ("90–95", Decimal(90), Decimal(95)),
    ("≥95", Decimal(95), Decimal(10**9)),
)
"""The bins of the totals chart: [low, high), around the usual grade edges 60, 80 and 90."""

WIDTH, HEIGHT, TOP, BOTTOM = 480, 180, 20, 30
"""The view box of a chart and the room above the bars (counts) and below them (labels)."""


def _bars(pairs: Sequence[tuple[str, int]]) -> dict[str, Any]:
    n = max(len(pairs), 1)
    peak = max((c for _, c in pairs), default=0) or 1
    slot = WIDTH / n
    room = HEIGHT - TOP - BOTTOM
    bars = []
    for i, (label, count) in enumerate(pairs):
        h = round(room * count / peak, 1)
        bars.append(
            {
                "label": label,
                "count": count,
                "x": round(i * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(TOP + room - h, 1),
                "height": h,
                "mid": round(i * slot + slot / 2, 1),
            }
        )
    empty = not any(count for _, count in pairs)  # nothing computed to chart
    return {"width": WIDTH, "height": HEIGHT, "base": HEIGHT - BOTTOM, "bars": bars, "empty": empty}


def total_bars(totals: Sequence[str]) -> dict[str, Any]:
    """How many totals fall in each of ``TOTAL_BINS`` (totals are the report's strings)."""
    counts = Counter[str]()
    for text in totals:
        try:
            value = Decimal(text)
        except InvalidOperation:
            continue
        for label, low, high in TOTAL_BINS:
            if low <= value < high:
                counts[label] += 1
    return _bars([(label, counts[label]) for label, _, _ in TOTAL_BINS])


def grade_bars(grades: Sequence[str]) -> dict[str, Any]:
    """How many forms have each grade, in the order the grades first appear by rank."""
    counts = Counter(grades)
    order = sorted(counts, key=lambda g: ("优良中差".find(g[:1]) % 10, g))
    return _bars([(g, counts[g]) for g in order])
