"""The weight each row is scored on: as printed, or derived when the form prints none.

Many templates print only 得分, no 分值. A blank weight is derived, in this order:

1. from a full printed score: a quantitative row whose actual meets its target earns its whole
   weight under every rulebook formula, so its printed score is its weight;
2. from a heading's points (年度绩效目标（80分）, 数量指标（10分）, the reported level-1 points), or,
   on a complete form, from the rulebook's points for the row's level-1 block or for all
   indicators: the points left after the printed weights, split equally among the blank rows
   in whole score steps that add up to those points (50 among 9 rows: 5.56 × 5 + 5.55 × 4),
   or, under a template's own ``level3_weight`` rule, rounded as it says.

A derived weight says how it was derived; findings that rest on it are never errors. A weight
that cannot be derived leaves the row unscored (its printed score is taken as printed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.direction import direction_of
from scoring.fold import same
from scoring.form.model import Actual, Form, Indicator, Target
from scoring.form.shape import child_rows, counted_rows, heading_rows
from scoring.rounding import RoundingMode, as_fraction, plain_decimal, round_to_step
from scoring.rulebook.model import Rulebook

__all__ = ["Weight", "bare_unit", "meets_target", "resolve_weights"]


@dataclass(frozen=True, slots=True)
class Weight:
    """A row's weight and, when the form does not print it, how it was derived."""

    value: Decimal
    derived: str | None = None


def bare_unit(ind: Indicator) -> tuple[Indicator, str | None]:
    """A bare number takes the unit of the other side (the target's, or the actual's): the row
    to score, and the note saying so (None when nothing was assumed)."""
    if ind.op is not None and ind.target.op is None:
        tgt = ind.target
        with_op = Target(text=tgt.text, op=ind.op, value=tgt.value, unit=tgt.unit)
        ind = ind.model_copy(update={"target": with_op})
    t, a = ind.target.printed(), ind.actual.printed()
    if not (t.numeric and a.numeric) or (t.unit is None) == (a.unit is None):
        return ind, None
    if a.unit is None and t.unit is not None:
        actual = Actual(text=ind.actual.text, value=a.value, unit=t.unit, grade=ind.actual.grade)
        note = f"the bare actual {a.text} is read in the target's unit {t.unit}"
        return ind.model_copy(update={"actual": actual}), note
    assert a.unit is not None
    target = Target(text=ind.target.text, op=t.op, value=t.value, unit=a.unit)
    note = f"the bare target {t.text} is read in the actual's unit {a.unit}"
    return ind.model_copy(update={"target": target}), note


def meets_target(ind: Indicator, rb: Rulebook) -> bool:
    """Whether a numeric actual meets its numeric target under its comparator (printed, the
    form's direction, or the one the rulebook's words infer)."""
    row, _ = bare_unit(ind)
    t, a = row.target.printed(), row.actual.printed()
    tm, am = t.magnitude(), a.magnitude()
    if tm is None or am is None or t.percent != a.percent:
        return False
    op = direction_of(row, t, rb).op
    return {">=": am >= tm, "<=": am <= tm, "=": am == tm, ">": am > tm, "<": am < tm}[op]


def resolve_weights(form: Form, rb: Rulebook) -> tuple[Weight | None, ...]:
    """Every row's weight: printed, derived, or None (a breakdown row, or none derivable)."""
    rows = form.indicators
    out: list[Weight | None] = [
        Weight(r.weight.value) if r.weight is not None and r.weight.value is not None else None
        for r in rows
    ]
    counted = counted_rows(rows)
    for i in counted:
        r = rows[i]
        score = r.reported_score
        if out[i] is not None or score is None or r.merged is not None or r.parts:
            continue
        if r.applicable and meets_target(r, rb):
            why = f"the printed score {score.text} of a row that meets its target"
            out[i] = Weight(_v(score.value), why)
    counted_set = set(counted)
    for points, scope, where in _scopes(form, rb):
        _split(out, points, [i for i in scope if i in counted_set], where, rb)
    for parent, kids in child_rows(rows).items():
        if out[parent] is None and all(out[k] is not None for k in kids):
            derived = any(w is not None and w.derived for w in (out[k] for k in kids))
            total = sum((w.value for w in (out[k] for k in kids) if w), Decimal(0))
            out[parent] = Weight(total, "the sum of its child rows" if derived else None)
    return tuple(out)


def _v(value: Decimal | None) -> Decimal:
    assert value is not None
    return value


def _scopes(form: Form, rb: Rulebook) -> list[tuple[Decimal, list[int], str]]:
    """Point totals that cover rows, narrowest first: headings, then the rulebook's blocks."""
    out: list[tuple[Decimal, list[int], str]] = []
    blocks = form.reported.blocks
    for block in blocks:
        rows = heading_rows(form, block, blocks)
        if block.points.value is not None and rows:
            out.append(
                (block.points.value, rows, f"the heading {block.label}（{block.points.text}分）")
            )
    out.sort(key=lambda scope: len(scope[1]))  # the narrowest heading first
    counted = counted_rows(form.indicators)
    for name, sub in form.reported.level1.items():
        rows = [i for i in counted if form.indicators[i].level1 == name]
        if sub.points is not None and sub.points.value is not None and rows:
            out.append((sub.points.value, rows, f"{name} {sub.points.text} points as printed"))
    if form.partial:
        return out  # rows outside the excerpt would take their share
    structure = rb.indicators.structure.value or {}
    for name, points in structure.items():
        rows = [i for i in counted if same(form.indicators[i].level1, name)]  # 產出指標 too
        if rows:
            out.append((points, rows, f"{rb.id} gives {name} {points} points"))
    points = rb.indicators.points.value
    out.append((points, counted, f"{rb.id} gives the indicators {points} points"))
    return out


def _split(
    out: list[Weight | None], points: Decimal, scope: list[int], where: str, rb: Rulebook
) -> None:
    blank = [i for i in scope if out[i] is None]
    if not blank:
        return
    left = points - sum((w.value for w in (out[i] for i in scope) if w), Decimal(0))
    if left < 0:
        return
    rule = rb.indicators.level3_weight  # the template's own rounding of a split, if it has one
    how = f"{where}, less the printed weights, split among {len(blank)} row(s) without one"
    if rule is None:
        shares = _apportion(left, len(blank), rb.rounding.score_step.value)
        if shares is not None:
            if len(set(shares)) > 1:
                how += f", in steps of {rb.rounding.score_step.value} that add up to {left}"
            for i, share in zip(blank, shares, strict=True):
                out[i] = Weight(share, how)
            return
    step = rule.value.step if rule else rb.rounding.score_step.value
    mode = rule.value.mode if rule else RoundingMode.HALF_UP
    share = plain_decimal(round_to_step(as_fraction(left) / len(blank), step, mode))
    exact = as_fraction(share) * len(blank) == as_fraction(left)
    if not exact:
        how += f", rounded {mode.replace('_', '-')} to {step}"
        how += f" ({rb.id}:indicators.level3_weight)" if rule else ""
    for i in blank:
        out[i] = Weight(share, how)


def _apportion(points: Decimal, rows: int, step: Decimal) -> list[Decimal] | None:
    """``points`` split among ``rows`` rows in whole steps that add up to the points exactly
    (the first rows take the steps left over: 50 among 9 is 5.56 × 5 + 5.55 × 4), or None when
    the points are not a whole number of steps."""
    units = as_fraction(points) / as_fraction(step)
    if units.denominator != 1:
        return None
    base, extra = divmod(units.numerator, rows)
    return [plain_decimal(step * (base + (1 if k < extra else 0))) for k in range(rows)]
