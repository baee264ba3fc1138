"""No silent wrong score: every score within [0, its weight] whatever the input, explicit values
in scientific notation, weights and numbers past the documented bounds (issue: hardening)."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.api.calls import score
from scoring.engine.score import score as engine_score
from scoring.errors import InputError, InputErrors
from scoring.limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, number_problem
from scoring.pipeline.check import check_form, load_form_text
from scoring.rulebook.load import load_builtin

HUBEI = load_builtin("hubei-2022")


def form_text(weight: str = "40", target: str = '"≥100"', actual: str = '"100"',
              rulebook: str = "hubei-2022", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        kind: project
        title: t
        unit: u
        year: 2022
        region: 湖北省武汉市
        rulebook: {rulebook}
        source: {{document: d, section: s}}
        funds: {{budget: "100", executed: "100"}}
        indicators:
          - {{level1: 产出指标, level2: 数量指标, name: a, weight: {weight},
             target: {target}, actual: {actual}{extra}}}
        """)


def total_of(text: str, rulebook: str = "hubei-2022") -> Decimal:
    form, _ = load_form_text(text)
    return score(form, load_builtin(rulebook)).indicator_total.value


def test_a_negative_actual_scores_zero_not_below() -> None:
    form, _ = load_form_text(form_text(actual='"-80"'))
    sheet = score(form, HUBEI)  # hubei-2022 takes a negative actual as it is (as_is)
    row = sheet.indicators[0]
    assert row.score == Decimal("0.00")
    assert "formula gave -32 < 0: held at 0" in row.trace.branch


def test_an_explicit_value_in_scientific_notation_stays_quantitative() -> None:
    text = form_text(target='"≥0.0000001"', actual='{text: "x", value: "0.00000008"}')
    form, _ = load_form_text(text)
    row = score(form, HUBEI).indicators[0]
    assert row.kind == "quantitative"
    assert row.score == Decimal("32.00")  # 40 × 0.8


@pytest.mark.parametrize("weight", ['"-40"', '"≥40"'])
def test_a_negative_or_compared_weight_is_refused(weight: str) -> None:
    with pytest.raises((InputError, InputErrors), match="a weight is a number ≥ 0"):
        load_form_text(form_text(weight=weight))


@pytest.mark.parametrize(("field", "value"), [
    ("weight", '"1234567890123456789012345678901234567890"'),
    ("target", '"≥1e999999999"'),
    ("actual", '{text: "x", value: "1e999999999"}'),
    ("actual", '"0.000000000001"'),
])  # fmt: skip
def test_numbers_past_the_documented_bounds_are_refused(field: str, value: str) -> None:
    text = form_text(**{field: value})
    if "1e999999999" in value and field == "target":  # not a number as printed: qualitative text
        form, _ = load_form_text(text)
        assert score(form, HUBEI).indicators[0].kind == "qualitative"
        return
    with pytest.raises((InputError, InputErrors), match=r"docs/limits\.md"):
        load_form_text(text)


def test_a_qualitative_printed_score_is_held_within_its_weight() -> None:
    text = form_text(target='"按期完成"', actual='"进行中"', extra=", reported_score: '55'")
    form, _ = load_form_text(text)
    row = score(form, HUBEI).indicators[0]
    assert row.score == Decimal("40.00") and "held within [0, 40]" in row.trace.branch


def test_a_rulebook_id_where_a_rulebook_is_expected_is_a_type_error() -> None:
    form, src = load_form_text(form_text())
    for call in (lambda: engine_score(form, "hubei-2022"),  # type: ignore[arg-type]
                 lambda: check_form(form, src, rulebook="hubei-2022")):  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"load_builtin\('hubei-2022'\)"):
            call()
    with pytest.raises(TypeError, match="must be a Rulebook"):
        engine_score(form, None)  # type: ignore[arg-type]
    # the public API takes an id and loads it; anything else is a TypeError
    assert score(form, "hubei-2022").total.value == engine_score(form, HUBEI).total.value
    with pytest.raises(TypeError):
        score(form, 42)  # type: ignore[arg-type]


DIGITS = st.integers(0, 10**MAX_INTEGER_DIGITS - 1)


@settings(max_examples=200, deadline=None)
@given(
    weight=st.integers(0, 10**6),
    target=DIGITS,
    actual=st.integers(-(10**MAX_INTEGER_DIGITS - 1), 10**MAX_INTEGER_DIGITS - 1),
    places=st.integers(0, MAX_FRACTION_DIGITS),
    rulebook=st.sampled_from(["hubei-2022", "central-2020"]),
    op=st.sampled_from(["≥", "≤", "=", ">", "<"]),
)
def test_no_score_outside_zero_and_its_weight(
    weight: int, target: int, actual: int, places: int, rulebook: str, op: str
) -> None:
    t = Decimal(target).scaleb(-places)
    a = Decimal(actual).scaleb(-places)
    assert number_problem(t) is None and number_problem(a) is None
    text = form_text(weight=f'"{weight}"', target=f'"{op}{t:f}"', actual=f'"{a:f}"',
                     rulebook=rulebook)  # fmt: skip
    form, _ = load_form_text(text)
    sheet = score(form, load_builtin(rulebook))
    for row in sheet.indicators:  # the row within its weight, then scaled to its block's points
        assert Decimal(0) <= row.form_score <= row.weight
        step = Fraction(sheet.rulebook.rounding.score_step.value)  # apportioned in its block
        assert 0 <= Fraction(row.score) <= Fraction(row.weight) * row.scale + step
    assert Decimal(0) <= sheet.execution.value


def test_rounding_never_lifts_a_score_above_its_weight() -> None:
    from scoring.rounding import round_within

    assert round_within(Fraction(9, 200), Decimal("0.045"), Decimal("0.01")) == Decimal("0.04")
    assert round_within(15, 15, Decimal(4)) == Decimal(12)  # a step of 4 cannot reach 15
    assert round_within(Fraction(1, 3), 20, Decimal("0.01")) == Decimal("0.33")
    form, _ = load_form_text(form_text(weight='"0.045"', actual='"100"'))
    assert score(form, HUBEI).indicators[0].score == Decimal("0.04")
