"""Exact rational arithmetic on whole columns: numpy integers, never floats.

A column of rationals is a ``Q``: ``num / den * scale`` per row, with ``num`` and ``den`` integer
arrays (``den`` > 0, ``None`` meaning 1) and ``scale`` one positive ``Fraction`` for the whole
column. Decimal inputs read at a fixed scale (``1,730.62`` → 173062 with scale 1/100) stay small
integers, and scales such as 1/100 are combined as Python fractions instead of inflating the
arrays. Arithmetic is int64 while it provably cannot overflow (each product and sum is checked
against its operands' largest magnitudes); past that, the arrays become numpy ``object`` arrays
of Python integers: slower, still exact. Rows where a division by zero happened are kept in a
``bad`` mask, so a formula can be evaluated on every row and only the rows that really take
that path fail, as ``Formula.evaluate`` would for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring.rounding import RoundingMode

__all__ = [
    "LIMIT",
    "Q",
    "add",
    "as_int64",
    "bad_or",
    "compare",
    "constant",
    "div",
    "mul",
    "neg",
    "plus",
    "q_abs",
    "round_units",
    "select",
    "sub",
    "times",
]

Ints = npt.NDArray[Any]
"""An integer array: int64 while values are small, ``object`` (Python ints) beyond."""
Mask = npt.NDArray[np.bool_]

LIMIT = 1 << 62
"""int64 results are kept below this magnitude, so a sum of two of them cannot overflow."""


def _bound(a: Ints) -> int:
    if a.size == 0:
        return 0
    return max(abs(int(a.max())), abs(int(a.min())))


def _obj(a: Ints) -> Ints:
    return a if a.dtype == object else a.astype(object)


def _imul(a: Ints, b: Ints) -> Ints:
    if a.dtype != object and b.dtype != object and _bound(a) * _bound(b) < LIMIT:
        return a * b
    return np.asarray(_obj(a) * _obj(b))  # 0-d object arrays would give a bare int


def _iscale(a: Ints, k: int) -> Ints:
    if k == 1:
        return a
    if a.dtype != object and abs(k) < LIMIT and _bound(a) * abs(k) < LIMIT:
        return a * np.int64(k)
    return np.asarray(_obj(a) * k)


def _iadd(a: Ints, b: Ints, sign: int = 1) -> Ints:
    if a.dtype != object and b.dtype != object and _bound(a) + _bound(b) < LIMIT:
        return a + b if sign > 0 else a - b
    return np.asarray(_obj(a) + _obj(b) if sign > 0 else _obj(a) - _obj(b))


def times(a: Ints, k: int) -> Ints:
    """``a * k`` for an integer ``k``, as Python integers if int64 could overflow."""
    return _iscale(a, k)


def plus(a: Ints, b: Ints) -> Ints:
    """``a + b``, as Python integers if int64 could overflow."""
    return _iadd(a, b)


def as_int64(a: Ints) -> Ints:
    """The same integers as int64 when they fit, else unchanged (``object``)."""
    if a.dtype == object and _bound(a) < LIMIT:
        return a.astype(np.int64)
    return a


def bad_or(a: Mask | None, b: Mask | None) -> Mask | None:
    """Union of two error masks, ``None`` meaning no row failed."""
    if a is None:
        return b
    return a if b is None else a | b


@dataclass(frozen=True, slots=True)
class Q:
    """A column of exact rationals ``num / den * scale``; ``bad`` marks rows that divided by 0."""

    num: Ints
    den: Ints | None
    scale: Fraction
    bad: Mask | None = None


def constant(value: Fraction) -> Q:
    """A literal as a 0-d column (broadcast against any other)."""
    if value == 0:
        return Q(np.array(0, dtype=np.int64), None, Fraction(1))
    return Q(np.array(1 if value > 0 else -1, dtype=np.int64), None, abs(value))


def _den_mul(a: Ints | None, b: Ints | None) -> Ints | None:
    if a is None:
        return b
    return a if b is None else _imul(a, b)


def neg(a: Q) -> Q:
    """``-a``."""
    return Q(-a.num, a.den, a.scale, a.bad)


def q_abs(a: Q) -> Q:
    """``abs(a)``."""
    return Q(np.abs(a.num), a.den, a.scale, a.bad)


def mul(a: Q, b: Q) -> Q:
    """``a * b``."""
    return Q(_imul(a.num, b.num), _den_mul(a.den, b.den), a.scale * b.scale, bad_or(a.bad, b.bad))


def div(a: Q, b: Q) -> Q:
    """``a / b``; rows where ``b`` is 0 are marked bad (their value is meaningless)."""
    num = a.num if b.den is None else _imul(a.num, b.den)
    den = b.num if a.den is None else _imul(a.den, b.num)
    negative, zero = b.num < 0, b.num == 0
    num = np.where(negative, -num, num)
    den = np.where(zero, 1, np.where(negative, -den, den))
    bad = bad_or(bad_or(a.bad, b.bad), zero if zero.any() else None)
    return Q(num, den, a.scale / b.scale, bad)


def _common(a: Q, b: Q) -> tuple[Fraction, int, int]:
    """The largest scale dividing both, and the integer factors of ``a`` and ``b`` on it."""
    g = Fraction(
        math.gcd(a.scale.numerator, b.scale.numerator),
        math.lcm(a.scale.denominator, b.scale.denominator),
    )
    return g, int(a.scale / g), int(b.scale / g)


def _aligned(a: Q, b: Q) -> tuple[Ints, Ints, Ints | None, Fraction]:
    """Numerators of ``a`` and ``b`` over one denominator and one scale."""
    g, ka, kb = _common(a, b)
    na, nb = _iscale(a.num, ka), _iscale(b.num, kb)
    if a.den is None and b.den is None:
        return na, nb, None, g
    if a.den is None:
        return _imul(na, b.den), nb, b.den, g  # type: ignore[arg-type]
    if b.den is None:
        return na, _imul(nb, a.den), a.den, g
    return _imul(na, b.den), _imul(nb, a.den), _imul(a.den, b.den), g


def add(a: Q, b: Q) -> Q:
    """``a + b``."""
    na, nb, den, g = _aligned(a, b)
    return Q(_iadd(na, nb), den, g, bad_or(a.bad, b.bad))


def sub(a: Q, b: Q) -> Q:
    """``a - b``."""
    na, nb, den, g = _aligned(a, b)
    return Q(_iadd(na, nb, -1), den, g, bad_or(a.bad, b.bad))


_COMPARE = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def compare(op: str, a: Q, b: Q) -> Mask:
    """``a op b`` for one of ``< <= > >= == !=``, exactly (denominators are positive)."""
    na, nb, _, _ = _aligned(a, b)
    return np.asarray(_COMPARE[op](na, nb), dtype=bool)


def select(mask: Mask, a: Q, b: Q) -> Q:
    """Row by row: ``a`` where ``mask`` holds, else ``b``."""
    g, ka, kb = _common(a, b)
    num = np.where(mask, _iscale(a.num, ka), _iscale(b.num, kb))
    den = None
    if a.den is not None or b.den is not None:
        den = np.where(mask, 1 if a.den is None else a.den, 1 if b.den is None else b.den)
    bad = None
    if a.bad is not None or b.bad is not None:
        bad = np.where(mask, False if a.bad is None else a.bad, False if b.bad is None else b.bad)
    return Q(num, den, g, bad)


def round_units(a: Q, step: Decimal, mode: RoundingMode) -> Ints:
    """``a`` rounded to a multiple of ``step``, as the integer count of steps, per row.

    The same rule as ``rounding.round_to_step``: half-up rounds ties away from zero.
    """
    f = a.scale / Fraction(step)
    num = _iscale(a.num, f.numerator)
    den: Ints = np.array(1, dtype=np.int64) if a.den is None else a.den
    den = _iscale(den, f.denominator)
    magnitude = np.asarray(np.abs(num))
    if num.dtype != object and den.dtype != object and 2 * (_bound(num) + _bound(den)) < LIMIT:
        units = (  # int64 throughout: no sum or product below can reach LIMIT
            (2 * magnitude + den) // (2 * den) if mode is RoundingMode.HALF_UP
            else magnitude // den if mode is RoundingMode.DOWN
            else (magnitude + den - 1) // den
        )  # fmt: skip
        return np.where(num < 0, -units, units)
    if mode is RoundingMode.HALF_UP:
        units = _iadd(_iscale(magnitude, 2), den) // _iscale(den, 2)
    elif mode is RoundingMode.DOWN:
        units = np.asarray(magnitude // den)
    else:
        units = _iadd(magnitude, _iadd(den, np.array(1, dtype=np.int64), -1)) // den
    return as_int64(np.where(num < 0, -units, units))
