"""Roll-ups: the seed's two roll-ups worked through, the reference checks, the CLI, and properties."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.cli.main import main
from scoring.errors import AggregateError
from scoring.form.model import Form, Indicator
from scoring.pipeline.check import load_form
from scoring.rollup.aggregate import Rollup, aggregate, apportion
from scoring.rollup.check import check_reference
from scoring.rollup.reference import load_reference
from scoring.rulebook.load import load_builtin

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
REFERENCE = ROOT / "indicators" / "references" / "wuchang-bigdata-2022.yaml"
SCHEMA = json.loads((ROOT / "schemas" / "aggregate.schema.json").read_text("utf-8"))
RB = load_builtin("hubei-2022")
EPIDEMIC = ["05-epidemic-prevention.yaml", "06-tax-relief-special-fund.yaml"]
PROJECTS = sorted(p.name for p in SEED.glob("0[1-6]-*.yaml"))


def seed(names: list[str]) -> list[Form]:
    return [load_form(SEED / n)[0] for n in names]


def test_epidemic_and_tax_relief_roll_up_into_2100410() -> None:
    rollup = aggregate(seed(EPIDEMIC), files=EPIDEMIC)
    sheet = rollup.sheet
    # budget 44 + 22 = 66, executed 40.2 + 21.5 = 61.7
    assert (rollup.form.funds.budget.text, rollup.form.funds.executed.text) == ("66", "61.7")
    assert [c.label for c in rollup.funds[0].children] == [
        "疫情防控经费",
        "其他退税减税降费专项资金",
    ]
    # rate 61.7 / 66 = 0.934848…; score 20 × 0.934848… = 18.696969… → 18.70
    assert sheet.execution_rate.exact == Fraction(617, 660)
    assert sheet.execution.exact == Fraction(20 * 617, 660)
    assert sheet.execution.value == Decimal("18.70")
    # 系统平台稳定运行 is on both forms: 40 (44 × 40 + 22 × 40) / 66 = 40; the 效益 rows differ
    # by name, so each keeps its own form: 40 × 44 / 66 = 26.67 and 40 × 22 / 66 = 13.33
    scores = {r.indicator.name: (str(r.weight), str(r.score), r.kind) for r in sheet.indicators}
    assert scores == {
        "系统平台稳定运行": ("40", "40.00", "qualitative"),
        "为全区疫情防控工作提供技术支持": ("26.67", "26.67", "qualitative"),
        "为全区疫情防控工作提供数据和技术支持": ("13.33", "13.33", "qualitative"),
    }
    first = sheet.indicators[0].trace
    assert [c.label for c in first.children[:2]] == ["疫情防控经费", "其他退税减税降费专项资金"]
    assert (sheet.total.value, sheet.grade) == (Decimal("98.70"), "优")
    # score, then aggregate: (44 × 98.27 + 22 × 99.55) / 66 = 98.6966… → 98.70: both ways agree
    assert rollup.weighted_mean_total.exact == Fraction(4400 * 9827 + 2200 * 9955, 6600 * 100)
    assert rollup.weighted_mean_total.value == Decimal("98.70")
    assert rollup.notes == []
    assert rollup.report.findings == ()
    assert [(m.label, m.total) for m in rollup.members] == [
        ("疫情防控经费", Decimal("98.27")),
        ("其他退税减税降费专项资金", Decimal("99.55")),
    ]


def test_weighting_by_executed_differs_and_says_why() -> None:
    rollup = aggregate(seed(EPIDEMIC), by="executed")
    # (40.2 × 18.27 + 21.5 × 19.55) / 61.7 = 18.716… → 18.72, against 18.70 from the sums
    assert rollup.sheet.execution.value == Decimal("18.70")
    assert rollup.weighted_mean_total.value == Decimal("98.72")
    [execution, total] = rollup.notes
    assert "18.70" in execution and "18.72" in execution and "executed amounts" in execution
    assert "98.70" in total and "98.72" in total and "预算执行得分" in total


def test_reference_2100410_matches() -> None:
    rollup = aggregate(seed(EPIDEMIC))
    ref, src = load_reference(REFERENCE)
    checks, findings = check_reference(rollup, ref, src)
    status = {c.id: (c.stated, c.computed, c.status) for c in checks}
    assert status["t03-2100410"] == ("61.7", "61.7", "ok")
    assert status["r2-1-epidemic"] == ("40.2", "40.2", "ok")
    assert status["t03-projects"][2] == "not in roll-up"
    assert [(f.code, f.severity.value, f.diagnosis) for f in findings] == [
        ("ROLLUP_BUDGET_BASIS", "info", "label")  # 年初预算数 0: all 66 added during the year
    ]


def test_six_projects_roll_up_into_project_spending() -> None:
    rollup = aggregate(seed(PROJECTS))
    # 1730.62 + 1736.1 + 553.82 + 19.5 + 40.2 + 21.5 = 4101.74 = 项目支出 in 公开03表
    assert rollup.form.funds.executed.text == "4101.74"
    assert rollup.form.funds.budget.text == "4360.86"
    assert sum(r.weight for r in rollup.sheet.indicators) == Decimal(80)
    assert rollup.sheet.total.value == rollup.weighted_mean_total.value == Decimal("98.81")
    ref, src = load_reference(REFERENCE)
    department = load_form(SEED / "07-department-overall.yaml")[0]
    checks, findings = check_reference(rollup, ref, src, department)
    assert all(c.status in ("ok", "info") for c in checks)
    assert {c.id for c in checks if c.status == "ok"} >= {
        "t03-projects",
        "t03-2010399",
        "r2-1-zhihui",
    }
    got = {(f.code, f.severity.value, f.diagnosis) for f in findings}
    assert got == {
        ("ROLLUP_BUDGET_BASIS", "info", "label"),
        ("ROLLUP_SHARE_MISMATCH", "warning", "label"),  # 十三(一): 90 % is of 4557.3, not 项目支出
        ("DEPT_INCLUDES_BASIC", "info", None),  # 4557.3 = 455.56 + 4101.74
        ("DEPT_BASIC_BUDGET", "info", None),
        ("DEPT_SCORE_VS_ROLLUP", "info", None),
    }
    share = next(f for f in findings if f.code == "ROLLUP_SHARE_MISMATCH")
    assert "4101.74 ÷ 4557.3" in share.message and share.line is not None


def test_a_wrong_reference_amount_is_an_error(tmp_path: Path) -> None:
    text = REFERENCE.read_text("utf-8").replace('amount: "61.7"', 'amount: "66"', 1)
    path = tmp_path / "ref.yaml"
    path.write_text(text, "utf-8")
    ref, src = load_reference(path)
    _, findings = check_reference(aggregate(seed(EPIDEMIC)), ref, src)
    [wrong] = [f for f in findings if f.code == "ROLLUP_FUNDS_MISMATCH"]
    assert (wrong.severity.value, wrong.diagnosis) == ("warning", "label")  # it is the budget
    assert wrong.stated == "66" and wrong.computed == "61.7"


def test_apportion_keeps_the_sum() -> None:
    thirds = {("a", "", str(i)): Fraction(80, 3) for i in range(3)}
    rounded = apportion(thirds, Decimal("0.01"))
    assert sum(rounded.values()) == Decimal(80)
    assert sorted(rounded.values()) == [Decimal("26.66"), Decimal("26.67"), Decimal("26.67")]


def test_forms_of_different_years_are_refused() -> None:
    a, b = seed(EPIDEMIC)
    with pytest.raises(AggregateError, match="different years"):
        aggregate([a, b.model_copy(update={"year": 2021})])


def test_a_department_form_among_projects_is_flagged() -> None:
    rollup = aggregate(seed([*EPIDEMIC, "07-department-overall.yaml"]))
    assert [f.code for f in rollup.findings] == ["ROLLUP_MIXED_KINDS"]


def test_members_reported_in_parts_bring_their_parts() -> None:
    base = seed(EPIDEMIC[:1])[0]
    parts = [
        {"name": "甲", "fund": "30", "score": "40"},
        {"name": "乙", "fund": "14", "score": "36"},
    ]
    ind = Indicator.model_validate(base.indicators[0].model_dump() | {"parts": parts})
    member = base.model_copy(update={"indicators": (ind, base.indicators[1])})
    rollup = aggregate([member, seed(EPIDEMIC[1:])[0]])
    first = rollup.sheet.indicators[0]
    assert [p.name for p in first.indicator.parts] == [
        "疫情防控经费 / 甲",
        "疫情防控经费 / 乙",
        "其他退税减税降费专项资金",
    ]
    # (30 × 40 + 14 × 36 + 22 × 40) / 66 = 39.15… → 39.15
    assert first.trace.exact == Fraction(30 * 40 + 14 * 36 + 22 * 40, 66)


# --- the command --------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["aggregate", *args])
    return result.exit_code, result.output


def test_cli_text_shows_the_roll_up_and_the_members_side_by_side() -> None:
    code, out = run(*(str(SEED / n) for n in EPIDEMIC), "--reference", str(REFERENCE), "--lang", "zh")
    assert code == 0
    assert "A 66  B 61.7" in out and "18.70" in out and "98.70" in out
    assert "资金加权平均（先计分，后汇总）" in out
    assert "t03-2100410" in out and "ROLLUP_BUDGET_BASIS" in out


def test_cli_json_matches_its_schema() -> None:
    code, out = run(*(str(SEED / n) for n in EPIDEMIC), "--format", "json", "--trace")
    assert code == 0
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    assert doc["funds"] == {"budget": "66", "executed": "61.7"}
    assert doc["computed"]["execution_score"] == "18.70"
    assert doc["computed"]["total"] == "98.70"
    assert [(m["title"], m["budget"], m["executed"], m["total"]) for m in doc["members"]] == [
        ("疫情防控经费", "44", "40.2", "98.27"),
        ("其他退税减税降费专项资金", "22", "21.5", "99.55"),
    ]
    assert doc["weighted_mean_total"]["value"] == "98.70"
    assert doc["trace"]["funds"][1]["value"] == "61.7"


def test_cli_six_projects_with_reference_and_department() -> None:
    dep = str(SEED / "07-department-overall.yaml")
    paths = [str(SEED / n) for n in PROJECTS]
    code, out = run(*paths, "--reference", str(REFERENCE), "--department", dep, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    assert doc["funds"]["executed"] == "4101.74"
    assert {f["code"] for f in doc["findings"]} >= {"ROLLUP_SHARE_MISMATCH", "DEPT_INCLUDES_BASIC"}


def test_cli_by_executed_and_bad_input(tmp_path: Path) -> None:
    code, out = run(*(str(SEED / n) for n in EPIDEMIC), "--by", "executed")
    assert code == 0 and "18.72" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: project\n", "utf-8")
    code, out = run(str(bad))
    assert code == 2 and "bad.yaml" in out


# --- properties -----------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("1"), max_value=Decimal("5000"), places=2)
POOL = {  # name -> (level1, level2, kind): the same name is the same indicator on every form
    "数量": ("产出指标", "数量指标", "absolute"),
    "比率": ("产出指标", "质量指标", "relative"),
    "质量": ("产出指标", "质量指标", "qualitative"),
    "效益": ("效益指标", "社会效益指标", "qualitative"),
}
SPLITS = [(80,), (40, 40), (60, 20), (30, 30, 20), (20, 20, 20, 20)]


@st.composite
def forms(draw: st.DrawFn, title: str) -> Form:
    budget = draw(amounts)
    executed = draw(st.decimals(min_value=Decimal("0"), max_value=budget * 2, places=2))
    weights = draw(st.sampled_from(SPLITS))
    names = draw(st.permutations(list(POOL)))[: len(weights)]
    indicators: list[dict[str, Any]] = []
    for name, w in zip(names, weights, strict=True):
        level1, level2, kind = POOL[name]
        row: dict[str, Any] = {"level1": level1, "level2": level2, "name": name,
                               "weight": str(w), "weight_at": "s"}  # fmt: skip
        if kind == "absolute":
            t, a = draw(st.integers(1, 500)), draw(st.integers(0, 800))
            row |= {"target": f"≥{t}个", "actual": f"{a}个"}
        elif kind == "relative":
            t, a = draw(st.integers(50, 100)), draw(st.integers(0, 120))
            row |= {"target": f"≥{t}%", "actual": f"{a}%"}
        else:
            k = draw(st.integers(10, 20))  # 50 %–100 % of the weight, in steps of 5 %
            row |= {"target": "t", "actual": "完成" if k >= 16 else "部分完成",
                    "reported_score": str(Decimal(w) * k / 20)}  # fmt: skip
        indicators.append(row)
    return Form.model_validate(
        {"kind": "project", "title": title, "unit": "u", "year": 2022, "rulebook": "hubei-2022",
         "source": {"document": "d", "section": title},
         "funds": {"budget": str(budget), "executed": str(executed)}, "indicators": indicators}
    )  # fmt: skip


@st.composite
def members(draw: st.DrawFn) -> list[Form]:
    n = draw(st.integers(1, 4))
    return [draw(forms(f"form{i}")) for i in range(n)]


def _numbers(rollup: Rollup) -> tuple[Any, ...]:
    by_key = sorted(
        ((r.indicator.level1, r.indicator.level2, r.indicator.name), r.trace.exact, r.score)
        for r in rollup.sheet.indicators
    )
    return (
        rollup.form.funds.budget.value,
        rollup.form.funds.executed.value,
        rollup.sheet.total.value,
        rollup.weighted_mean_total.exact,
        by_key,
    )


@settings(max_examples=40, deadline=None)
@given(members(), st.data(), st.sampled_from(["budget", "executed"]))
def test_permutation_invariance(fs: list[Form], data: st.DataObject, by: str) -> None:
    shuffled = data.draw(st.permutations(fs))
    assume(sum(getattr(f.funds, by).value for f in fs) > 0)  # else refused: nothing to weight by
    assert _numbers(aggregate(fs, by=by)) == _numbers(aggregate(shuffled, by=by))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(members(), st.sampled_from(["budget", "executed"]))
def test_weighted_mean_total_lies_between_the_members(fs: list[Form], by: str) -> None:
    assume(sum(getattr(f.funds, by).value for f in fs) > 0)
    rollup = aggregate(fs, by=by)  # type: ignore[arg-type]
    totals = [m.total for m in rollup.members if m.fund > 0]
    if totals:
        assert min(totals) <= rollup.weighted_mean_total.value <= max(totals)


@settings(max_examples=40, deadline=None)
@given(members(), st.sampled_from(["budget", "executed"]))
def test_where_the_two_ways_differ_both_are_reported_and_explained(fs: list[Form], by: str) -> None:
    if sum(getattr(f.funds, by).value for f in fs) == 0:
        with pytest.raises(AggregateError, match="add up to 0"):
            aggregate(fs, by=by)  # type: ignore[arg-type]
        return
    rollup = aggregate(fs, by=by)  # type: ignore[arg-type]
    assert rollup.report.error is None
    assert sum(r.weight for r in rollup.sheet.indicators) == Decimal(80)
    for c in rollup.comparisons:
        if c.differs:
            assert c.explanation and str(c.aggregated) in c.explanation
            assert str(c.averaged_value) in c.explanation
            assert c.explanation in rollup.notes
    total = rollup.comparisons[-1]
    assert (total.label, total.aggregated) == ("总分", rollup.sheet.total.value)
    assert total.averaged == rollup.weighted_mean_total.exact


@settings(max_examples=40, deadline=None)
@given(members())
def test_budget_weights_make_the_execution_score_the_mean_of_the_members(fs: list[Form]) -> None:
    rollup = aggregate(fs, by="budget")
    if all(m.sheet.execution_rate.exact <= 1 for m in rollup.members):
        total = sum((Fraction(m.budget) for m in rollup.members), Fraction(0))
        mean = sum(
            (Fraction(m.budget) * m.sheet.execution.exact for m in rollup.members), Fraction(0)
        )
        assert rollup.sheet.execution.exact == mean / total
