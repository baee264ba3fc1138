"""Findings on a form scored under the nationwide template only because no rulebook of its own
region exists (a Shanghai form under central-2020): whatever rests on that template's own rules
— its points and level-1 split, its formulas, bands and grades — rests on an assumption, so it is
at most a warning that names it. What the form's printed numbers prove on their own (a total
that is not the sum of its rows, 其中 rows above their total, B ÷ A) stays an error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from scoring.findings import Finding, Severity
from scoring.rulebook.model import NATIONWIDE, Rulebook

__all__ = ["TEMPLATE_CODES", "rest_on_nationwide"]

TEMPLATE_CODES = frozenset({
    "EXEC_POINTS_MISMATCH",  # the template's execution points
    "EXEC_SCORE_MISMATCH",  # its execution formula
    "INDICATOR_SCORE_MISMATCH",  # its indicator formulas
    "QUALITATIVE_OUT_OF_BAND",  # its grade bands
    "WEIGHTS_VS_RULEBOOK",  # its indicator points
    "STRUCTURE_MISMATCH",  # its level-1 split
    "STRUCTURE_UNKNOWN_BLOCK",
    "STRUCTURE_MISSING_BLOCK",
    "SUBTOTAL_MISMATCH",  # subtotals and totals computed by its formulas
    "SUBTOTAL_RATE_MISMATCH",
    "TOTAL_MISMATCH",
    "GRADE_MISMATCH",  # its grade scale
})  # fmt: skip


def rest_on_nationwide(
    findings: Iterable[Finding], rulebook: Rulebook, automatic: bool, region: str | None
) -> list[Finding]:
    """The findings, with the errors that rest on a nationwide template chosen automatically
    (no rulebook of the form's region) made warnings that say so."""
    out = list(findings)
    if not automatic or rulebook.region != NATIONWIDE:
        return out
    assumption = (
        f"{region or 'the form'} has no rulebook of its own; the nationwide template "
        f"{rulebook.id} is assumed, and its points, formulas and bands may not be the region's"
    )
    return [_rests(f, assumption) if _on_template(f) else f for f in out]


def _on_template(f: Finding) -> bool:
    return f.severity is Severity.ERROR and f.code in TEMPLATE_CODES


def _rests(f: Finding, assumption: str) -> Finding:
    before = f.params.get("assumed")
    assumed = f"{before}; {assumption}" if before else assumption
    message = f"{f.message} (this rests on an assumption: {assumption})"
    return replace(f, severity=Severity.WARNING, message=message,
                   params={**f.params, "assumed": assumed})  # fmt: skip
