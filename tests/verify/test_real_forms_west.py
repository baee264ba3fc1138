"""Focused tests for the false alarms real published forms exposed (Sichuan, Chongqing,
Yunnan, Hebei; the forms are under indicators/real/ and their cases under tests/cases/real/).

Each test builds the smallest form that shows one cause, so that the fix is pinned down
besides the case of the real form.
"""

from __future__ import annotations

from typing import Any

from minimal import codes, minimal_form

from scoring.findings import Severity
from scoring.form.model import Form
from scoring.pipeline.check import check_form


def _form(**changes: Any) -> Form:
    return minimal_form("四川省", 2023, "部门预算项目支出绩效自评表", changes)


def _codes(form: Form, severity: Severity | None = None) -> list[str]:
    return codes(form, severity)


def _row(name: str, level1: str, weight: str, **more: Any) -> dict[str, Any]:
    return {"level1": level1, "level2": "数量指标", "name": name, "weight": weight,
            "weight_at": "权重", **more}  # fmt: skip


def test_an_excerpt_is_not_held_to_the_rulebooks_level1_structure() -> None:
    # central-2020 fixes 产出 50 / 效益 30 / 满意度 10; an excerpt of one 产出 row weighing 90
    # says nothing of the blocks it leaves out, so neither structure finding may be raised,
    # nor the row scaled to 50.
    form = _form(region="全国", completeness="partial", indicators=[
        _row("成本控制数", "产出指标", "90", target="≤30万元", actual="28万元", reported_score="90"),
    ])  # fmt: skip
    codes = _codes(form)
    assert not [c for c in codes if c.startswith("STRUCTURE_")], codes
    report = check_form(form)
    assert report.sheet is not None
    assert str(report.sheet.indicators[0].score) == "90.00"


def test_a_sichuan_form_splits_its_90_indicator_points_its_own_way() -> None:
    # 青神县 2023 (工资性支出): 产出 60 + 效益 30 under 绩效指标（90分）, no 满意度 block.
    form = _form(indicators=[
        _row("发放覆盖率", "产出指标", "60", nature="=", target="100%", actual="100%", reported_score="60"),
        _row("足额保障率", "效益指标", "30", nature="=", target="100%", actual="100%", reported_score="30"),
    ], reported={"execution_score": "10", "total": "100"})  # fmt: skip
    assert _codes(form, Severity.ERROR) == []
    assert not [c for c in _codes(form) if c.startswith("STRUCTURE_")]
    report = check_form(form)
    assert report.sheet is not None and str(report.sheet.total.value) == "100.00"


def test_the_nature_column_reads_small_and_full_width_comparators() -> None:
    # 丽江市古城区 2020 prints 指标性质 "﹦" (U+FE66); others print "＝", "＞", "﹤".
    for printed, op in (
        ("﹦", "="),
        ("＝", "="),
        ("＞", ">"),
        ("﹥", ">"),
        ("﹤", "<"),
        ("≧", ">="),
        ("定性指标", "定性"),
        ("定量指标", "定量"),
    ):
        form = _form(indicators=[_row("验收合格率", "产出指标", "90", nature=printed, target="100%",
                                      actual="100%", reported_score="90")])  # fmt: skip
        assert form.indicators[0].nature == op, printed


def test_an_adjustment_rate_printed_without_a_comparator_is_a_ceiling() -> None:
    # 重庆 2021: 预算调整率 3% → 0, 得分系数 100 %, 2 of 2: met, not 0 of 2.
    for region in ("全国", "湖北省"):
        form = _form(region=region, year=2022, indicators=[
            _row("预算调整率", "产出指标", "90", target="3%", actual="0%", reported_score="90"),
        ], reported={"execution_score": "10", "total": "100"})  # fmt: skip
        codes = _codes(form)
        assert "DIRECTION_INFERRED" in codes
        assert "INDICATOR_SCORE_MISMATCH" not in codes, region


def test_a_rate_held_to_zero_under_its_ceiling_is_not_over_achievement() -> None:
    # 重庆 2021: 结转结余率 ≤ 2% (by its name), 0: the rate's best value, no target set too low.
    # A cost of 0 under a cap of 30万元 still is flagged.
    rate = _form(region="全国", year=2022, indicators=[
        _row("结转结余率", "产出指标", "90", target="2%", actual="0%", reported_score="90"),
    ])  # fmt: skip
    assert "OVER_ACHIEVEMENT" not in _codes(rate)
    cost = _form(region="全国", year=2022, indicators=[
        _row("项目成本", "产出指标", "90", target="≤30万元", actual="0万元", reported_score="90"),
    ])  # fmt: skip
    assert "OVER_ACHIEVEMENT" in _codes(cost)


