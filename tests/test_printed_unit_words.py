"""Units written out in words on published forms."""

from __future__ import annotations

from decimal import Decimal

from scoring.values import Op, parse_printed


def test_percent_written_as_a_word_is_a_percentage() -> None:
    p = parse_printed("≥100百分比")  # so printed on an Anhui 2022 form, against an actual "100"
    assert (p.value, p.unit, p.op, p.percent, p.magnitude()) == (
        Decimal(100), "%", Op.GE, True, Decimal(1))
    assert p.text == "≥100百分比"  # the text stays as printed


def test_percentage_points_stay_a_unit_of_their_own() -> None:
    assert parse_printed("2百分点").unit == "百分点"
