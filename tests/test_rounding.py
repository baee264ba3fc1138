"""Rounding is exact and half-up at declared steps, checked against a Fraction oracle."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.rounding import RoundingMode, as_fraction, fraction_to_decimal, round_to_step

STEPS = [Decimal("0.01"), Decimal("0.1"), Decimal("1"), Decimal("0.001"), Decimal("0.0001")]


def oracle_half_up(x: Fraction, step: Fraction) -> Fraction:
    """Round half away from zero, by the definition: floor(|x|/step + 1/2)."""
    units = abs(x) / step
    rounded = math.floor(units + Fraction(1, 2))
    return (rounded if x >= 0 else -rounded) * step


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        ("17.715", "0.01", "17.72"),  # a true tie goes up
        ("17.7149999", "0.01", "17.71"),
        ("2.675", "0.01", "2.68"),  # binary floating point gives 2.67 here
        ("1.005", "0.01", "1.01"),  # and 1.00 here
        ("-2.675", "0.01", "-2.68"),
        ("0.885575", "0.001", "0.886"),
        ("0.950431", "0.01", "0.95"),
        ("19.5", "1", "20"),
    ],
)
def test_half_up_examples(value: str, step: str, expected: str) -> None:
    assert round_to_step(Decimal(value), Decimal(step)) == Decimal(expected)


def test_result_keeps_the_step_exponent() -> None:
    assert str(round_to_step(Decimal("20"), Decimal("0.01"))) == "20.00"


def test_modes_differ_where_they_should() -> None:
    x = Fraction(177115, 10000)
    assert round_to_step(x, Decimal("0.01"), RoundingMode.DOWN) == Decimal("17.71")
    assert round_to_step(x, Decimal("0.01"), RoundingMode.UP) == Decimal("17.72")


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="inexact"):
        as_fraction(0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        as_fraction(Decimal("NaN"))


@given(
    units=st.integers(min_value=-(10**9), max_value=10**9),
    step=st.sampled_from(STEPS),
)
def test_exact_ties_round_away_from_zero(units: int, step: Decimal) -> None:
    tie = (Fraction(units) + Fraction(1, 2)) * Fraction(step)
    got = Fraction(round_to_step(tie, step))
    assert got == oracle_half_up(tie, Fraction(step))
    assert abs(got) > abs(tie)


@given(
    num=st.integers(min_value=-(10**12), max_value=10**12),
    den=st.integers(min_value=1, max_value=10**6),
    step=st.sampled_from(STEPS),
)
def test_half_up_matches_fraction_oracle(num: int, den: int, step: Decimal) -> None:
    x = Fraction(num, den)
    got = round_to_step(x, step)
    assert Fraction(got) == oracle_half_up(x, Fraction(step))
    assert abs(Fraction(got) - x) <= Fraction(step) / 2


@given(num=st.integers(-(10**9), 10**9), den=st.integers(1, 10**4))
def test_display_decimal_is_exact_when_it_terminates(num: int, den: int) -> None:
    x = Fraction(num, den)
    shown = fraction_to_decimal(x, 12)
    assert abs(Fraction(shown) - x) <= Fraction(1, 2 * 10**12)


def test_exact_product_keeps_every_digit() -> None:
    from scoring.rounding import exact_product

    w = Decimal("16.66666666666666666666666667")
    # the context's 28 digits would give 10.00000000000000000000000000 and put 10.0 on the edge
    assert exact_product(w, Decimal("0.6")) == Decimal("10.000000000000000000000000002")
    assert exact_product(w, Decimal("0.6")) > Decimal("10.0")
