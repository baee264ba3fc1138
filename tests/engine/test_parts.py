"""Indicators reported in parts (备注2, 备注3): worked cases, validation, and properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from scoring.engine.parts import combine, value_type
from scoring.engine.score import score_indicator
from scoring.engine.sheet import Policy
from scoring.form.model import Indicator
from scoring.pipeline.check import check_form, load_form_text
from scoring.rulebook.load import load_builtin, load_rulebook

RB = load_builtin("hubei-2022")
POLICY = Policy.of(RB)


def indicator(parts: list[dict[str, Any]], **extra: Any) -> Indicator:
    data = {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "x",
        "weight": "20",
        "target": "≥95%",
        "actual": "见各部分",
        "parts": parts,
    }
    return Indicator.model_validate(data | extra)


def test_relative_parts_are_averaged_by_fund_then_scored() -> None:
    # 30 × 90 % + 10 × 100 % = 37, ÷ 40 = 92.5 %; 20 × 92.5 / 95 = 19.4736… → 19.47
    ind = indicator(
        [
            {"name": "甲", "fund": "30", "actual": "90%"},
            {"name": "乙", "fund": "10", "actual": "100%"},
        ]
    )
    r = score_indicator(ind, 0, RB, POLICY)
    assert r.kind == "quantitative"
    assert r.trace.exact == Fraction(20) * Fraction(37, 40) / Fraction(95, 100)
    assert r.score == Decimal("19.47")
    labels = [c.label for c in r.trace.children]
    assert labels == ["甲", "乙", "合并完成值 (%)"]
    assert [c.exact for c in r.trace.children] == [Fraction(3, 4), Fraction(1, 4), Fraction(185, 2)]
    assert r.trace.children[0].inputs["fund"] == "30 (fund)"


def test_absolute_parts_are_summed() -> None:
    # 120 个 + 80 个 = 200 个 against ≥250 个: 20 × 200 / 250 = 16
    ind = indicator(
        [{"name": "甲", "fund": "1", "actual": "120个"}, {"name": "乙", "fund": "99", "actual": "80个"}],
        target="≥250个",
    )  # fmt: skip
    assert value_type(ind) == "absolute"
    assert score_indicator(ind, 0, RB, POLICY).score == Decimal("16.00")


def test_parts_own_targets_are_combined_like_the_actuals() -> None:
    # targets 100 + 100 = 200 个, actuals 150 + 30 = 180 个: 20 × 180 / 200 = 18
    parts = [
        {"name": "甲", "fund": "1", "actual": "150个", "target": "≥100个"},
        {"name": "乙", "fund": "1", "actual": "30个", "target": "≥100个"},
    ]
    r = score_indicator(indicator(parts, target="≥200个"), 0, RB, POLICY)
    assert r.score == Decimal("18.00")
    assert r.trace.children[-1].label == "合并目标值 (个)"


def test_declared_value_type_wins_over_the_unit() -> None:
    parts = [
        {"name": "甲", "fund": "3", "actual": "10个"},
        {"name": "乙", "fund": "1", "actual": "20个"},
    ]
    ind = indicator(parts, target="≥12.5个", value_type="relative")
    # relative: (3 × 10 + 1 × 20) / 4 = 12.5 → met
    assert score_indicator(ind, 0, RB, POLICY).score == Decimal("20.00")


def test_qualitative_parts_average_scores_by_fund() -> None:
    # (44 × 40 + 22 × 32) / 66 = 37.333… → 37.33, in the band of 达成 [32, 40]
    parts = [
        {"name": "甲", "fund": "44", "score": "40"},
        {"name": "乙", "fund": "22", "score": "32"},
    ]
    ind = indicator(parts, weight="40", target="达成", actual="完成")
    r = score_indicator(ind, 0, RB, POLICY)
    assert (r.kind, r.score, r.grade, r.problems) == ("qualitative", Decimal("37.33"), "达成", ())
    assert r.trace.exact == Fraction(112, 3)


def test_qualitative_part_scores_on_other_weights_are_taken_as_shares() -> None:
    # 甲 20/20, 乙 10/20 with equal funds: rate (20 + 10) / (20 + 20) = 75 % of 40 = 30 → 部分达成
    parts = [
        {"name": "甲", "fund": "1", "score": "20", "weight": "20"},
        {"name": "乙", "fund": "1", "score": "10", "weight": "20"},
    ]
    r = score_indicator(indicator(parts, weight="40", target="t"), 0, RB, POLICY)
    assert (r.score, r.grade) == (Decimal("30.00"), "部分达成")


def test_the_rulebook_says_which_amount_weights() -> None:
    parts = [
        {"name": "甲", "budget": "10", "executed": "1", "actual": "100%"},
        {"name": "乙", "budget": "10", "executed": "9", "actual": "50%"},
    ]
    ind = indicator(parts, target="≥100%")
    by_budget = score_indicator(ind, 0, RB, POLICY)  # (100 + 50) / 2 = 75 % → 15
    assert by_budget.score == Decimal("15.00")
    assert by_budget.trace.children[0].inputs["fund"] == "10 (budget)"
    text = (resources.files("scoring.rulebook") / "builtin" / "hubei-2022.yaml").read_text("utf-8")
    executed_rb = load_rulebook(
        text.replace("    value: budget\n", "    value: executed\n").replace(
            "id: hubei-2022", "id: hubei-2022-by-executed"
        ),
        "x.yaml",
    )
    by_executed = score_indicator(ind, 0, executed_rb, Policy.of(executed_rb))
    assert by_executed.score == Decimal("11.00")  # (1 × 100 + 9 × 50) / 10 = 55 % → 11


@pytest.mark.parametrize(
    ("parts", "says"),
    [
        ([{"name": "a", "fund": "1", "actual": "1个"}, {"name": "b", "fund": "1", "score": "1"}], "all have"),
        ([{"name": "a", "fund": "0", "actual": "1个"}], "add up to 0"),
        ([{"name": "a", "budget": "1", "actual": "1个"}], "needs `fund`"),
        ([{"name": "a", "fund": "1", "actual": "1个", "score": "1"}], "exactly one"),
        ([{"name": "a", "fund": "1", "actual": "很多"}], "must be a number"),
        ([{"name": "a", "fund": "1", "score": "1"}, {"name": "a", "fund": "1", "score": "1"}], "unique"),
        ([{"name": "a", "fund": "-1", "score": "1"}], "cannot be negative"),
    ],
)  # fmt: skip
def test_bad_parts_are_refused(parts: list[dict[str, Any]], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        indicator(parts)


FORM = """
kind: project
title: t
unit: u
year: 2022
rulebook: hubei-2022
source: {document: d, section: s}
funds: {budget: "10", executed: "10"}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: a, weight: "40", weight_at: s,
     target: "≥95%", actual: "ACTUAL",
     parts: [{name: p, fund: "1", actual: "90%"}, {name: q, fund: "1", actual: "100%"}]}
  - {level1: 效益指标, level2: 社会效益指标, name: b, weight: "40", weight_at: s,
     target: t, actual: 完成,
     reported_score: "SCORE", parts: [{name: p, fund: "3", score: "40"}, {name: q, fund: "1", score: "36"}]}
