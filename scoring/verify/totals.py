"""Checks of what a statement says about sums: level-1 subtotals, indicator scores, total, grade."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from scoring.engine.variants import block_scales
from scoring.findings import Severity
from scoring.form.model import Statement, Subtotal
from scoring.io.located import FieldPath
from scoring.rounding import as_fraction, pct
from scoring.verify.context import CheckContext, ratio_agrees, val
from scoring.verify.diagnose import diagnose_total

__all__ = ["check_statement_totals"]


def check_statement_totals(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """Subtotals, indicator scores, the total and the grade that one statement gives."""
    for name, sub in st.level1.items():
        _check_subtotal(ctx, (*path, "level1", name), name, sub, section)
    _check_indicator_statements(ctx, path, st, section)
    _check_count(ctx, path, st, section)
    _check_total(ctx, path, st, section)
    _check_grade(ctx, path, st, section)


def _level1_weight(ctx: CheckContext, name: str) -> Decimal:
    return sum((val(i.weight) for i in ctx.sheet.form.indicators if i.level1 == name), Decimal(0))


def _check_subtotal(
    ctx: CheckContext, path: FieldPath, name: str, sub: Subtotal, section: str
) -> None:
    sheet = ctx.sheet
    computed = sheet.subtotals.get(name)
    weight = _level1_weight(ctx, name)
    if sub.score is not None:
        stated = val(sub.score)
        if computed is None or stated != computed.value:
            shown = str(computed.value) if computed else "none"
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
            else:
                ctx.add(
                    "SUBTOTAL_MISMATCH",
                    Severity.ERROR,
                    (*path, "score"),
                    f"{section} gives {name} {stated}; the form's {name} rows add up to {shown}",
                    section=section,
                    stated=str(stated),
                    computed=shown,
                    diagnosis="unexplained",
                    params={"name": name},
                )
    if sub.points is not None and val(sub.points) != weight:
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


def _check_subtotal_rate(
    ctx: CheckContext, path: FieldPath, name: str, sub: Subtotal, section: str, weight: Decimal
) -> None:
    if sub.score_rate is None:
        return
    base_score = val(sub.score) if sub.score is not None else None
    computed = ctx.sheet.subtotals.get(name)
    # a block scaled to the rulebook's points (variants.fit_structure) is rated on those points
    points = as_fraction(weight) * block_scales(ctx.sheet.form, ctx.sheet.rulebook).get(name, 1)
    exact = (computed.exact if computed else Fraction(0)) / points if weight else None
    if exact is not None and ratio_agrees(sub.score_rate, exact):
        return
    if base_score is not None and base_score == ctx.sheet.indicator_total.value:
        total_points = as_fraction(ctx.sheet.rulebook.indicators.points.value)
        if ratio_agrees(sub.score_rate, as_fraction(base_score) / total_points):
            return  # the label finding on the score already says this
    shown = pct(exact) if exact is not None else "none"
    ctx.add(
        "SUBTOTAL_RATE_MISMATCH",
        Severity.ERROR,
        (*path, "score_rate"),
        f"{section} gives {name} 得分率 {sub.score_rate.text}; computed {shown}",
        section=section,
        stated=sub.score_rate.text,
        computed=shown,
        diagnosis="unexplained",
        params={"name": name},
    )


def _check_indicator_statements(
    ctx: CheckContext, path: FieldPath, st: Statement, section: str
) -> None:
    by_name = {r.indicator.name: r for r in ctx.sheet.indicators}
    for name, said in st.indicators.items():
        where: FieldPath = (*path, "indicators", name)
        result = by_name.get(name)
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
        if said.weight is not None and val(said.weight) != result.weight:
            ctx.add(
                "WEIGHT_MISMATCH",
                Severity.ERROR,
                (*where, "weight"),
                f"{section} gives {name} {said.weight.text} points; the form's weight is "
                f"{result.weight}",
                section=section,
                stated=said.weight.text,
                computed=str(result.weight),
                params={"name": name},
            )
        if said.score is not None and val(said.score) != result.form_score:  # on its own weight
            ctx.add(
                "INDICATOR_SCORE_MISMATCH",
                Severity.ERROR,
                (*where, "score"),
                f"{section} gives {name} {said.score.text}; computed {result.form_score}",
                section=section,
                stated=said.score.text,
                computed=str(result.form_score),
                diagnosis="unexplained",
                rule=result.trace.clause,
                params={"variant": "statement", "name": name},
            )


def _check_count(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    rows = len(ctx.sheet.form.indicators)
    if st.indicator_count is not None and st.indicator_count != rows:
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


def _rows_sum(ctx: CheckContext, st: Statement) -> Decimal | None:
    """The total of the rows the statement itself prints, when it prints them all."""
    form = ctx.sheet.form
    execution = st.execution_score
    if st is form.reported:
        scores = [i.reported_score for i in form.indicators]
        if execution is None or any(s is None for s in scores):
            return None
        return val(execution) + sum((val(s) for s in scores if s is not None), Decimal(0))
    if execution is None or not st.level1:
        return None
    subs = [s.score for s in st.level1.values()]
    if any(s is None for s in subs):
        return None
    return val(execution) + sum((val(s) for s in subs if s is not None), Decimal(0))


def _check_total(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet = ctx.sheet
    if st.total is None:
        return
    stated, computed = val(st.total), sheet.total.value
    rows = _rows_sum(ctx, st)
    # under round_of_exact the rulebook's own total need not be the sum of the rounded rows
    exact_total = sheet.rulebook.rounding.total.value == "round_of_exact" and stated == computed
    if st is sheet.form.reported and rows is not None and rows != stated and not exact_total:
        _total_not_sum(ctx, path, stated, rows, section)
        return
    if stated == computed:
        return
    rates = [r for r in (st.execution_rate, sheet.form.reported.execution_rate) if r is not None]
    why = diagnose_total(stated, sheet, rows, rates)
    ctx.add(
        "TOTAL_MISMATCH",
        why.severity if why else Severity.ERROR,
        (*path, "total"),
        why.text
        if why
        else f"总分 {stated} is not the computed {computed} and no known rounding produces it",
        section=section,
        stated=str(stated),
        computed=str(computed),
        diagnosis=why.kind if why else "unexplained",
        rule=sheet.total.clause,
        params=why.params if why else {},
    )


def _total_not_sum(
    ctx: CheckContext, path: FieldPath, stated: Decimal, rows: Decimal, section: str
) -> None:
    sheet = ctx.sheet
    agreeing = [
        st.section or "?"
        for st in sheet.form.narrative
        if st.total is not None and val(st.total) == sheet.total.value
    ]
    also = (
        f"; {', '.join(agreeing)} state{'s' if len(agreeing) == 1 else ''} {sheet.total.value}"
        if agreeing
        else ""
    )
    ctx.add(
        "TOTAL_NOT_SUM_OF_ROWS",
        Severity.ERROR,
        (*path, "total"),
        f"总分 {stated} is not the sum of the form's own printed rows ({rows}); the computed "
        f"total is {sheet.total.value}{also}",
        section=section,
        stated=str(stated),
        computed=str(sheet.total.value),
        diagnosis="unexplained",
        rule=sheet.total.clause,
        params={"rows": str(rows)}
        | ({"variant": "agreeing", "sections": "、".join(agreeing)} if agreeing else {}),
    )


def _check_grade(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet = ctx.sheet
    if st.grade is None or st.grade == sheet.grade:
        return
    stated_total = val(st.total) if st.total is not None else None
    fits_stated = stated_total is not None and sheet.rulebook.grade_for(stated_total) == st.grade
    ctx.add(
        "GRADE_MISMATCH",
        Severity.WARNING if fits_stated else Severity.ERROR,
        (*path, "grade"),
        f"grade {st.grade} does not follow from the computed total {sheet.total.value} "
        f"({sheet.grade})" + (" but follows from the stated total" if fits_stated else ""),
        section=section,
        stated=st.grade,
        computed=sheet.grade,
        diagnosis="propagated" if fits_stated else "unexplained",
        params={"total": str(sheet.total.value), **({"variant": "stated"} if fits_stated else {})},
        rule=f"{sheet.rulebook.id}: {sheet.rulebook.cite(sheet.rulebook.grades.source).short()}",
    )
