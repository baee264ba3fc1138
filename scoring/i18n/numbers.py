"""Numbers shown as a form prints them: amounts with thousands separators in 万元, rates as 88.6%.

Only the text is reshaped (grouping, spacing); no value is recomputed, so nothing is rounded here.
"""

from __future__ import annotations

import re

__all__ = ["amount", "grouped", "percent"]

_NUMBER = re.compile(r"^([+-]?)(\d+)(\.\d+)?$")


def grouped(text: str) -> str:
    """``1960.42`` -> ``1,960.42``; text that is not a plain number is returned as it is."""
    bare = text.strip().replace(",", "").replace("，", "")
    m = _NUMBER.match(bare)
    if m is None:
        return text
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    return f"{sign}{int(whole):,}{frac}"


def amount(text: str) -> str:
    """An amount in 万元 as printed: ``1960.42`` -> ``1,960.42 万元`` (``万元`` not repeated)."""
    bare = text.strip().removesuffix("万元").strip()
    shown = grouped(bare)
    return f"{shown} 万元" if shown != bare or _NUMBER.match(bare.replace(",", "")) else text


def percent(text: str) -> str:
    """A rate as printed: ``88.6 %`` -> ``88.6%``; other text is returned as it is."""
    return re.sub(r"(\d)\s+%", r"\1%", text.strip())