"""


def _form(actual: str, score: str) -> str:
    return FORM.replace("ACTUAL", actual).replace("SCORE", score)


def test_a_stated_combined_value_is_verified() -> None:
    # a: (90 % + 100 %) / 2 = 95 %; b: (3 × 40 + 1 × 36) / 4 = 39
    form, src = load_form_text(_form("95%", "39"), "f.yaml")
    report = check_form(form, src, "f.yaml", RB)
    assert [f.code for f in report.findings] == []
    form, src = load_form_text(_form("96%", "40"), "f.yaml")
    report = check_form(form, src, "f.yaml", RB)
    assert [(f.code, f.path) for f in report.findings] == [
        ("PARTS_MISMATCH", "indicators[0].parts"),
        ("PARTS_MISMATCH", "indicators[1].parts"),
    ]
    assert "96% is not the combined value 95%" in report.findings[0].message
    assert report.findings[0].line == 12  # the line of `parts:`


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("150"), places=1)


@given(st.lists(st.tuples(amounts, percents), min_size=1, max_size=6))
def test_combined_relative_value_lies_between_the_parts(
    rows: list[tuple[Decimal, Decimal]],
) -> None:
    values = [Fraction(v) for _, v in rows]
    combined = combine(values, [Fraction(a) for a, _ in rows], "relative")
    assert min(values) <= combined <= max(values)


def _parts(rows: list[tuple[Decimal, Decimal]], kind: str) -> list[dict[str, Any]]:
    key = {"relative": "actual", "absolute": "actual", "qualitative": "score"}[kind]
    unit = {"relative": "%", "absolute": "个", "qualitative": ""}[kind]
    return [{"name": f"p{i}", "fund": str(a), key: f"{v}{unit}"} for i, (a, v) in enumerate(rows)]


scores = st.decimals(min_value=Decimal("0.2"), max_value=Decimal("40"), places=1)


@given(
    st.lists(st.tuples(amounts, scores), min_size=1, max_size=5),
    st.data(),
    st.sampled_from(["relative", "absolute", "qualitative"]),
)  # fmt: skip
def test_splitting_a_part_changes_nothing(
    rows: list[tuple[Decimal, Decimal]], data: st.DataObject, kind: str
) -> None:
    i = data.draw(st.integers(0, len(rows) - 1))
    fund, value = rows[i]
    if fund < Decimal("0.02"):
        return
    f1 = data.draw(
        st.decimals(min_value=Decimal("0.01"), max_value=fund - Decimal("0.01"), places=2)
    )
    # relative values and scores keep their value; an absolute value splits with the fund
    v1 = (value * f1 / fund).quantize(Decimal("0.000001")) if kind == "absolute" else value
    v2 = value - v1 if kind == "absolute" else value
    split = [*rows[:i], (f1, v1), (fund - f1, v2), *rows[i + 1 :]]
    target = {"relative": "≥30%", "absolute": "≥60个", "qualitative": "t"}[kind]
    before = indicator(_parts(rows, kind), weight="40", target=target)
    after = indicator(_parts(split, kind), weight="40", target=target)
    a, b = score_indicator(before, 0, RB, POLICY), score_indicator(after, 0, RB, POLICY)
    assert a.trace.exact == b.trace.exact
    assert a.score == b.score
