"""Exact rounding at declared steps: half-up (四舍五入), and the other modes forms are seen to use."""

from __future__ import annotations

import enum
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction

__all__ = [
    "RoundingMode",
    "as_fraction",
    "exact_product",
    "fraction_to_decimal",
    "pct",
    "plain_decimal",
    "round_to_step",
    "round_within",
]


class RoundingMode(enum.StrEnum):
    """How a value is brought to a step: 四舍五入, truncation, or rounding up."""

    HALF_UP = "half_up"
    DOWN = "down"
    UP = "up"


def as_fraction(value: Decimal | Fraction | int) -> Fraction:
    """The exact rational value of a Decimal, Fraction or int; floats are refused."""
    if isinstance(value, bool | float):
        raise TypeError(f"refusing inexact value {value!r}: use Decimal from a string")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return Fraction(value)
    return Fraction(value)


def exact_product(a: Decimal, b: Decimal) -> Decimal:
    """``a × b`` exactly: never cut to the context's 28 digits (a band edge of 16.666…67 × 0.6)."""
    digits = len(a.as_tuple().digits) + len(b.as_tuple().digits) + 1
    with localcontext() as ctx:
        ctx.prec = max(digits, ctx.prec)
        ctx.traps[Inexact] = True
        return a * b


def round_within(
    value: Decimal | Fraction | int,
    top: Decimal | Fraction | int,
    step: Decimal,
    mode: RoundingMode = RoundingMode.HALF_UP,
) -> Decimal:
    """``value`` rounded to ``step``, but never above ``top`` (a weight): rounding up past it
    gives the last step at or below it instead (a weight of 15 on a step of 4 scores 12)."""
    return min(round_to_step(value, step, mode), round_to_step(top, step, RoundingMode.DOWN))


def round_to_step(
    value: Decimal | Fraction | int,
    step: Decimal,
    mode: RoundingMode = RoundingMode.HALF_UP,
) -> Decimal:
    """Round ``value`` to a multiple of ``step`` (e.g. 0.01), exactly, ties away from zero for half-up."""
    if step <= 0:
        raise ValueError(f"rounding step must be positive, got {step}")
    exact = as_fraction(value)
    units = exact / Fraction(step)
    sign = -1 if units < 0 else 1
    magnitude = abs(units)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if mode is RoundingMode.HALF_UP:
        if 2 * rest >= magnitude.denominator:
            whole += 1
    elif mode is RoundingMode.UP and rest:
        whole += 1
    return Decimal(sign * whole) * step


def fraction_to_decimal(value: Fraction, places: int = 12) -> Decimal:
    """A Decimal for display: exact when the fraction terminates within ``places``, else half-up there."""
    step = Decimal(1).scaleb(-places)
    rounded = round_to_step(value, step)
    if Fraction(rounded) == value:
        return plain_decimal(rounded)
    return rounded


def plain_decimal(d: Decimal) -> Decimal:
    """Trailing zeros dropped, never in exponent form (20, not 2E+1)."""
    n = d.normalize()
    exponent = n.as_tuple().exponent
    return n.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else n


def pct(value: Fraction | Decimal, places: int = 2) -> str:
    """A ratio as a percentage with ``places`` decimals, trailing zeros dropped: 0.886 -> '88.6 %'."""
    shown = round_to_step(as_fraction(value) * 100, Decimal(1).scaleb(-places))
    text = f"{shown:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"
