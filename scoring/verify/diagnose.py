"""Diagnosis: which known way of computing by hand produces a stated number that differs.

Tried in order: the rulebook's alternatives (rate rounded before multiplying, truncation,
whole points), then a tail error from amounts printed in 万元 to a fixed step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from scoring.engine.score import execution_score, score
from scoring.engine.sheet import ScoreSheet
from scoring.findings import Diagnosis, Severity
from scoring.rounding import as_fraction, pct, round_to_step
from scoring.rulebook.model import Alternative
from scoring.values import Printed

__all__ = [
    "Explanation",
    "diagnose_execution_score",
    "diagnose_indicator_score",
    "diagnose_total",
    "tail_interval",
]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a stated number differs: the kind, the severity it deserves and a sentence."""

    kind: Diagnosis
    severity: Severity
    text: str
    alternative: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    """The values of the finding's sentence (``scoring.i18n``), the variant among them."""


def _alt_params(alt: Alternative) -> dict[str, str]:
    fields = {
        "alt_rate_step": alt.rate_step,
        "alt_rate_mode": alt.rate_mode,
        "alt_score_step": alt.score_step,
        "alt_score_mode": alt.score_mode,
    }
    return {k: str(v) for k, v in fields.items() if v is not None}


def _exact_params(sheet: ScoreSheet) -> dict[str, str]:
    a, b = _ab(sheet)
    return {
        "points": str(sheet.rulebook.execution.points.value),
        "executed": b.text,
        "budget": a.text,
        "exact": sheet.execution.exact_text,
    }


def _ab(sheet: ScoreSheet) -> tuple[Printed, Printed]:
    """A and B as scored (explanations are sought only when both are printed)."""
    a, b = sheet.funds_ab.a, sheet.funds_ab.b
    assert a is not None and b is not None
    return a, b


def _exact_score_text(sheet: ScoreSheet) -> str:
    a, b = _ab(sheet)
    points = sheet.rulebook.execution.points.value
    ex = sheet.execution
    return f"the exact score is {ex.value} ({points} × {b.text} ÷ {a.text} = {ex.exact_text})"


def diagnose_execution_score(
    stated: Decimal, sheet: ScoreSheet, printed_rates: Sequence[Printed] = ()
) -> Explanation | None:
    """Explain a stated execution score that differs from the computed one, if a known way does.

    When several alternatives produce it, the one whose rate is the rate printed wins.
    """
    rb = sheet.rulebook
    a, b = _ab(sheet)
    matches = []
    for alt in rb.diagnosis:
        policy = sheet.policy.but(alt)
        rate, result = execution_score(a, b, rb, policy)
        if result.value == stated:
            matches.append(
                (_as_printed(policy.rate_step, rate.value, printed_rates), alt, policy, rate)
            )
    if matches:
        printed, alt, policy, rate = max(matches, key=lambda m: m[0])
        how = (
            f"{stated} = {rb.execution.points.value} × {pct(rate.value)}"
            if policy.rate_step is not None
            else f"{stated}"
        )
        also = " (the rate as printed)" if printed else _other_rate(policy.rate_step, printed_rates)
        return Explanation(
            "rounding-policy",
            Severity.WARNING,
            f"{how}{also}: {alt.says}; {_exact_score_text(sheet)}",
            alt.id,
            {
                "variant": "rate" if policy.rate_step is not None else "score",
                "rate": pct(rate.value),
                "also": "as_printed" if printed else "",
                **_alt_params(alt),
                **_exact_params(sheet),
            },
        )
    return _tail(stated, sheet)


def _as_printed(step: Decimal | None, rate: Decimal, printed_rates: Sequence[Printed]) -> bool:
    """Whether a rate rounded to ``step`` is exactly a printed rate, at its printed precision."""
    return step is not None and any(
        p.percent and p.step() / 100 == step and p.magnitude() == rate for p in printed_rates
    )


def _other_rate(step: Decimal | None, printed_rates: Sequence[Printed]) -> str:
    """Words for a printed rate that is not the rounded rate a diagnosis assumes."""
    shown = [p.text for p in printed_rates if p.percent]
    if step is None or not shown:
        return ""
    return f", while the form prints the rate {shown[0]}"


def diagnose_indicator_score(
    stated: Decimal, exact: Fraction, sheet: ScoreSheet
) -> Explanation | None:
    """A printed indicator score that is the exact score under another rounding of the score
    (0.1, whole points, truncation): the rulebook's score-rounding alternatives."""
    for alt in sheet.rulebook.diagnosis:
        if alt.rate_step is not None or (alt.score_step is None and alt.score_mode is None):
            continue
        policy = sheet.policy.but(alt)
        if round_to_step(exact, policy.score_step, policy.score_mode) == stated:
            shown = round_to_step(exact, Decimal("0.0001"))
            more = "" if Fraction(shown) == exact else "…"
            return Explanation("rounding-policy", Severity.WARNING,
                               f"{stated}: {alt.says}; the exact score is {shown}{more}",
                               alt.id)  # fmt: skip
    return None


def _tail(stated: Decimal, sheet: ScoreSheet) -> Explanation | None:
    lo, hi = tail_interval(sheet)
    if not lo <= stated <= hi:
        return None
    step = sheet.rulebook.execution.amount_step.value
    return Explanation(
        "tail",
        Severity.INFO,
        f"{stated} lies within [{lo}, {hi}], the scores possible when A and B are only known "
        f"to ±{step / 2} 万元 (tail error of amounts printed to {step}); "
        + _exact_score_text(sheet),
        params={
            "variant": "tail",
            "low": str(lo),
            "high": str(hi),
            "half": str(step / 2),
            "step": str(step),
            **_exact_params(sheet),
        },
    )


def tail_interval(sheet: ScoreSheet) -> tuple[Decimal, Decimal]:
    """The rounded execution scores reachable when A and B move by half their printed step."""
    rb = sheet.rulebook
    half = as_fraction(rb.execution.amount_step.value) / 2
    pa, pb = _ab(sheet)
    a, b = as_fraction(_v(pa)), as_fraction(_v(pb))
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


def diagnose_total(
    stated: Decimal, sheet: ScoreSheet, rows: Decimal | None, printed_rates: Sequence[Printed] = ()
) -> Explanation | None:
    """Explain a stated total: a rounding alternative carried into it, or the sum of its printed rows."""
    rb = sheet.rulebook
    matches = []
    for alt in rb.diagnosis:
        policy = sheet.policy.but(alt)
        other = score(sheet.form, rb, policy)
        if other.total.value == stated:
            rate = other.execution_rate.value
            matches.append((_as_printed(policy.rate_step, rate, printed_rates), alt, other))
    if matches:
        _, alt, other = max(matches, key=lambda m: m[0])
        return Explanation(
            "propagated",
            Severity.WARNING,
            f"{stated} = {other.execution.value} + {other.indicator_total.value} carries the "
            f"execution score's rounding: {alt.says}; the exact total is {sheet.total.value}",
            alt.id,
            {
                "variant": "propagated",
                "execution": str(other.execution.value),
                "indicators": str(other.indicator_total.value),
                **_alt_params(alt),
            },
        )
    if rows is not None and rows == stated:
        return Explanation(
            "propagated",
            Severity.WARNING,
            f"{stated} adds the rows as printed; it differs from the computed "
            f"{sheet.total.value} only through those rows, each reported on its own",
            params={"variant": "rows"},
        )
    return None
