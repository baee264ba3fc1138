"""The 合计 a form prints in its 分值 / 权重 column (合计 100 = 10 + 60 + 30) against the
execution points and the weights of its rows: all printed, so a difference is provable."""

from __future__ import annotations

from decimal import Decimal

from scoring.findings import Severity
from scoring.form.shape import counted_rows
from scoring.form.statement import Statement
from scoring.io.located import FieldPath
from scoring.rounding import plain_decimal
from scoring.verify.context import CheckContext, val

__all__ = ["check_points_total"]


def check_points_total(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """A printed 合计 of the 分值 column is the execution points plus every counted row's weight.

    Not made on an excerpt (rows not transcribed weigh too) or when a row prints no weight;
    execution points the form does not print are the rulebook's, and the finding then rests on
    that assumption (a warning)."""
    printed = st.points_total
    form = ctx.sheet.form
    if printed is None or printed.value is None or form.partial:
        return
    where: FieldPath = (*path, "points_total")
    rows = counted_rows(form.indicators)
    blank = [form.indicators[i].name for i in rows if form.indicators[i].printed_weight is None]
    if blank:
        ctx.skip(where, f"the 合计 {printed.text} of the 分值 column",
                 f"no weight is printed for {'、'.join(blank)}", section)  # fmt: skip
        return
    stated_exec = st.execution_points or form.reported.execution_points
    exec_points = val(stated_exec) if stated_exec is not None else None
    assumed = exec_points is None
    if exec_points is None:
        exec_points = ctx.sheet.rulebook.execution.points.value
    weights = [form.indicators[i].printed_weight or Decimal(0) for i in rows]
    computed = exec_points + sum(weights, Decimal(0))
    if computed == printed.value:
        return
    terms = " + ".join(str(plain_decimal(w)) for w in [exec_points, *weights])
    note = (
        f" (the execution points {plain_decimal(exec_points)} are the rulebook's)"
        if assumed
        else ""
    )
    ctx.add(
        "POINTS_TOTAL_MISMATCH",
        Severity.WARNING if assumed else Severity.ERROR,
        where,
        f"the 合计 of the 分值 column, {printed.text}, is not the execution points and the "
        f"indicator weights added up, {plain_decimal(computed)} ({terms}){note}",
        section=section,
        stated=printed.text,
        computed=str(plain_decimal(computed)),
        diagnosis="unexplained",
        params={"terms": terms},
    )