def test_the_xianjie_template_holds_a_form_to_the_split_its_note_prints() -> None:
    # 注1 of the 衔接资金 form: 产出 50 / 效益 30 / 满意度 10; named, never chosen automatically.
    rows = [
        _row("坡面水标尺", "产出指标", "50", target="≥266米", actual="266米", reported_score="50"),
        _row("受益人口数", "效益指标", "30", target="≥1000人", actual="1000人", reported_score="30"),
        _row("满意度", "满意度指标", "10", target="≥95%", actual="95%", reported_score="10"),
    ]
    clean = _form(year=2022, rulebook="sichuan-xianjie-2021", indicators=rows,
                  reported={"execution_score": "10", "total": "100"})  # fmt: skip
    assert _codes(clean, Severity.ERROR) == []
    skewed = [{**rows[0], "weight": "70", "reported_score": "70"},
              {**rows[1], "weight": "10", "reported_score": "10"}, rows[2]]  # fmt: skip
    codes = _codes(_form(year=2022, rulebook="sichuan-xianjie-2021", indicators=skewed))
    assert codes.count("STRUCTURE_MISMATCH") == 2
    auto = _codes(_form(year=2022, indicators=skewed))
    assert "STRUCTURE_MISMATCH" not in auto  # sichuan-2020: the 部门预算项目 template splits freely


def _points_total_findings(form: Form) -> list[tuple[str, str]]:
    report = check_form(form)
    assert report.error is None, report.error_lines()
    return [
        (f.code, f.severity.value)
        for f in report.findings
        if f.path.endswith("points_total") or f.code == "POINTS_TOTAL_MISMATCH"
    ]


def test_the_printed_total_of_the_points_column_is_checked_against_the_rows() -> None:
    # 青神县 2023: 合计 100 in the 权重 column = 10 (预算执行情况) + 60 + 30.
    rows = [
        _row("发放覆盖率", "产出指标", "60", target="100%", actual="100%", reported_score="60"),
        _row("足额保障率", "效益指标", "30", target="100%", actual="100%", reported_score="30"),
    ]
    printed = {"execution_points": "10", "execution_score": "10", "total": "100"}
    ok = _form(indicators=rows, reported=printed | {"points_total": "100"})
    assert _points_total_findings(ok) == []
    off = _form(indicators=rows, reported=printed | {"points_total": "110"})
    assert _points_total_findings(off) == [("POINTS_TOTAL_MISMATCH", "error")]
    # the execution points not printed: the rulebook's 10 is assumed, so at most a warning
    assumed = _form(indicators=rows, reported={"points_total": "110"})
    assert _points_total_findings(assumed) == [("POINTS_TOTAL_MISMATCH", "warning")]
    # an excerpt: rows not transcribed weigh too, so nothing is said
    excerpt = _form(indicators=rows[:1], completeness="partial",
                    reported={"execution_points": "10", "points_total": "100"})  # fmt: skip
    assert _points_total_findings(excerpt) == []


def test_a_blank_coefficient_or_core_cell_is_not_printed() -> None:
    # 重庆 部门整体: 得分系数 and 是否核心指标 may be left blank ("/", "—") like any other cell.
    row = _row("预算完成率", "绩效指标", "2", target="70%", actual="76%", reported_score="2")
    form = _form(kind="department", region="重庆市", year=2021, completeness="partial",
                 indicators=[row | {"coefficient": "/", "core": "—"}])  # fmt: skip
    assert form.indicators[0].coefficient is None and form.indicators[0].core is None
    assert _codes(form, Severity.ERROR) == []


def _exec_findings(**reported: str) -> list[tuple[str, str]]:
    # as on the 重庆 2021 form: the amounts illegible, the rate, points and score printed
    # (here under hubei-2022, whose execution weighs 20)
    row = _row("预算完成率", "产出指标", "80", target="70%", actual="76%", reported_score="80")
    form = _form(region="湖北省", year=2022, funds={"budget": "?", "executed": "?"},
                 indicators=[row], reported=reported)  # fmt: skip
    report = check_form(form)
    assert report.error is None, report.error_lines()
    return [(f.code, f.severity.value) for f in report.findings if "execution_score" in f.path]


def test_a_printed_execution_score_is_checked_against_the_printed_rate() -> None:
    assert _exec_findings(execution_points="20", execution_rate="76%", execution_score="15.2") == []
    # rounded to whole points (河北 2019 prints 9 for 86 % of 10): within the rate's rounding
    assert _exec_findings(execution_points="20", execution_rate="86%", execution_score="17") == []
    wrong = _exec_findings(execution_points="20", execution_rate="76%", execution_score="15.9")
    assert wrong == [("EXEC_SCORE_MISMATCH", "error")]
    # the points not printed: the rulebook's 20 is assumed, so at most a warning
    assumed = _exec_findings(execution_rate="76%", execution_score="15.9")
    assert assumed == [("EXEC_SCORE_MISMATCH", "warning")]
