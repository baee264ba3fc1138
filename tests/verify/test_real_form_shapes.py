"""Shapes of published forms that once raised false errors: each test holds one fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.findings import Finding, Severity
from scoring.pipeline.check import check_form, load_form

ROOT = Path(__file__).resolve().parents[2]

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)


def errors(findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.path}" for f in findings if f.severity is Severity.ERROR]


def test_an_excerpt_is_not_held_to_the_rulebooks_level1_structure(data: dict[str, Any], run: Run) -> None:
    # an Anhui excerpt quotes 产出 (50) and only part of 效益; its 满意度 rows are cut off
    data["rulebook"], data["region"] = "anhui-2020", "安徽省"
    data["indicators"][0]["weight"], data["indicators"][1]["weight"] = "50", "20"
    data["completeness"], data["present"] = "partial", "产出指标 and two 效益指标 rows"
    sheet, found = run(data, "anhui-2020")
    assert [f.code for f in found if f.code.startswith("STRUCTURE")] == []
    assert sheet.indicators[1].scale == 1  # not rescaled to 效益 + 满意度 = 40
    data["completeness"] = "complete"  # the same rows as a whole form: 效益 is scaled, and said
    assert "STRUCTURE_MISMATCH indicators[1].level1" in errors(run(data, "anhui-2020")[1])


def test_a_zero_budget_rests_the_execution_findings_on_the_rulebooks_rule(
    data: dict[str, Any], run: Run
) -> None:
    # a published total row of 0 while its 其中 row holds the money: B ÷ A has no value
    data["funds"] = {"budget": "0", "executed": "0",
                     "rows": [{"name": "本年财政拨款", "budget": "90", "executed": "89.974"}]}  # fmt: skip
    data["reported"] = {"execution_rate": "100%", "execution_score": "20"}
    found = run(data)[1]
    assert errors(found) == ["FUNDS_ROWS_EXCEED_TOTAL funds.budget",
                             "FUNDS_ROWS_EXCEED_TOTAL funds.executed"]  # fmt: skip
    rate, score_ = (next(f for f in found if f.code == c)
                    for c in ("EXEC_RATE_MISMATCH", "EXEC_SCORE_MISMATCH"))  # fmt: skip
    assert rate.severity is Severity.WARNING and score_.severity is not Severity.ERROR
    assert "预算数 A is 0" in rate.message and "预算数 A is 0" in score_.message
    data["funds"] = {"budget": "100", "executed": "0"}  # a printed A of 100: provable, an error
    assert "EXEC_RATE_MISMATCH reported.execution_rate" in errors(run(data)[1])


CLEAN = [
    ROOT / "tests" / "forms" / "rulebooks" / name
    for name in ("sichuan-project.yaml", "anhui-project.yaml", "hubei-2023-project.yaml")
] + [ROOT / "indicators" / "real" / "anhui-tianchang" / "01-shuihan-fangyu.yaml"]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CLEAN), st.data())
def test_quoting_any_rows_of_a_clean_form_as_an_excerpt_raises_no_error(
    path: Path, data: st.DataObject
) -> None:
    form, _ = load_form(path)
    keep = data.draw(st.sets(st.integers(0, len(form.indicators) - 1), min_size=1))
    rows = tuple(r for i, r in enumerate(form.indicators) if i in keep)
    excerpt = form.model_copy(update={"indicators": rows, "completeness": "partial"})
    report = check_form(excerpt)
    assert report.error is None, report.error_lines()
    assert [f.code for f in report.findings if f.severity is Severity.ERROR] == []


def test_execution_scored_again_is_found_when_the_form_prints_no_weight(
    data: dict[str, Any], run: Run
) -> None:
    # the 20 + 80 template prints 得分 only: the row's weight is derived from its full score
    row = data["indicators"][0]
    del row["weight"], row["weight_at"]
    row |= {"name": "预算资金执行率", "target": "90%", "actual": "100%", "reported_score": "40"}
    found = [f for f in run(data)[1] if f.code == "EXECUTION_SCORED_TWICE"]
    assert [(f.path, f.severity, f.stated) for f in found] == [
        ("indicators[0].name", Severity.WARNING, None)]  # the form prints no weight to state
    assert found[0].params["points"] == "40" and "derived" in found[0].message


def test_a_ceiling_far_above_its_completion_reads_as_such_in_both_languages(
    data: dict[str, Any], run: Run
) -> None:
    data["indicators"][0] |= {"target": "≤202.6万元", "actual": "132.9万元"}  # published: 132.9
    [f] = [f for f in run(data)[1] if f.code == "OVER_ACHIEVEMENT"]
    assert "132.9万元 仅为上限 ≤202.6万元 的 65.6%" in f.text("zh-CN")
    assert "目标可能定得过低" not in f.text("zh-CN")
    assert "is only 65.6% of the ceiling ≤202.6万元" in f.text("en")


def test_a_qualified_target_is_not_the_target_stated(data: dict[str, Any], run: Run) -> None:
    # 及时 / 较及时 (fairly timely), printed so on a Shanghai 2020 form
    data["indicators"][1] |= {"target": "及时", "actual": "较及时"}
    sheet, found = run(data)
    assert [f.code for f in found] == ["QUALITATIVE_GRADE"]  # no score printed: a range
    assert sheet.indicators[1].bounds == (0, 40)
    data["indicators"][1]["actual"] = "已及时"  # the target stated: met
    assert [f.code for f in run(data)[1]] == ["QUALITATIVE_TARGET_STATED"]
