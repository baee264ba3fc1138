"""When the budget amounts are not printed (blank or illegible), the printed execution score is
still checked against the printed 执行率 and points. The rate is known only to its last printed
digit (76 % is 75.5 %–76.5 %) and the score may be rounded any way to its own last digit, so the
check admits every score the rulebook's formula gives in that span, rounded down or up: a
printed score outside it contradicts the form's own cells."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from scoring.engine.variants import within_weight
from scoring.findings import Severity
from scoring.form.statement import Statement
from scoring.io.located import FieldPath
from scoring.rounding import as_fraction, plain_decimal
from scoring.values import Printed
from scoring.verify.context import CheckContext, because, resting, val

__all__ = ["check_score_against_printed_rate"]


def check_score_against_printed_rate(
    ctx: CheckContext, path: FieldPath, st: Statement, section: str
) -> bool:
    """True when the printed score could be checked this way (whatever the outcome)."""
    form, rb = ctx.sheet.form, ctx.sheet.rulebook
    rate = st.execution_rate or form.reported.execution_rate
    score = st.execution_score
    if score is None or score.value is None or rate is None or rate.magnitude() is None:
        return False
    if not rate.percent:
        return False
    stated_points = st.execution_points or form.reported.execution_points
    points = val(stated_points) if stated_points is not None else rb.execution.points.value
    assumed = [] if stated_points is not None else [f"the execution points {points} are {rb.id}'s"]
    low, high = _span(ctx, rate, points, score.step())
    stated = val(score)
    if low <= stated <= high:
        return True
    span = f"{plain_decimal(low)}–{plain_decimal(high)}"
    ctx.add(
        "EXEC_SCORE_MISMATCH",
        resting(Severity.ERROR, assumed),
        (*path, "execution_score"),
        f"{score.text} is not {plain_decimal(points)} × the printed rate {rate.text}: with the "
        f"rate and the score rounded any way to their printed digits it lies in {span}"
        f"{because(assumed)}",
        section=section,
        stated=score.text,
        computed=span,
        diagnosis="unexplained",
        params={
            "variant": "printed_rate",
            "points": str(plain_decimal(points)),
            "rate": rate.text,
            "span": span,
        },
    )
    return True


def _span(
    ctx: CheckContext, rate: Printed, points: Decimal, step: Decimal
) -> tuple[Decimal, Decimal]:
    """The least and greatest printed scores the formula allows over the rate's rounding span."""
    rb = ctx.sheet.rulebook
    top = as_fraction(points)
    magnitude = rate.magnitude()
    assert magnitude is not None
    exact, half = as_fraction(magnitude), as_fraction(rate.step()) / 200  # % → fraction of one
    f = rb.formula(rb.execution.formula.value)
    ends = []
    for r in (max(exact - half, Fraction(0)), exact + half):
        value, case = f.evaluate({"points": top, "rate": r})
        ends.append(within_weight(value, top, case.branch)[0])
    unit = as_fraction(step)
    low = Fraction(int(min(ends) / unit // 1)) * unit
    high = -Fraction(int(-max(ends) / unit // 1)) * unit
    return _dec(low), _dec(high)


def _dec(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)
