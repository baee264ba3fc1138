"""verify/core.py: the form's structure, its rows, funds, execution block and headings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from scoring.engine.score import score
from scoring.findings import Finding
from scoring.pipeline.check import load_form_text
from scoring.rulebook.load import load_builtin
from scoring.verify.core import verify

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)


def codes(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity.value) for f in findings]


def test_the_form_as_given_is_clean(data: dict[str, Any], run: Run) -> None:
    sheet, findings = run(data)
    assert (str(sheet.execution.value), str(sheet.total.value), sheet.grade) == ("17.00", "90.20", "优")
    assert findings == []


def test_a_correct_form_printing_every_number_raises_nothing(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["reported_score"] = "33.2"
    data["reported"] = {
        "execution_points": "20", "execution_rate": "85%", "execution_score": "17",
        "execution_score_rate": "85%", "blocks": [{"label": "年度绩效目标", "points": "80"}],
        "total": "90.2", "grade": "优",
    }  # fmt: skip
    data["narrative"] = [{
        "section": "报告 一", "budget": "200", "executed": "170", "total": "90.20",
        "level1": {"产出指标": {"score": "33.2", "score_rate": "83%", "points": "40"},
                   "效益指标": {"score": "40", "score_rate": "100%", "points": "40"}},
        "indicators": {"完成数量": {"score": "33.20", "weight": "40"}},
        "indicator_count": 2,
    }]  # fmt: skip
    assert run(data)[1] == []


def test_weights_that_do_not_add_up_to_the_rulebooks_points(data: dict[str, Any], run: Run) -> None:
    data["indicators"][1]["weight"] = "30"
    [f] = run(data)[1]
    assert (f.code, f.severity, f.stated, f.computed) == ("WEIGHTS_VS_RULEBOOK", "error", "70", "80")
    assert f.path == "indicators" and "年度绩效目标（80分）" in (f.rule or "")


def test_a_weight_the_document_never_prints_is_info(data: dict[str, Any], run: Run) -> None:
    data["indicators"][1]["weight_at"] = None  # taken from elsewhere: the form prints none
    assert codes(run(data)[1]) == [("WEIGHT_NOT_PRINTED", "indicators[1].weight", "info")]


def test_a_weight_written_down_is_one_the_table_prints(data: dict[str, Any], run: Run) -> None:
    """A transcriber copies the 分值 column into ``weight`` and need say no more."""
    for row in data["indicators"]:
        del row["weight_at"]
    assert codes(run(data)[1]) == []


def test_a_printed_score_above_the_weight(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["reported_score"] = "41"
    [f] = run(data)[1]
    assert (f.code, f.path, f.stated, f.computed) == (
        "SCORE_ABOVE_WEIGHT", "indicators[0].reported_score", "41", "33.20"
    )


def test_a_quantitative_score_printed_wrong(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["reported_score"] = "33.3"
    [f] = run(data)[1]
    assert (f.code, f.severity, f.diagnosis, f.computed) == (
        "INDICATOR_SCORE_MISMATCH", "error", "unexplained", "33.20"
    )


def test_a_qualitative_score_is_the_evaluators_input(data: dict[str, Any], run: Run) -> None:
    data["indicators"][1]["reported_score"] = "35"  # in 达成's band [32, 40]
    sheet, findings = run(data)
    assert findings == [] and sheet.indicators[1].score == 35


def test_scoring_problems_become_findings(data: dict[str, Any], run: Run) -> None:
    data["indicators"][1]["reported_score"] = "20"  # below 达成's band [32, 40]
    data["indicators"][0]["actual"] = "差不多"     # no grade for the actual: qualitative, unknown
    found = codes(run(data)[1])
    assert ("QUALITATIVE_OUT_OF_BAND", "indicators[1].reported_score", "error") in found
    # an unknown word with no score: a warning, its score and the total shown as a range
    assert ("QUALITATIVE_GRADE", "indicators[0].actual", "warning") in found


def test_funds_stated_elsewhere(data: dict[str, Any], run: Run) -> None:
    data["narrative"] = [
        {"section": "一", "budget": "200.01", "executed": "170"},  # a tail of one step: info
        {"section": "二", "budget": "200", "executed": "171"},     # a different amount: error
    ]
    assert codes(run(data)[1]) == [
        ("FUNDS_MISMATCH", "narrative[0].budget", "info"),
        ("FUNDS_MISMATCH", "narrative[1].executed", "error"),
    ]
    data["narrative"] = [{"section": "一", "budget": "200", "executed": "170"}]
    assert run(data)[1] == []


def test_a_statement_calling_the_budget_by_another_basis(data: dict[str, Any], run: Run) -> None:
    data["narrative"] = [{"section": "一", "budget": "200", "budget_basis": "year_start"}]
    [f] = run(data)[1]
    assert (f.code, f.severity, f.diagnosis) == ("BUDGET_BASIS_MISMATCH", "warning", "label")
    data["narrative"] = [{"section": "一", "budget": "150", "budget_basis": "year_start"}]
    [f] = run(data)[1]
    assert (f.code, f.severity, f.stated, f.computed) == ("BUDGET_BASIS_OTHER", "info", "150", "200")
    assert "+50 万元" in f.message
    data["narrative"] = [{"section": "一", "budget": "200", "budget_basis": "adjusted"}]
    assert run(data)[1] == []


def test_execution_points_and_rate(data: dict[str, Any], run: Run) -> None:
    data["reported"] = {"execution_points": "10", "execution_rate": "85.1%"}
    assert codes(run(data)[1]) == [
        ("EXEC_POINTS_MISMATCH", "reported.execution_points", "error"),
        ("EXEC_RATE_MISMATCH", "reported.execution_rate", "error"),
    ]
    data["reported"] = {"execution_points": "20", "execution_rate": "85.0%"}
    assert run(data)[1] == []


def test_an_execution_score_explained_by_a_rounding_is_a_warning(data: dict[str, Any], run: Run) -> None:
    data["funds"] = {"budget": "1960.42", "executed": "1736.1"}  # 17.71…; 20 × 88.6 % = 17.72
    data["reported"] = {"execution_rate": "88.6%", "execution_score": "17.72"}
    [f] = run(data)[1]
    assert (f.code, f.severity, f.diagnosis, f.stated, f.computed) == (
        "EXEC_SCORE_MISMATCH", "warning", "rounding-policy", "17.72", "17.71"
    )
    data["reported"] = {"execution_score": "16"}  # nothing known produces it
    [f] = run(data)[1]
    assert (f.code, f.severity, f.diagnosis) == ("EXEC_SCORE_MISMATCH", "error", "unexplained")


def test_the_execution_score_rate(data: dict[str, Any], run: Run) -> None:
    data["funds"] = {"budget": "22", "executed": "21.5"}  # 19.5454… → 19.55; exact 97.73 %
    data["reported"] = {"execution_score": "19.55", "execution_score_rate": "97.8%"}
    [f] = run(data)[1]  # 19.55 ÷ 20 = 97.75 % → 97.8 %: from the rounded score
    assert (f.code, f.severity, f.diagnosis) == ("SCORE_RATE_MISMATCH", "warning", "rounding-policy")
    data["reported"] = {"execution_score_rate": "90%"}
    [f] = run(data)[1]
    assert (f.code, f.severity) == ("SCORE_RATE_MISMATCH", "error")
    data["reported"] = {"execution_score_rate": "97.7%"}
    assert run(data)[1] == []


def test_heading_points(data: dict[str, Any], run: Run) -> None:
    data["reported"] = {"blocks": [{"label": "年度绩效目标", "points": "XX"},
                                   {"label": "年度绩效目标", "points": "100"}]}  # fmt: skip
    [placeholder, mismatch] = run(data)[1]
    assert (placeholder.code, placeholder.severity, placeholder.computed) == (
        "BLOCK_POINTS_PLACEHOLDER", "warning", "80"
    )
    assert (mismatch.code, mismatch.severity, mismatch.stated) == (
        "BLOCK_POINTS_MISMATCH", "error", "100"
    )


def test_findings_are_placed_on_their_lines(data: dict[str, Any]) -> None:
    data["reported"] = {"total": "91"}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    line = text.splitlines().index("  total: '91'") + 1
    form, src = load_form_text(text, "f.yaml")
    [f] = verify(score(form, load_builtin("hubei-2022")), source=src, file="f.yaml")
    assert (f.code, f.file, f.line) == ("TOTAL_MISMATCH", "f.yaml", line)
