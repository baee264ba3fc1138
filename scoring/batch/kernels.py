"""The rulebook's scores on columns: execution, quantitative formulas, qualitative bands.

Each function mirrors one function of scoring/engine.py row for row and returns scores as
integer counts of the rulebook's score step (``units``), so sums are exact integer sums.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np

from scoring.batch.columns import Numbers
from scoring.batch.exact import Ints, Mask, Q, compare, constant, mul, round_units, select
from scoring.batch.formulas import Result, evaluate, supported
from scoring.batch.support import put
from scoring.formula.evaluate import Formula
from scoring.rounding import RoundingMode
from scoring.rulebook.model import Rulebook

__all__ = ["Book", "execution_units", "formula_units", "held", "qualitative_units"]

KNOWN_FIELDS = {
    "Rulebook": {"id", "title", "region", "period", "kinds", "automatic", "extends", "sources",
                 "execution",
                 "indicators", "rounding", "aggregation", "grades", "formulas", "diagnosis",
                 "compiled", "claims"},
    "Execution": {"points", "basis", "formula", "rate_step", "zero_budget_rate", "amount_step",
                  "indicator_words"},
    "Indicators": {"points", "default_op", "formulas", "bands", "grade_words", "qualitative",
                   "directions", "structure", "structure_fallback", "negative_actual",
                   "not_applicable", "over_achievement", "level3_weight", "core"},
    "Rounding": {"score_step", "score_mode", "total"},
}  # fmt: skip
"""Rulebook fields whose effect on scores the column path mirrors (the others send a
rulebook's forms to the engine): ``basis``, ``amount_step``, ``not_applicable`` (a table row is
always applicable), ``over_achievement`` and ``claims`` (warnings) and ``aggregation`` (parts)
do not change the score of a table row."""

SETTLED, LOOSE, UNKNOWN = 0, 1, 2
"""How a qualitative row's grade is read: by the form or a cited word (its band is checked), by
its target or an assumed word (a printed score stands, within 0–weight), or not at all."""

OP_ALIASES = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", "=": "=", "==": "=", ">": ">", "<": "<"}
"""Comparator spellings accepted in the ``op`` column, and the rulebook's name for each."""


@dataclass
class Book:
    """What the column path needs of one rulebook, read once: steps, formulas, bands, grades."""

    rb: Rulebook
    step: Decimal
    mode: RoundingMode
    ops: dict[str, str]
    default_op: str
    bands: dict[str, tuple[Fraction, Fraction]]
    top: str
    grades: list[tuple[int, str]]
    default_grade: str
    clamp: bool = False
    structure: dict[str, Decimal] | None = None
    fallbacks: dict[str, str] = field(default_factory=dict)
    fallback: str | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, rb: Rulebook) -> Book:
        """Read a rulebook; ``fallback`` says why its forms must take the per-form exact path."""
        step, ind = rb.rounding.score_step.value, rb.indicators
        bands: dict[str, tuple[Fraction, Fraction]] = {
            g: (Fraction(lo), Fraction(hi)) for g, (lo, hi) in ind.bands.value.items()
        }
        ordered = sorted(rb.grades.value, key=lambda b: b.min, reverse=True)
        # the last band written wins, so write from the lowest threshold up (ties: list order)
        grades = [(math.ceil(Fraction(b.min) / Fraction(step)), b.grade) for b in reversed(ordered)]
        book = cls(
            rb=rb,
            step=step,
            mode=rb.rounding.score_mode.value,
            ops={k: str(v) for k, v in ind.formulas.value.items()},
            default_op=str(ind.default_op.value),
            bands=bands,
            top=max(bands, key=lambda g: bands[g][1]),
            grades=grades,
            default_grade=rb.grades.value[-1].grade,
        )
        book.clamp = ind.negative_actual.value == "clamp_zero"
        book.structure = ind.structure.value
        book.fallbacks = dict(ind.structure_fallback.value)
        book.fallback = _unmirrored(rb)
        if rb.rounding.total.value != "sum_of_rounded":
            book.fallback = f"totals are {rb.rounding.total.value}, which adds unrounded scores"
        for name in {rb.execution.formula.value, *book.ops.values()}:
            f = rb.formula(name)
            if not all(supported(c.then) and (c.when is None or supported(c.when)) for c in f.cases):
                book.fallback = f"formula {name!r} uses an expression the column path lacks"
        return book


