"""Checks of what a statement says about sums: level-1 subtotals, indicator scores, total, grade."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from scoring.engine.sheet import IndicatorResult
from scoring.engine.variants import block_scales
from scoring.findings import Severity
from scoring.form.shape import counted_rows
from scoring.form.statement import IndicatorStatement, Statement, Subtotal
from scoring.io.located import FieldPath
from scoring.rounding import as_fraction, pct
from scoring.values import Printed
from scoring.verify.context import CheckContext, because, ratio_agrees, resting, val
from scoring.verify.diagnose import diagnose_indicator_score
from scoring.verify.grand_total import carried_assumptions, check_grade, check_total

__all__ = ["check_statement_totals"]


def check_statement_totals(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """Subtotals, indicator scores, the total and the grade that one statement gives."""
    for name, sub in st.level1.items():
        _check_subtotal(ctx, (*path, "level1", name), name, sub, section)
    _check_indicator_statements(ctx, path, st, section)
    _check_count(ctx, path, st, section)
    check_total(ctx, path, st, section)
    check_grade(ctx, path, st, section)


def _level1_rows(ctx: CheckContext, name: str) -> list[int]:
    rows = ctx.sheet.form.indicators
    return [i for i in counted_rows(rows) if rows[i].level1 == name]


def _level1_weight(ctx: CheckContext, name: str) -> Decimal:
    rows = ctx.sheet.rows_form.indicators
    return sum((rows[i].printed_weight or Decimal(0) for i in _level1_rows(ctx, name)), Decimal(0))


def _check_subtotal(
    ctx: CheckContext, path: FieldPath, name: str, sub: Subtotal, section: str
) -> None:
    sheet = ctx.sheet
    weight = _level1_weight(ctx, name)
    if sheet.form.partial:
        return  # the excerpt's skip finding names these checks
    if sub.score is not None:
        _check_subtotal_score(ctx, path, name, sub.score, section)
    blank = [i for i in _level1_rows(ctx, name) if sheet.form.indicators[i].weight is None]
    if sub.points is not None and blank:
        ctx.skip((*path, "points"), f"{section}'s {name} {sub.points.text} points",
                 "its rows print no weight", section)  # fmt: skip
    elif sub.points is not None and val(sub.points) != weight:
        ctx.add(
            "SUBTOTAL_POINTS_MISMATCH",
            Severity.ERROR,
            (*path, "points"),
            f"{section} gives {name} {sub.points.text} points; its indicators weigh {weight}",
            section=section,
            stated=sub.points.text,
            computed=str(weight),
            params={"name": name},
        )
    _check_subtotal_rate(ctx, path, name, sub, section, weight)


def _check_subtotal_score(
    ctx: CheckContext, path: FieldPath, name: str, score: Printed, section: str
) -> None:
    sheet = ctx.sheet
    computed = sheet.subtotals.get(name)
    if f"level1:{name}" in sheet.unknown:
        ctx.skip((*path, "score"), f"{section}'s {name} {score.text}",
                 f"a {name} row is not scored", section)  # fmt: skip
        return
    stated = val(score)
    if computed is not None and stated == computed.value:
        return
    shown = str(computed.value) if computed else "0"
    if stated == sheet.indicator_total.value and len(sheet.subtotals) > 1:
        parts = " + ".join(f"{k} {t.value}" for k, t in sheet.subtotals.items())
        ctx.add(
            "SUBTOTAL_MISMATCH",
            Severity.WARNING,
            (*path, "score"),
            f"{section} gives {name} {stated}, the score of all indicators ({parts}): "
            f"the label {name} covers the whole indicator table; {name} alone is {shown}",
            section=section,
            stated=str(stated),
            computed=shown,
            diagnosis="label",
            params={"variant": "label", "name": name, "parts": parts},
        )
        return
    carried = carried_assumptions(ctx)
    rows = (
        f"the form's {name} rows add up to {shown}" if computed else f"the form has no {name} rows"
    )
    ctx.add(
        "SUBTOTAL_MISMATCH",
        resting(Severity.ERROR, carried),
        (*path, "score"),
        f"{section} gives {name} {stated}; {rows}{because(carried)}",
        section=section,
        stated=str(stated),
        computed=shown,
        diagnosis="unexplained",
        params={"name": name},
    )


def _check_subtotal_rate(
    ctx: CheckContext, path: FieldPath, name: str, sub: Subtotal, section: str, weight: Decimal
) -> None:
    if sub.score_rate is None or f"level1:{name}" in ctx.sheet.unknown:
        return
    base_score = val(sub.score) if sub.score is not None else None
    computed = ctx.sheet.subtotals.get(name)
    # a block scaled to the rulebook's points (variants.fit_structure) is rated on those points
    points = as_fraction(weight) * block_scales(ctx.sheet.rows_form, ctx.sheet.rulebook).get(
        name, 1
    )
    exact = (computed.exact if computed else Fraction(0)) / points if weight else None
    if exact is not None and ratio_agrees(sub.score_rate, exact):
        return
    if base_score is not None and base_score == ctx.sheet.indicator_total.value:
        total_points = as_fraction(ctx.sheet.rulebook.indicators.points.value)
        if ratio_agrees(sub.score_rate, as_fraction(base_score) / total_points):
            return  # the label finding on the score already says this
    shown = pct(exact) if exact is not None else "0 %"
    carried = carried_assumptions(ctx)
    ctx.add(
        "SUBTOTAL_RATE_MISMATCH",
        resting(Severity.ERROR, carried),
        (*path, "score_rate"),
        f"{section} gives {name} 得分率 {sub.score_rate.text}; computed {shown}"
        + ("" if exact is not None else f" (the form has no {name} rows with weight)")
        + because(carried),
        section=section,
        stated=sub.score_rate.text,
        computed=shown,
        params={"name": name},
        diagnosis="unexplained",
    )


def _check_indicator_statements(
    ctx: CheckContext, path: FieldPath, st: Statement, section: str
) -> None:
    by_name = {r.indicator.name: r for r in ctx.sheet.indicators}
    for name, said in st.indicators.items():
        where: FieldPath = (*path, "indicators", name)
        result = by_name.get(name)
        if result is None and ctx.sheet.form.partial:
            ctx.skip(where, f"what {section} says of {name}",
                     "the row is not in the excerpt", section)  # fmt: skip
            continue
        if result is None:
            ctx.add(
                "UNKNOWN_INDICATOR",
                Severity.ERROR,
                where,
                f"{section} speaks of indicator {name!r}, which is not on the form",
                section=section,
                params={"name": name},
            )
            continue
        _check_said(ctx, where, result, said, section)


def _check_said(
    ctx: CheckContext,
    where: FieldPath,
    result: IndicatorResult,
    said: IndicatorStatement,
    section: str,
) -> None:
    """What one section says of one row (its weight, its score) against the row."""
    name = result.indicator.name
    if not result.known:
        if said.weight is not None or said.score is not None:
            ctx.skip(where, f"what {section} says of {name}", "the row is not scored", section)
        return
    assumed = [f"the weight is derived from {result.derived}"] if result.derived else []
    assumed += result.assumed
    if said.weight is not None and val(said.weight) != result.weight:
        ctx.add(
            "WEIGHT_MISMATCH",
            resting(Severity.ERROR, assumed),
            (*where, "weight"),
            f"{section} gives {name} {said.weight.text} points; the form's weight is "
            f"{result.weight}{because(assumed)}",
            section=section,
            stated=said.weight.text,
            computed=str(result.weight),
            params={"name": name},
        )
    if said.score is None or _in_own_band(result, val(said.score)):
        return  # a qualitative row with no printed score: the stated one is a judgement
    if val(said.score) != result.form_score:  # on its own weight
        why = (diagnose_indicator_score(val(said.score), result.form_trace.exact, ctx.sheet)
               if result.kind == "quantitative" else None)  # fmt: skip
        ctx.add(
            "INDICATOR_SCORE_MISMATCH",
            why.severity if why else resting(Severity.ERROR, assumed),
            (*where, "score"),
            f"{section} gives {name} {said.score.text}; computed {result.form_score}"
            + (f": {why.text}" if why else "") + because(assumed),
            section=section,
            stated=said.score.text,
            computed=str(result.form_score),
            diagnosis=why.kind if why else "unexplained",
            rule=result.trace.clause,
            params={"variant": "statement", "name": name},
        )


def _check_count(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    form = ctx.sheet.form
    if form.partial:
        return
    rows = len(counted_rows(form.indicators))
    every = len([r for r in form.indicators if r.role == "indicator"])  # parents included
    if st.indicator_count is not None and st.indicator_count not in (rows, every):
        ctx.add(
            "INDICATOR_COUNT_MISMATCH",
            Severity.ERROR,
            (*path, "indicator_count"),
            f"{section} says {st.indicator_count} indicators were set; the form has {rows}",
            section=section,
            stated=str(st.indicator_count),
            computed=str(rows),
            diagnosis="unexplained",
        )

def _in_own_band(result: IndicatorResult, score: Decimal) -> bool:
    """A score stated for a qualitative row that prints none, inside its grade's band."""
    band = result.band
    return (
        result.kind == "qualitative"
        and result.indicator.reported_score is None
        and band is not None
        and band[0] <= score <= band[1]
    )
