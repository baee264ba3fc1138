"""verify/totals.py: what a statement says about sums — subtotals, rows, count, total, grade."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scoring.engine.score import score
from scoring.findings import Finding
from scoring.form.model import Form
from scoring.rulebook.load import load_rulebook
from scoring.verify.core import verify

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)


def codes(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity.value) for f in findings]


def said(data: dict[str, Any], **statement: Any) -> dict[str, Any]:
    data["narrative"] = [{"section": "报告 一", **statement}]
    return data


def test_subtotals_as_computed_raise_nothing(data: dict[str, Any], run: Run) -> None:
    level1 = {"产出指标": {"score": "33.20", "score_rate": "83%", "points": "40"}}
    assert run(said(data, level1=level1))[1] == []


def test_a_subtotal_that_is_the_whole_table_is_a_label_warning(data: dict[str, Any], run: Run) -> None:
    # 73.20 = 33.20 + 40: the score of every indicator, given under 产出指标 alone
    [f] = run(said(data, level1={"产出指标": {"score": "73.2"}}))[1]
    assert (f.code, f.severity, f.diagnosis, f.computed) == (
        "SUBTOTAL_MISMATCH", "warning", "label", "33.20"
    )


def test_a_subtotal_that_is_simply_wrong_is_an_error(data: dict[str, Any], run: Run) -> None:
    [f] = run(said(data, level1={"产出指标": {"score": "30"}}))[1]
    assert (f.code, f.severity, f.diagnosis) == ("SUBTOTAL_MISMATCH", "error", "unexplained")
    [f] = run(said(data, level1={"成本指标": {"score": "30"}}))[1]  # no such block on the form
    assert (f.code, f.computed) == ("SUBTOTAL_MISMATCH", "0")  # no rows of that block
    assert "no 成本指标 rows" in f.message


def test_subtotal_points_and_rate(data: dict[str, Any], run: Run) -> None:
    found = run(said(data, level1={"产出指标": {"points": "50", "score_rate": "80%"}}))[1]
    assert codes(found) == [
        ("SUBTOTAL_POINTS_MISMATCH", 'narrative[0].level1.产出指标.points', "error"),
        ("SUBTOTAL_RATE_MISMATCH", 'narrative[0].level1.产出指标.score_rate', "error"),
    ]


def test_what_a_statement_says_of_one_indicator(data: dict[str, Any], run: Run) -> None:
    ok = {"完成数量": {"score": "33.2", "weight": "40"}}
    assert run(said(data, indicators=ok))[1] == []
    # 31 is no rounding of 33.2 (33 would be: whole points, a rounding-policy warning)
    wrong = {"完成数量": {"score": "31", "weight": "30"}, "不存在": {"score": "1"}}
    assert codes(run(said(data, indicators=wrong))[1]) == [
        ("WEIGHT_MISMATCH", "narrative[0].indicators.完成数量.weight", "error"),
        ("INDICATOR_SCORE_MISMATCH", "narrative[0].indicators.完成数量.score", "error"),
        ("UNKNOWN_INDICATOR", "narrative[0].indicators.不存在", "error"),
    ]


def test_the_number_of_indicators(data: dict[str, Any], run: Run) -> None:
    assert run(said(data, indicator_count=2))[1] == []
    [f] = run(said(data, indicator_count=3))[1]
    assert (f.code, f.stated, f.computed) == ("INDICATOR_COUNT_MISMATCH", "3", "2")


def test_a_total_as_computed_raises_nothing(data: dict[str, Any], run: Run) -> None:
    data["reported"] = {"total": "90.2", "grade": "优"}
    assert run(said(data, total="90.20", grade="优"))[1] == []


def test_a_total_no_rounding_explains_is_an_error(data: dict[str, Any], run: Run) -> None:
    data["reported"] = {"total": "91"}
    [f] = run(data)[1]
    assert (f.code, f.severity, f.diagnosis, f.stated, f.computed) == (
        "TOTAL_MISMATCH", "error", "unexplained", "91", "90.20"
    )


def test_a_total_carrying_a_rounding_is_a_warning(data: dict[str, Any], run: Run) -> None:
    data["funds"] = {"budget": "1960.42", "executed": "1736.1"}  # 17.71; 20 × 88.6 % = 17.72
    data["reported"] = {"execution_rate": "88.6%", "total": "90.92"}  # 17.72 + 73.20
    found = run(data)[1]
    assert [(f.code, f.severity, f.diagnosis) for f in found] == [
        ("TOTAL_MISMATCH", "warning", "propagated")
    ]


def test_a_total_that_is_not_the_sum_of_its_own_rows(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["reported_score"] = "33.2"
    data["indicators"][1]["reported_score"] = "40"
    data["reported"] = {"execution_score": "17", "total": "91.2"}  # 17 + 33.2 + 40 = 90.2
    [f] = run(said(data, total="90.2"))[1]
    assert (f.code, f.severity, f.stated, f.computed) == ("TOTAL_NOT_SUM_OF_ROWS", "error", "91.2", "90.20")
    assert "报告 一 states 90.20" in f.message


def test_a_grade_that_follows_only_from_a_wrong_total(data: dict[str, Any], run: Run) -> None:
    data["reported"] = {"total": "89", "grade": "良"}
    found = codes(run(data)[1])
    assert ("GRADE_MISMATCH", "reported.grade", "warning") in found  # 89 is 良: carried
    data["reported"] = {"grade": "中"}
    assert codes(run(data)[1]) == [("GRADE_MISMATCH", "reported.grade", "error")]


ROUND_OF_EXACT = """\
id: hubei-round-of-exact
title: hubei-2022, the total rounded from the exact rows
extends: hubei-2022
rounding:
  total: {value: round_of_exact, source: observed}
