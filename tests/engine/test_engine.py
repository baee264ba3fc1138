"""The scoring rules' properties, over random indicators (hypothesis), and worked examples."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.score import execution_score, score_indicator
from scoring.engine.sheet import Policy
from scoring.form.model import Indicator
from scoring.rounding import round_to_step
from scoring.rulebook.load import load_builtin
from scoring.values import parse_printed

RB = load_builtin("hubei-2022")
POLICY = Policy.of(RB)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
weights = st.sampled_from([Decimal(w) for w in ("5", "10", "15", "20", "30", "40")])
ops = st.sampled_from(["≥", "≤"])


def indicator(weight: Decimal, target: str, actual: str, **extra: object) -> Indicator:
    return Indicator.model_validate(
        {"level1": "产出指标", "level2": "数量指标", "name": "x", "weight": str(weight),
         "target": target, "actual": actual, **extra}
    )


def quantitative(weight: Decimal, op: str, target: Decimal, actual: Decimal) -> Decimal:
    ind = indicator(weight, f"{op}{target}个", f"{actual}个")
    result = score_indicator(ind, 0, RB, POLICY)
    assert result.kind == "quantitative"
    return result.score


@given(weights, ops, amounts, amounts)
def test_never_above_weight_never_negative(w: Decimal, op: str, a: Decimal, b: Decimal) -> None:
    assert Decimal(0) <= quantitative(w, op, a, b) <= w


@given(weights, ops, amounts, amounts, amounts)
def test_monotone_in_actual_in_declared_direction(
    w: Decimal, op: str, a: Decimal, b1: Decimal, b2: Decimal
) -> None:
    lo, hi = sorted((b1, b2))
    s_lo, s_hi = quantitative(w, op, a, lo), quantitative(w, op, a, hi)
    assert s_lo <= s_hi if op == "≥" else s_lo >= s_hi


@given(weights, ops, amounts, amounts, st.sampled_from(["10", "100", "0.1", "10000"]))
def test_invariant_when_target_and_actual_scale_together(
    w: Decimal, op: str, a: Decimal, b: Decimal, k: str
) -> None:
    factor = Decimal(k)
    assert quantitative(w, op, a, b) == quantitative(w, op, a * factor, b * factor)


@given(weights, ops, amounts, amounts)
def test_score_is_half_up_of_the_exact_rule(w: Decimal, op: str, a: Decimal, b: Decimal) -> None:
    ratio = Fraction(b) / Fraction(a) if op == "≥" else Fraction(a) / Fraction(b)
    exact = min(Fraction(w), Fraction(w) * ratio)
    assert quantitative(w, op, a, b) == round_to_step(exact, Decimal("0.01"))


@given(amounts, amounts)
def test_execution_score_is_capped_and_exact(a: Decimal, b: Decimal) -> None:
    _, result = execution_score(parse_printed(str(a)), parse_printed(str(b)), RB, POLICY)
    exact = min(Fraction(20), 20 * Fraction(b) / Fraction(a))
    assert result.value == round_to_step(exact, Decimal("0.01"))
    assert result.exact == exact
    assert Decimal(0) <= result.value <= 20


def test_execution_tie_goes_up() -> None:
    # 20 × 0.88575 = 17.715 exactly: a tie at the 0.01 step, half-up gives 17.72
    _, result = execution_score(parse_printed("100000"), parse_printed("88575"), RB, POLICY)
    assert result.exact == Fraction(17715, 1000)
    assert result.value == Decimal("17.72")


def test_zero_budget_uses_the_rulebook_rate() -> None:
    rate, result = execution_score(parse_printed("0"), parse_printed("0"), RB, POLICY)
    assert rate.branch == "zero budget" and result.value == Decimal("0.00")


def test_negative_indicator_met_when_actual_is_zero() -> None:
    assert quantitative(Decimal(10), "≤", Decimal("5"), Decimal("0")) == Decimal("10.00")


def test_negative_indicator_ratio() -> None:
    # ≤5%, actual 8%: 10 × 5 / 8 = 6.25
    ind = indicator(Decimal(10), "≤5%", "8%")
    result = score_indicator(ind, 0, RB, POLICY)
    assert result.score == Decimal("6.25") and result.trace.branch == "ratio A/B"
    assert result.why and "ratio A/B" in result.why


def test_target_without_comparator_is_positive_by_rulebook_default() -> None:
    result = score_indicator(indicator(Decimal(20), "3 亿条", "2.4亿条"), 0, RB, POLICY)
    assert result.score == Decimal("16.00")
    assert "by default" in result.trace.inputs["target"]


def test_magnitudes_compare_across_units() -> None:
    # 3 亿条 target, 30000 万条 actual: the same quantity
    result = score_indicator(indicator(Decimal(20), "≥3亿条", "30000万条"), 0, RB, POLICY)
    assert result.score == Decimal("20.00") and result.trace.branch == "met target"


@pytest.mark.parametrize(
    ("grade", "score", "ok"),
    [("达成", "32", True), ("达成", "31.99", False), ("部分达成", "20", True),
     ("部分达成", "32", False), ("未达成", "19.99", True), ("未达成", "20", False)],
)
def test_qualitative_band_edges(grade: str, score: str, ok: bool) -> None:
    ind = indicator(Decimal(40), "持续运行", "见说明", reported_score=score)
    ind = ind.model_copy(update={"actual": ind.actual.model_copy(update={"grade": grade})})
    result = score_indicator(ind, 0, RB, POLICY)
    assert (not result.problems) is ok
    if ok:
        assert result.score == Decimal(score)


def test_qualitative_without_score_or_grade() -> None:
    full = score_indicator(indicator(Decimal(40), "持续运行", "完成"), 0, RB, POLICY)
    assert full.score == Decimal("40.00") and full.grade == "达成"
    unknown = score_indicator(indicator(Decimal(40), "持续运行", "进行中"), 0, RB, POLICY)
    assert unknown.problems and unknown.grade is None


def test_formula_undefined_on_its_inputs_is_a_problem_not_a_crash() -> None:
    # ≥0 target and a negative actual: weight × actual ÷ target divides by zero
    result = score_indicator(indicator(Decimal(10), "≥0个", "-5个"), 0, RB, POLICY)
    assert result.score == Decimal(0)
    [problem] = [p for p in result.problems if p.code == "FORMULA_UNDEFINED"]
    assert "division by zero" in problem.text and problem.field == "actual"
