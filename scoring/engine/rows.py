"""Every row of the indicator table scored as printed: blank cells, derived weights, bare units,
parent (subtotal) rows, 其中 breakdown rows and merged score cells.

A row is scored by the engine's ``score_indicator`` on its weight (printed or derived,
``weights.py``) and with a bare number read in the other side's unit. A row that cannot be
scored — blank actual, blank target of a quantitative row, no weight to be had — is not given
0: its printed score, if any, is taken as printed and the row is marked not ``known``, so no
check compares against it. A parent row's score is the sum of its children's; a 其中 row is
not scored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from scoring.engine.sheet import IndicatorResult, Kind
from scoring.engine.weights import Weight, bare_unit
from scoring.form.model import Form, Indicator
from scoring.form.printed import is_illegible
from scoring.form.shape import child_rows, row_roles
from scoring.rounding import as_fraction
from scoring.rulebook.model import Rulebook
from scoring.trace import Trace
from scoring.values import parse_printed

__all__ = ["COMPARATOR_NOTE", "ScoreOne", "finish_parents", "score_rows"]

COMPARATOR_NOTE = (
    "the 指标性质 cell is blank and the target prints no comparator: the rulebook's default "
    "comparator is used"
)
"""What scoring assumes of a row whose 指标性质 column is printed blank."""

ScoreOne = Callable[[Indicator, int], IndicatorResult]
"""The engine's scoring of one row (``score_indicator`` under a rulebook and policy)."""


def _why_not_scored(ind: Indicator, weight: Weight | None) -> str | None:
    if weight is None:
        return "no weight is printed and none can be derived"
    if ind.parts:
        return None
    if ind.actual.blank:
        return f"the actual (实际完成值) is {_missing(ind.actual.text)}"
    quantitative = ind.declared_kind == "quantitative" or ind.actual.printed().numeric
    if ind.target.blank and quantitative and ind.actual.grade is None:
        return f"the target (目标值) is {_missing(ind.target.text)}"
    return None


def _missing(text: str) -> str:
    """How a cell holds nothing: left blank, or printed but marked illegible."""
    return "illegible" if is_illegible(text) else "not printed"


def _not_scored(
    ind: Indicator, index: int, why: str, role: str = "row", weight: Weight | None = None
) -> IndicatorResult:
    if weight is not None and ind.weight is None:  # derived: the row keeps it, though not scored
        ind = ind.model_copy(update={"weight": parse_printed(f"{weight.value:f}")})
    printed = ind.reported_score.value if ind.reported_score is not None else None
    value = printed if printed is not None and ind.merged is None else Decimal(0)
    taken = "the printed score is taken as printed" if value == printed else "no score counted"
    trace = Trace(
        label=f"得分 {ind.name}",
        rule="form",
        clause="as printed",
        formula="not scored",
        inputs={"weight": ind.weight.text if ind.weight else "not printed",
                "actual": ind.actual.text or "not printed"},
        branch=f"not scored: {why}; {taken}",
        exact=as_fraction(value),
        value=value,
    )  # fmt: skip
    kind: Kind = "qualitative" if ind.declared_kind == "qualitative" else "quantitative"
    if role == "breakdown":
        return IndicatorResult(index, ind, kind, Decimal(0), trace, role="breakdown")
    return IndicatorResult(index, ind, kind, value, trace, known=False)


def _score_row(
    form: Form, i: int, role: str, weight: Weight | None, one: ScoreOne
) -> IndicatorResult:
    ind = form.indicators[i]
    if role == "breakdown":
        return _not_scored(ind, i, f"a 其中 row detailing {ind.parent}", role="breakdown")
    why = _why_not_scored(ind, weight)
    if why is not None or weight is None:
        return _not_scored(ind, i, why or "no weight", weight=weight)
    row, note = bare_unit(ind)
    notes: tuple[str, ...] = (note,) if note else ()
    if ind.nature == "" and not ind.target.printed().op and ind.target.printed().numeric:
        notes += (COMPARATOR_NOTE,)
    if ind.weight is None or ind.weight.value != weight.value:
        row = row.model_copy(update={"weight": parse_printed(f"{weight.value:f}")})
    if ind.merged is not None:
        row = row.model_copy(update={"reported_score": None})  # the cell holds the group's sum
    result = one(row, i)
    inputs = dict(result.trace.inputs)
    if weight.derived and "weight" in inputs:
        inputs["weight"] = f"{inputs['weight']} (not printed: derived from {weight.derived})"
    if notes:
        inputs["assumed"] = "; ".join(notes)
    trace = replace(result.trace, inputs=inputs)
    return replace(result, trace=trace, derived=weight.derived, assumed=notes,
                   role="parent" if role == "parent" else "row")  # fmt: skip


def score_rows(
    form: Form, weights: Sequence[Weight | None], one: ScoreOne
) -> tuple[IndicatorResult, ...]:
    """Every row scored (parents provisionally; ``finish_parents`` sums their children)."""
    roles = row_roles(form.indicators)
    return tuple(_score_row(form, i, roles[i], weights[i], one) for i in range(len(roles)))


def finish_parents(
    form: Form, results: Sequence[IndicatorResult], rb: Rulebook
) -> tuple[IndicatorResult, ...]:
    """Each parent row's score set to the sum of its children's (after any block scaling)."""
    out = list(results)
    for parent, kids in child_rows(form.indicators).items():
        rows = [results[k] for k in kids]
        exact = sum((r.trace.exact for r in rows), Fraction(0))
        value = sum((r.score for r in rows), Decimal(0))
        p = results[parent]
        trace = Trace(
            label=f"得分 {p.indicator.name}",
            rule=f"{rb.id}:rounding.total",
            clause="a parent row is the sum of its child rows",
            formula=" + ".join(r.indicator.name for r in rows),
            inputs={r.indicator.name: str(r.score) for r in rows},
            branch=f"sum of {len(rows)} child rows",
            exact=exact,
            value=value,
            children=tuple(r.trace for r in rows),
        )
        out[parent] = replace(p, score=value, trace=trace, role="parent", problems=(),
                              flags=(), known=all(r.known for r in rows), unscaled=None,
                              derived=p.derived)  # fmt: skip
    return tuple(out)
