"""The grand total (总分) and grade a statement prints: against the sum of the rows it prints
itself, and against the computed total; and what a computed sum rests on (``carried``)."""

from __future__ import annotations

from decimal import Decimal

from scoring.findings import Severity
from scoring.fold import same
from scoring.form.shape import counted_rows
from scoring.form.statement import Statement
from scoring.io.located import FieldPath
from scoring.verify.context import CheckContext, because, resting, val
from scoring.verify.diagnose import diagnose_total
from scoring.verify.ranges import grade_in_range, total_in_range

__all__ = ["carried_assumptions", "check_grade", "check_total"]


def _rows_sum(ctx: CheckContext, st: Statement) -> tuple[Decimal, str, int] | None:
    """The total of the rows the statement itself prints, when it prints them all, the sum
    written out ("预算执行 20 + 产出 40 + 效益 40") and how many rows it adds."""
    form = ctx.sheet.form
    execution = st.execution_score
    if execution is None or form.partial:
        return None
    terms: list[tuple[str, Decimal | None]] = [("预算执行", execution.value)]
    if st is form.reported:
        seen: set[str] = set()
        for i in counted_rows(form.indicators):
            ind = form.indicators[i]
            if ind.merged is not None and (ind.merged in seen or ind.reported_score is None):
                seen.add(ind.merged) if ind.reported_score is not None else None
                continue
            if ind.merged is not None:
                seen.add(ind.merged)
            terms.append((ind.name, ind.reported_score.value if ind.reported_score else None))
        groups = {i.merged for i in form.indicators if i.merged is not None}
        if groups - seen:
            return None  # a merged cell left blank
    elif st.level1:
        terms += [(name, s.score.value if s.score else None) for name, s in st.level1.items()]
    else:
        return None
    if any(v is None for _, v in terms):
        return None
    total = sum((v for _, v in terms if v is not None), Decimal(0))
    shown = [f"{name} {v}" for name, v in terms]
    written = " + ".join(shown) if len(shown) <= 6 else f"{shown[0]} + {len(shown) - 1} rows"
    return total, written, len(terms)


def _rounding_explains(
    ctx: CheckContext, stated: Decimal, summed: tuple[Decimal, str, int]
) -> bool:
    """Under ``round_of_exact`` the total is the exact sum rounded once, while each printed
    row was rounded on its own: the two may differ by up to half a step per row and half a
    step for the total. Within that, the gap proves nothing (whatever the weights were)."""
    rounding = ctx.sheet.rulebook.rounding
    if rounding.total.value != "round_of_exact":
        return False
    rows, _, count = summed
    return abs(stated - rows) * 2 <= rounding.score_step.value * (count + 1)


