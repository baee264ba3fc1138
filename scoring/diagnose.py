"""Diagnosis: which known way of computing by hand produces a stated number that differs.

Tried in order: the rulebook's alternatives (rate rounded before multiplying, truncation,
whole points), then a tail error from amounts printed in 万元 to a fixed step.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .engine import Policy, ScoreSheet, execution_score, score
from .findings import Diagnosis, Severity
from .rounding import as_fraction, round_to_step
from .rulebook import Alternative
from .values import Printed

__all__ = ["Explanation", "explain_execution_score", "explain_total", "pct", "tail_interval"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a stated number differs: the kind, the severity it deserves and a sentence."""

    kind: Diagnosis
    severity: Severity
    text: str
    alternative: str | None = None


def pct(value: Fraction | Decimal, places: int = 2) -> str:
    """A ratio as a percentage with ``places`` decimals, trailing zeros dropped: 0.886 -> '88.6 %'."""
    shown = round_to_step(as_fraction(value) * 100, Decimal(1).scaleb(-places))
    text = f"{shown:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"


def _exact_score_text(sheet: ScoreSheet) -> str:
    f = sheet.form.funds
    points = sheet.rulebook.execution.points.value
    ex = sheet.execution
    return (
        f"the exact score is {ex.value} "
        f"({points} × {f.executed.text} ÷ {f.budget.text} = {ex.exact_text})"
    )


def explain_execution_score(stated: Decimal, sheet: ScoreSheet) -> Explanation | None:
    """Explain a stated execution score that differs from the computed one, if a known way does."""
    rb = sheet.rulebook
    f = sheet.form.funds
    for alt in rb.diagnosis:
        policy = sheet.policy.but(alt)
        rate, result = execution_score(f.budget, f.executed, rb, policy)
        if result.value == stated:
            how = (
                f"{stated} = {rb.execution.points.value} × {pct(rate.value)}"
                if policy.rate_step is not None
                else f"{stated} from {result.exact_text}"
            )
            return Explanation(
                "rounding-policy",
                Severity.WARNING,
                f"{how}: {alt.says}; {_exact_score_text(sheet)}",
                alt.id,
            )
    lo, hi = tail_interval(sheet)
    if lo <= stated <= hi:
        step = rb.execution.amount_step.value
        return Explanation(
            "tail",
            Severity.INFO,
            f"{stated} lies within [{lo}, {hi}], the scores possible when A and B are only known "
            f"to ±{step / 2} 万元 (tail error of amounts printed to {step}); "
            + _exact_score_text(sheet),
        )
    return None


def tail_interval(sheet: ScoreSheet) -> tuple[Decimal, Decimal]:
    """The rounded execution scores reachable when A and B move by half their printed step."""
    rb = sheet.rulebook
    half = as_fraction(rb.execution.amount_step.value) / 2
    f = sheet.form.funds
    a, b = as_fraction(_v(f.budget)), as_fraction(_v(f.executed))
    points = as_fraction(rb.execution.points.value)
    formula = rb.formula(rb.execution.formula.value)
    ends = []
    for num, den in ((max(b - half, Fraction(0)), a + half), (b + half, max(a - half, half))):
        exact, _ = formula.evaluate({"points": points, "rate": num / den})
        ends.append(round_to_step(exact, sheet.policy.score_step, sheet.policy.score_mode))
    return min(ends), max(ends)


def _v(p: Printed) -> Decimal:
    assert p.value is not None
    return p.value


def explain_total(stated: Decimal, sheet: ScoreSheet, rows: Decimal | None) -> Explanation | None:
    """Explain a stated total: a rounding alternative carried into it, or the sum of its printed rows."""
    rb = sheet.rulebook
    for alt in rb.diagnosis:
        other = score(sheet.form, rb, sheet.policy.but(alt))
        if other.total.value == stated:
            return Explanation(
                "propagated",
                Severity.WARNING,
                f"{stated} carries a rounding choice: {alt.says}, which gives execution score "
                f"{other.execution.value}; the exact total is {sheet.total.value}",
                alt.id,
            )
    if rows is not None and rows == stated:
        return Explanation(
            "propagated",
            Severity.WARNING,
            f"{stated} adds the rows as printed; it differs from the computed "
            f"{sheet.total.value} only through those rows, each reported on its own",
        )
    return None


def alternative_named(sheet: ScoreSheet, alt_id: str) -> Alternative | None:
    """The rulebook's alternative with that id."""
    return next((a for a in sheet.rulebook.diagnosis if a.id == alt_id), None)


def policy_of(sheet: ScoreSheet) -> Policy:
    """The policy the sheet was scored under."""
    return sheet.policy