"""


def test_under_round_of_exact_the_total_need_not_be_the_sum_of_rounded_rows(
    data: dict[str, Any],
) -> None:
    rb = load_rulebook(ROUND_OF_EXACT, "round-of-exact.yaml", prove=False)
    # 17.71151… + 33.324 + 40 = 91.0355… → 91.04; the rounded rows add up to 91.03
    data["funds"] = {"budget": "1960.42", "executed": "1736.1"}
    data["indicators"][0]["actual"] = "83.31个"
    data["indicators"][0]["reported_score"] = "33.32"
    data["indicators"][1]["reported_score"] = "40"
    data["reported"] = {"execution_score": "17.71", "total": "91.04"}
    sheet = score(Form.model_validate(data), rb)
    assert str(sheet.total.value) == "91.04"
    assert verify(sheet) == []
    data["reported"]["total"] = "91.03"  # the rows as printed, added up: not the rulebook's total
    [f] = verify(score(Form.model_validate(data), rb))
    assert (f.code, f.severity, f.diagnosis, f.computed) == (
        "TOTAL_MISMATCH", "warning", "propagated", "91.04"
    )


def test_under_round_of_exact_a_gap_rounding_cannot_make_is_still_an_error(
    data: dict[str, Any],
) -> None:
    """Three rounded rows can differ from the once-rounded total by at most two cents (half a
    cent per row and half for the total); a weight left blank changes nothing of that."""
    rb = load_rulebook(ROUND_OF_EXACT, "round-of-exact.yaml", prove=False)
    data["funds"] = {"budget": "1960.42", "executed": "1736.1"}
    data["indicators"][0]["actual"] = "83.31个"
    data["indicators"][0]["reported_score"] = "33.32"
    data["indicators"][1]["reported_score"] = "40"
    del data["indicators"][1]["weight"]  # not printed: derived from the rulebook's points
    data["reported"] = {"execution_score": "17.71", "total": "91.05"}  # rows 91.03, within 0.02
    assert "TOTAL_NOT_SUM_OF_ROWS" not in {f.code for f in verify(score(Form.model_validate(data), rb))}
    data["reported"]["total"] = "91.06"  # 0.03 from the rows' sum: no rounding makes that
    found = {f.code: f for f in verify(score(Form.model_validate(data), rb))}
    f = found["TOTAL_NOT_SUM_OF_ROWS"]
    assert (f.severity, f.stated) == ("error", "91.06")