def _unmirrored(rb: Rulebook) -> str | None:
    """Why the column path cannot mirror a rulebook's rules, or None when it can."""
    sections = {"Rulebook": rb, "Execution": rb.execution, "Indicators": rb.indicators,
                "Rounding": rb.rounding}  # fmt: skip
    for name, section in sections.items():
        unknown = sorted(set(type(section).model_fields) - KNOWN_FIELDS[name])
        if unknown:
            return f"it has rules the column path does not mirror ({', '.join(unknown)})"
    if rb.indicators.negative_actual.value not in ("as_is", "clamp_zero"):
        return f"negative_actual is {rb.indicators.negative_actual.value}"
    return None


def _units(result: Result, book: Book, top: Q) -> tuple[Ints, Mask]:
    return within(round_units(held(result.value, top), book.step, book.mode), top, book), result.failed


def within(units: Ints, top: Q, book: Book) -> Ints:
    """Rounded units never above the weight (rounding.round_within): at most its last step."""
    cap = round_units(top, book.step, RoundingMode.DOWN)
    return np.where(units > cap, cap, units).astype(units.dtype)


def held(value: Q, top: Q) -> Q:
    """Each row's score held within [0, top] (variants.within_weight), whatever the formula gave."""
    zero = constant(Fraction(0))
    value = select(compare("<", value, zero), zero, value)
    return select(compare(">", value, top), top, value)


def execution_units(book: Book, budget: Numbers, executed: Numbers) -> tuple[Ints, Mask]:
    """Execution score per form (engine.execution_score), in score-step units; failed rows."""
    ex = book.rb.execution
    a, b = budget.ints, executed.ints
    zero = a == 0
    ratio = Q(b, np.where(zero, 1, a), Fraction(10**budget.scale, 10**executed.scale))
    rate = select(zero, constant(Fraction(ex.zero_budget_rate.value)), ratio)
    if ex.rate_step.value is not None:
        step = ex.rate_step.value
        rate = Q(round_units(rate, step, RoundingMode.HALF_UP), None, Fraction(step))
    env = {"points": constant(Fraction(ex.points.value)), "rate": rate}
    return _units(evaluate(book.rb.formula(ex.formula.value), env, len(a)), book, env["points"])


def formula_units(
    formula: Formula, weight: Numbers, target: Numbers, actual: Numbers, book: Book
) -> tuple[Ints, Mask]:
    """Quantitative rows under one formula (engine._quantitative), in units; failed rows."""
    used = actual.q()
    if book.clamp:  # indicators.negative_actual: clamp_zero (variants.formula_actual)
        used = Q(np.maximum(actual.ints, 0), None, used.scale)
    env = {"weight": weight.q(), "target": target.q(), "actual": used}
    return _units(evaluate(formula, env, len(weight.ints)), book, env["weight"])


def qualitative_units(
    weight: Numbers, reported: Numbers, grade: np.ndarray, how: np.ndarray, book: Book
) -> Ints:
    """Qualitative rows (engine/qualitative.py): the score kept within its grade's band, in units.

    ``grade`` holds each row's grade as its position in ``book.bands``, -1 for none; ``how``
    whether the grade is the form's own (SETTLED: a printed score must lie in its band), read
    from the target or an assumed word (LOOSE: a printed score stands, within 0–weight), or
    unknown. With no score, full weight for the top grade and the band minimum for the others;
    an unknown grade with no score is 0, with one the score stands. A printed score is always
    held within 0–weight first.
    """
    rounded_r = within(round_units(held(reported.q(), weight.q()), book.step, book.mode),
                       weight.q(), book)  # fmt: skip
    units = np.where(reported.present, rounded_r, 0).astype(rounded_r.dtype)
    for g, (name, (lo, hi)) in enumerate(book.bands.items()):
        rows = np.flatnonzero(grade == g)
        if len(rows) == 0:
            continue
        given, w, r = reported.take(rows), weight.take(rows).q(), reported.take(rows).q()
        low, high = mul(w, constant(lo)), mul(w, constant(hi))
        lo_u = within(round_units(low, book.step, book.mode), w, book)
        hi_u = within(round_units(high, book.step, book.mode), w, book)
        top = name == book.top
        below_top = compare("<=", r, high) if top else compare("<", r, high)
        inside = compare(">=", r, low) & below_top
        outside = np.where(compare(">", r, high), hi_u, lo_u)
        chosen = np.where(inside, rounded_r[rows], outside)
        chosen = np.where(how[rows] == SETTLED, chosen, rounded_r[rows])  # LOOSE: as printed
        units = put(units, rows, np.where(given.present, chosen, hi_u if top else lo_u))
    return units