def check_total(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet = ctx.sheet
    if st.total is None:
        return
    stated, computed = val(st.total), sheet.total.value
    summed = _rows_sum(ctx, st)
    rows = summed[0] if summed else None
    # under round_of_exact the rulebook's own total need not be the sum of the rounded rows
    if (
        st is sheet.form.reported
        and summed is not None
        and summed[0] != stated
        and not _rounding_explains(ctx, stated, summed)
    ):
        _total_not_sum(ctx, path, stated, summed, section)
        return
    if "total" in sheet.unknown:
        if not sheet.form.partial:
            ctx.skip((*path, "total"), f"总分 {st.total.text} against the computed total",
                     _why_total_unknown(ctx), section)  # fmt: skip
        return
    if stated == computed or total_in_range(ctx, path, stated, section):
        return
    rates = [r for r in (st.execution_rate, sheet.form.reported.execution_rate) if r is not None]
    why = diagnose_total(stated, sheet, rows, rates)
    carried = carried_assumptions(ctx)
    ctx.add(
        "TOTAL_MISMATCH",
        resting(why.severity if why else Severity.ERROR, carried),
        (*path, "total"),
        (
            why.text
            if why
            else f"总分 {stated} is not the computed {computed} and no known rounding produces it"
        )
        + because(carried),
        section=section,
        stated=str(stated),
        computed=str(computed),
        diagnosis=why.kind if why else "unexplained",
        rule=sheet.total.clause,
        params=dict(why.params) if why else {},
    )


def _why_total_unknown(ctx: CheckContext) -> str:
    sheet = ctx.sheet
    if "execution" in sheet.unknown:
        return "the execution score is not computed (A or B not printed)"
    names = [r.indicator.name for r in sheet.indicators if r.counted and not r.known]
    return f"{'、'.join(names)} not scored" if names else "a row is not scored"


def _total_not_sum(
    ctx: CheckContext,
    path: FieldPath,
    stated: Decimal,
    summed: tuple[Decimal, str, int],
    section: str,
) -> None:
    sheet = ctx.sheet
    rows, written, _ = summed
    agreeing = [
        st.section or "a narrative section"
        for st in sheet.form.narrative
        if st.total is not None and val(st.total) == sheet.total.value
    ]
    also = (
        f"; {', '.join(agreeing)} state{'s' if len(agreeing) == 1 else ''} {sheet.total.value}"
        if agreeing
        else ""
    )
    if "total" in sheet.unknown:
        computed = "not computed: " + _why_total_unknown(ctx)
    elif sheet.total.value == stated:
        computed = f"{sheet.total.value}, as printed: a printed row is off, not the total"
    else:
        computed = str(sheet.total.value)
    ctx.add(
        "TOTAL_NOT_SUM_OF_ROWS",
        Severity.ERROR,
        (*path, "total"),
        f"总分 {stated} is not the sum of the form's own printed rows ({rows}): the printed "
        f"rows are {written} = {rows}; the computed total is {computed}{also}",
        section=section,
        stated=str(stated),
        computed=str(sheet.total.value) if "total" not in sheet.unknown else None,
        diagnosis="unexplained",
        rule=sheet.total.clause,
        params=_sum_params(rows, written, computed, agreeing, str(sheet.total.value)),
    )


def _sum_params(
    rows: Decimal, written: str, total: str, agreeing: list[str], agreed: str
) -> dict[str, str]:
    """The values of a TOTAL_NOT_SUM_OF_ROWS sentence (``agreeing``: sections that agree)."""
    params = {"rows": str(rows), "written": written, "total": total}
    if agreeing:
        params |= {"variant": "agreeing", "sections": "、".join(agreeing), "agreed": agreed}
    return params


def check_grade(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet = ctx.sheet
    if st.grade is None or same(st.grade, sheet.grade) or "total" in sheet.unknown:
        return
    stated_total = val(st.total) if st.total is not None else None
    fits_stated = stated_total is not None and same(sheet.rulebook.grade_for(stated_total), st.grade)
    if not fits_stated and grade_in_range(ctx, path, st.grade, section):
        return
    ctx.add(
        "GRADE_MISMATCH",
        resting(Severity.WARNING if fits_stated else Severity.ERROR, carried_assumptions(ctx)),
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


def carried_assumptions(ctx: CheckContext) -> list[str]:
    """What a computed sum rests on besides printed numbers: derived weights, assumed units or
    budget, and rows whose printed score is blank (a stated sum may carry a value we cannot see)."""
    sheet, out = ctx.sheet, list(ctx.sheet.funds_ab.assumed)
    rows = [r for r in sheet.indicators if r.counted]
    derived = [r.indicator.name for r in rows if r.derived]
    if derived:
        out.append(f"the weights of {'、'.join(derived)} are derived")
    out += [note for r in rows for note in r.assumed]
    form = sheet.form.indicators
    merged = {i.merged for i in form if i.merged is not None and i.reported_score is not None}
    blank = [form[r.index].name for r in rows
             if form[r.index].reported_score is None and form[r.index].merged not in merged]  # fmt: skip
    if sheet.form.reported.execution_score is None:
        blank.insert(0, "预算执行")
    if blank and len(blank) < len(rows) + 1:
        out.append(f"the printed score of {'、'.join(blank)} is blank")
    return out
