"""A form with every number it prints filled in from the engine's own computation.

``fill_printed(form, rulebook)`` scores the form and writes what a careful evaluator would
print: the execution block, each quantitative row's score, the heading's points, the total and
grade on the form, and narrative sections that repeat them with subtotals and 得分率. Such a
form is correct by construction, so verification must raise no *error* finding on it — the
property tests/testing/ check, and a property users may check of their own rulebooks.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from scoring.engine.score import score
from scoring.engine.sheet import ScoreSheet
from scoring.engine.variants import block_scales
from scoring.form.model import Form
from scoring.form.shape import counted_rows, merged_groups
from scoring.rounding import as_fraction, plain_decimal, round_to_step
from scoring.rulebook.model import Rulebook

__all__ = ["fill_printed", "percent_text"]

HEADING = "年度绩效目标"
"""The label of the heading block that states the indicators' points."""


def percent_text(ratio: Fraction, places: int) -> str:
    """A ratio printed as a percentage with at most ``places`` decimals, half-up: "88.6%"."""
    shown = round_to_step(ratio * 100, Decimal(1).scaleb(-places))
    return f"{plain_decimal(shown):f}%"


def _text(value: Decimal) -> str:
    return f"{value:f}"


def _statement(sheet: ScoreSheet, places: int) -> dict[str, Any]:
    """What a narrative section states: the execution block, subtotals, rows, total, grade."""
    form, rb = sheet.form, sheet.rulebook
    points = as_fraction(rb.execution.points.value)
    scales = block_scales(form, rb)  # a block the rulebook scales is rated on its points
    level1: dict[str, Any] = {}
    for name, sub in sheet.subtotals.items():
        if f"level1:{name}" in sheet.unknown:
            continue  # not computed from the printed cells: nothing to print
        weight = sum((r.weight for r in sheet.indicators
                      if r.counted and r.indicator.level1 == name), Decimal(0))  # fmt: skip
        entry: dict[str, Any] = {"score": _text(sub.value), "points": _text(weight)}
        if weight > 0:
            points_of = as_fraction(weight) * scales.get(name, Fraction(1))
            entry["score_rate"] = percent_text(sub.exact / points_of, places)
        level1[name] = entry
    funds = {  # in 万元, as a narrative states amounts
        name: _text(amount)
        for name in ("budget", "executed")
        if (amount := form.funds.wan(name)) is not None
    }
    said: dict[str, Any] = funds | {
        "budget_basis": rb.execution.basis.value,  # what the rulebook's A is called
        "level1": level1,
        "indicators": {
            r.indicator.name: {"score": _text(r.form_score), "weight": _text(r.weight)}
            for r in sheet.indicators
            if r.indicator.applicable and r.known and r.role == "row"
        },
        "indicator_count": len(counted_rows(form.indicators)),
    }
    if "execution" not in sheet.unknown:
        said |= _execution(sheet, places)
        if points:  # a template with no execution block rates none
            said["execution_score_rate"] = percent_text(sheet.execution.exact / points, places)
    return said | _total(sheet)


def _execution(sheet: ScoreSheet, places: int) -> dict[str, str]:
    return {
        "execution_rate": percent_text(sheet.execution_rate.exact, places),
        "execution_score": _text(sheet.execution.value),
    }


def _total(sheet: ScoreSheet) -> dict[str, str]:
    if "total" in sheet.unknown:
        return {}
    return {"total": _text(sheet.total.value), "grade": sheet.grade}


def fill_printed(
    form: Form, rulebook: Rulebook, *, rate_places: int = 2, narrative: int = 1
) -> Form:
    """The form with the engine's numbers printed: on the form itself, and in ``narrative``
    sections of the report (percentages to ``rate_places`` decimals, half-up).

    Whatever the form printed before is replaced. Qualitative scores stay as given (they are
    the evaluator's input); a row marked not applicable, or one the engine cannot score from
    the printed cells, prints no score, and a number it cannot compute is left blank.
    """
    sheet = score(form, rulebook)
    rb = sheet.rulebook
    data = form.model_dump(mode="json", exclude_none=True)
    for row, r in zip(data["indicators"], sheet.indicators, strict=True):
        if (r.indicator.applicable and r.kind == "quantitative" and r.known and r.counted
                and r.indicator.merged is None):  # fmt: skip
            row["reported_score"] = _text(r.form_score)
    for group in merged_groups(form.indicators).values():  # one merged cell: their sum, once
        rows = [sheet.indicators[i] for i in group]
        if all(r.known for r in rows):
            data["indicators"][group[0]]["reported_score"] = _text(
                sum((r.form_score for r in rows), Decimal(0))
            )
    labels = dict.fromkeys(r.indicator.block for r in sheet.indicators)
    blocks = [
        {"label": label or HEADING, "points": _text(sum(
            (r.weight for r in sheet.indicators if r.counted and r.indicator.block == label),
            Decimal(0),
        ))}
        for label in labels
    ]
    data["reported"] = {
        "execution_points": _text(rb.execution.points.value),
        "blocks": blocks if None not in labels or len(labels) == 1 else [],
    }
    if "execution" not in sheet.unknown:
        data["reported"] |= _execution(sheet, rate_places)
    data["reported"] |= _total(sheet)
    said = _statement(sheet, rate_places)
    data["narrative"] = [
        {"section": f"绩效自评报告 {i + 1}", **said} for i in range(narrative)
    ]
    return Form.model_validate(data)
