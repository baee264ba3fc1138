"""Every rulebook parameter within its range, checked when the rulebook is read.

A parameter out of range must never reach scoring, where it would either score silently wrong
(``execution.points: -20``) or fail there and be blamed on a form (``score_step: 0``). So:

- every number within the documented bounds (scoring/limits.py): ``1e999999999`` is refused
  before anything computes with it;
- every comparator mapped to a formula, every grade to a band, at least one grade;
- points > 0 (execution points ≥ 0: some templates score no execution block), steps > 0,
  block weights ≥ 0, a zero-budget rate within [0, 1], grade minima ≥ 0, and the bands of
  the three grades within [0, 1], each low ≤ high, ordered
  未达成 ≤ 部分达成 ≤ 达成 (``range_problems``);
- each parameter a formula takes as an input inside the domain that formula declares
  (``domain_problems``: ``execution.points`` against the execution formula's bounds on
  ``points``).

Problems are returned as ``(dotted path, problem)`` for the loader to place on their line.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import BaseModel

from scoring.limits import number_problem
from scoring.rulebook.claims import Claim
from scoring.values import Op

__all__ = ["domain_problems", "range_problems"]

Problem = tuple[str, str]

_GRADE_ORDER = ("未达成", "部分达成", "达成")


def _numbers(value: Any, path: str) -> Iterator[tuple[str, Decimal]]:
    """Every Decimal in a (validated) rulebook, with its dotted path."""
    if isinstance(value, Decimal):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _numbers(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _numbers(item, f"{path}.{key}")
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _numbers(item, f"{path}.{i}")


def _at_least(path: str, value: Decimal | None, low: int, strict: bool) -> Iterator[Problem]:
    if value is None:
        return
    if value < low or (strict and value == low):
        sign = ">" if strict else "≥"
        yield path, f"must be {sign} {low}, got {value}"


def _bands(bands: Mapping[str, tuple[Decimal, Decimal]]) -> Iterator[Problem]:
    path = "indicators.bands.value"
    for grade, (low, high) in bands.items():
        if not (0 <= low <= high <= 1):
            yield f"{path}.{grade}", f"a band must lie within [0, 1] with low ≤ high, got [{low}, {high}]"
    ordered = [bands[g] for g in _GRADE_ORDER if g in bands]
    for (_, below_high), (above_low, _) in itertools.pairwise(ordered):
        if below_high > above_low:
            shown = ", ".join(f"{g} [{lo}, {hi}]" for g, (lo, hi) in bands.items())
            yield path, f"bands must be ordered 未达成 ≤ 部分达成 ≤ 达成 without overlap: {shown}"
            return


def _complete(rb: Any) -> Iterator[Problem]:
    """Every comparator has a formula, every grade a band, and there is at least one grade."""
    ind = rb.indicators
    missing = [op.value for op in Op if op not in ind.formulas.value]
    if missing:
        yield "indicators.formulas.value", f"no formula for {', '.join(missing)}: map every comparator"
    absent = [g for g in _GRADE_ORDER if g not in ind.bands.value]
    if absent:
        yield "indicators.bands.value", f"no band for {', '.join(absent)}: give each grade its band"
    if not rb.grades.value:
        yield "grades.value", "at least one grade is needed (the lowest with min 0)"


def range_problems(rb: Any) -> list[Problem]:
    """Every parameter of a validated rulebook outside its range (empty when all are in range)."""
    found: list[Problem] = [
        (path, problem)
        for path, value in _numbers(rb, "")
        if (problem := number_problem(value)) is not None
    ]
    if found:  # later checks compute with these numbers
        return found
    ex, ind, rnd = rb.execution, rb.indicators, rb.rounding
    # 0: a template that scores no execution block (process-block forms); never negative
    found += _at_least("execution.points.value", ex.points.value, 0, strict=False)
    found += _at_least("execution.rate_step.value", ex.rate_step.value, 0, strict=True)
    found += _at_least("execution.amount_step.value", ex.amount_step.value, 0, strict=True)
    rate = ex.zero_budget_rate.value
    if not 0 <= rate <= 1:
        found.append(("execution.zero_budget_rate.value", f"must lie within [0, 1], got {rate}"))
    found += _at_least("indicators.points.value", ind.points.value, 0, strict=True)
    for block, points in (ind.structure.value or {}).items():
        found += _at_least(f"indicators.structure.value.{block}", points, 0, strict=False)
    found += _bands(ind.bands.value)
    found += _complete(rb)
    found += _at_least("rounding.score_step.value", rnd.score_step.value, 0, strict=True)
    for i, band in enumerate(rb.grades.value):
        found += _at_least(f"grades.value.{i}.min", band.min, 0, strict=False)
    for i, alt in enumerate(rb.diagnosis):
        found += _at_least(f"diagnosis.{i}.rate_step", alt.rate_step, 0, strict=True)
        found += _at_least(f"diagnosis.{i}.score_step", alt.score_step, 0, strict=True)
    return found


def _outside(claim: Claim, name: str, value: Fraction) -> str | None:
    for input_name, low, high, positive in claim.bounds:
        if input_name != name:
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            return claim.domain_text
        if positive and value <= 0:
            return claim.domain_text
    return None


def domain_problems(rb: Any, claims: Mapping[str, Sequence[Claim]]) -> list[Problem]:
    """Rulebook parameters that a formula takes as an input, outside every domain it declares:
    ``execution.points`` as ``points`` and ``execution.zero_budget_rate`` as ``rate`` of the
    execution formula."""
    name = rb.execution.formula.value
    regions = claims.get(name, ())
    found = []
    for path, param, value in (("execution.points.value", "points", rb.execution.points.value),
                               ("execution.zero_budget_rate.value", "rate",
                                rb.execution.zero_budget_rate.value)):  # fmt: skip
        misses = [d for c in regions if (d := _outside(c, param, Fraction(value))) is not None]
        if regions and len(misses) == len(regions):
            found.append((path, f"{value} lies outside the domain of formula {name} "
                                f"({'; '.join(misses)})"))  # fmt: skip
    return found
