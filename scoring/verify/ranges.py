"""A total or grade printed on a form whose computed total is a range: some row's grade is not
settled (an unknown or assumed grade word with no printed score), so any total in the range is
possible and a printed one inside it is no provable error."""

from __future__ import annotations

from decimal import Decimal

from scoring.engine.sheet import ScoreSheet
from scoring.findings import Severity
from scoring.fold import same
from scoring.io.located import FieldPath
from scoring.verify.context import CheckContext

__all__ = ["grade_in_range", "total_in_range"]


def _unsettled(sheet: ScoreSheet) -> str:
    return "、".join(r.indicator.name for r in sheet.indicators if r.bounds)


def total_in_range(ctx: CheckContext, path: FieldPath, stated: Decimal, section: str) -> bool:
    """A warning, and True, when the stated total lies in the range the unsettled rows allow."""
    sheet = ctx.sheet
    if sheet.total_range is None or not sheet.total_range[0] <= stated <= sheet.total_range[1]:
        return False
    lo, hi = sheet.total_range
    ctx.add(
        "TOTAL_MISMATCH",
        Severity.WARNING,
        (*path, "total"),
        f"总分 {stated} lies within {lo}–{hi}, the totals possible while the grade of "
        f"{_unsettled(sheet)} is not settled; jixiao's {sheet.total.value} takes the score it "
        "assumed",
        section=section,
        stated=str(stated),
        computed=f"{lo}–{hi}",
        diagnosis="assumption",
        rule=sheet.total.clause,
    )
    return True


def grade_in_range(ctx: CheckContext, path: FieldPath, grade: str, section: str) -> bool:
    """A warning, and True, when some total in the unsettled range earns the stated grade."""
    sheet = ctx.sheet
    if sheet.total_range is None:
        return False
    lo, hi = sheet.total_range
    rb = sheet.rulebook
    edges = [lo, hi, *(b.min for b in rb.grades.value if lo <= b.min <= hi)]
    if not any(same(rb.grade_for(t), grade) for t in edges):
        return False
    ctx.add(
        "GRADE_MISMATCH",
        Severity.WARNING,
        (*path, "grade"),
        f"grade {grade} is one the totals {lo}–{hi} can earn while the grade of "
        f"{_unsettled(sheet)} is not settled; jixiao's {sheet.total.value} gives {sheet.grade}",
        section=section,
        stated=grade,
        computed=sheet.grade,
        diagnosis="assumption",
        rule=sheet.total.clause,
    )
    return True
