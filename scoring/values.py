"""Read values as printed on a form ("≥3亿条", "98%以上", "4,557.3") into exact parts.

Every number is built from its printed digits with ``Decimal(str)``; no float is ever involved.
Text that is not wholly ``[comparator] number [unit] [suffix]`` is qualitative: value ``None``.
The text is matched folded (scoring/fold.py): ``不低於95%`` reads ≥, and the unit of ``3萬元``
is read as 万元; ``Printed.text`` stays as printed.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
)
from functools import lru_cache

from scoring.errors import ValueParseError
from scoring.fold import fold

__all__ = ["Op", "Printed", "parse_number", "parse_percent", "parse_printed"]


class Op(enum.StrEnum):
    """A comparator printed with a target value, e.g. "≥" in "≥3亿条" or "以上" in "98%以上"."""

    GE = ">="
    LE = "<="
    EQ = "="
    GT = ">"
    LT = "<"

    @property
    def symbol(self) -> str:
        """The comparator as forms print it: ≥ and ≤ for >= and <=."""
        return {"<=": "≤", ">=": "≥"}.get(self.value, self.value)


# Spellings after folding ("＞＝" becomes ">=", "＝" becomes "=", 不低於 becomes 不低于).
_PREFIXES: dict[str, Op] = {
    "≥": Op.GE, "≧": Op.GE, ">=": Op.GE, "大于等于": Op.GE, "不低于": Op.GE,
    "不少于": Op.GE, "不小于": Op.GE, "至少": Op.GE,
    "≤": Op.LE, "≦": Op.LE, "<=": Op.LE, "小于等于": Op.LE, "不高于": Op.LE,
    "不超过": Op.LE, "不多于": Op.LE, "不大于": Op.LE,
    "=": Op.EQ, "等于": Op.EQ,
    ">": Op.GT, "大于": Op.GT, "高于": Op.GT, "超过": Op.GT,
    "<": Op.LT, "小于": Op.LT, "低于": Op.LT,
}  # fmt: skip
_SUFFIXES: dict[str, Op] = {
    "及以上": Op.GE, "以上": Op.GE, "及以下": Op.LE, "以下": Op.LE, "以内": Op.LE,
}  # fmt: skip
_MAGNITUDES: dict[str, Decimal] = {
    "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3, "百": Decimal(10) ** 2,
}  # fmt: skip
_NOT_MAGNITUDE = ("百分",)  # 百分点 / 百分比 are units of their own, not 100 × 分点
# Units written out in words: "≥100百分比" (a published Anhui form) is ≥100 %. 百分点 (points of
# a percentage) stays a unit of its own.
_UNIT_WORDS = {"百分比": "%"}
_PER_UNIT = {"%": Decimal(100), "‰": Decimal(1000)}


def _alternation(words: dict[str, Op]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# An integer part with "," or " " thousands separators in proper 3-digit groups, or plain digits.
_NUMBER = (
    r"(?P<sign>[-−])?"
    r"(?P<int>[1-9][0-9]{0,2}(?P<sep>[, ])[0-9]{3}(?:(?P=sep)[0-9]{3})*|[0-9]+)"
    r"(?:\.(?P<frac>[0-9]+))?"
)
_NUMBER_RE = re.compile(_NUMBER)
_PRINTED_RE = re.compile(
    rf"(?:(?P<prefix>{_alternation(_PREFIXES)}) ?)?{_NUMBER}"
    r" ?(?P<unit>[^\s0-9<>=≥≤≧≦,.+\-−]{0,4}?)"
    rf"(?: ?(?P<suffix>{_alternation(_SUFFIXES)}))?"
)
_SPACES_RE = re.compile(r"\s+")
# "100%覆盖", "95%达标": a percentage followed by the word for what it measures
_PERCENT_WORD_RE = re.compile(r"(?P<head>.*[0-9] ?%)(?P<word>覆盖|达标|到位)")

# Multiplying by a power of ten never rounds here; any rounding would be a bug, so it traps.
_EXACT = Context(
    prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
    traps=[Inexact, Rounded, InvalidOperation, DivisionByZero, Overflow],
)  # fmt: skip


def _normalize(text: str) -> str:
    """The text as the parser matches it: folded (NFKC, keeping "m²"; traditional characters
    as simplified: 不低於 is 不低于, 萬元 is 万元), runs of spaces as one."""
    return _SPACES_RE.sub(" ", fold(text)).strip()


@dataclass(frozen=True, slots=True)
class Printed:
    """A value as printed on a form, read into exact parts (number, unit, magnitude, comparator)."""

    text: str
    value: Decimal | None
    unit: str | None
    base_unit: str | None
    scale: Decimal
    op: Op | None
    decimals: int

    @property
    def numeric(self) -> bool:
        """True if the text was read as a number; False for qualitative text ("按期完成")."""
        return self.value is not None

    @property
    def percent(self) -> bool:
        """True if the printed unit is "%" (so ``magnitude()`` is a fraction of one)."""
        return self.unit == "%"

    def magnitude(self) -> Decimal | None:
        """Exact amount in the base unit: "3亿条" -> 300000000, "88.6%" -> 0.886; None if text."""
        if self.value is None:
            return None
        if self.unit in _PER_UNIT:
            return _EXACT.divide(self.value, _PER_UNIT[self.unit])
        return _EXACT.multiply(self.value, self.scale)

    def step(self) -> Decimal:
        """Place value of the last printed digit, in printed units: "88.6%" -> 0.1, "20" -> 1."""
        if self.value is None:
            raise ValueParseError(f"{self.text!r} is not numeric, so it has no last printed digit")
        return Decimal((0, (1,), -self.decimals))


def _qualitative(text: str) -> Printed:
    return Printed(text, None, None, None, Decimal(1), None, 0)


def _split_unit(unit: str) -> tuple[str | None, Decimal]:
    """Strip magnitude prefixes: "亿条" -> ("条", 10**8), "百万元" -> ("元", 10**6)."""
    if unit.startswith(_NOT_MAGNITUDE):
        return unit, Decimal(1)
    scale = Decimal(1)
    rest = unit
    while rest and rest[0] in _MAGNITUDES:
        scale *= _MAGNITUDES[rest[0]]
        rest = rest[1:]
    return (rest or None), scale


def _decimal(match: re.Match[str]) -> tuple[Decimal, int]:
    """The exact number and its printed decimal places from a ``_NUMBER`` match."""
    digits = match["int"].replace(",", "").replace(" ", "")
    frac = match["frac"] or ""
    sign = "-" if match["sign"] else ""
    return Decimal(f"{sign}{digits}.{frac}" if frac else f"{sign}{digits}"), len(frac)


@lru_cache(maxsize=1 << 14)  # the same texts are read again and again by scoring and checks
def parse_printed(text: str) -> Printed:
    """Read a printed value like "≥3亿条" or "98%以上"; never raises: text gives value None."""
    normal = _normalize(text)
    worded = _PERCENT_WORD_RE.fullmatch(normal)
    if worded is not None:
        head = parse_printed(worded["head"])
        return head if head.value is None else replace(head, text=text)
    match = _PRINTED_RE.fullmatch(normal)
    if match is None:
        return _qualitative(text)
    prefix = _PREFIXES.get(match["prefix"] or "")
    suffix = _SUFFIXES.get(match["suffix"] or "")
    if prefix is not None and suffix is not None and prefix is not suffix:
        return _qualitative(text)  # "≤5%以上" contradicts itself
    unit = _UNIT_WORDS.get(match["unit"], match["unit"]) or None
    if unit is not None and len(unit) > 1 and any(c in _PER_UNIT for c in unit):
        return _qualitative(text)  # "100%完成": "%" is a unit only on its own
    base_unit, scale = _split_unit(unit) if unit is not None else (None, Decimal(1))
    value, decimals = _decimal(match)
    op = prefix if prefix is not None else suffix
    return Printed(text, value, unit, base_unit, scale, op, decimals)


def parse_number(text: str) -> Decimal:
    """Read a bare number like "4,557.3", "1，736.1" or "-3" exactly; else ValueParseError."""
    match = _NUMBER_RE.fullmatch(_normalize(text))
    if match is None:
        raise ValueParseError(
            f"cannot read {text!r} as a number; expected digits with optional 3-digit ',' groups "
            "and '.' decimals, e.g. '4,557.3'"
        )
    return _decimal(match)[0]


def parse_percent(text: str) -> Decimal:
    """Read a bare percentage like "88.6%" as an exact fraction (0.886); else ValueParseError."""
    printed = parse_printed(text)
    if printed.value is None or not printed.percent or printed.op is not None:
        raise ValueParseError(
            f"cannot read {text!r} as a percentage; expected a number followed by '%', e.g. '88.6%'"
        )
    return _EXACT.divide(printed.value, _PER_UNIT["%"])
