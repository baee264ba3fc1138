"""Cells as printed: blank marks, amounts in 元/万元/亿元, 指标性质 spellings, percent phrasings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from scoring.form.funds import Funds
from scoring.form.model import Form, Indicator
from scoring.form.printed import to_wan
from scoring.values import Op, parse_printed


def _row(**cells: object) -> Indicator:
    base: dict[str, object] = {"level1": "产出指标", "level2": "数量指标", "name": "x"}
    return Indicator.model_validate(base | cells)


@pytest.mark.parametrize("mark", ["", "/", "／", "—", "-", "无", "?", "？", "[illegible]", None])
def test_a_blank_or_illegible_cell_is_not_printed_never_zero(mark: object) -> None:
    row = _row(weight=mark, reported_score=mark, target=mark, actual=mark)
    assert row.weight is None and row.reported_score is None
    assert row.target.blank and row.actual.blank


def test_a_word_is_not_a_number() -> None:
    with pytest.raises(ValidationError, match="a blank cell is written"):
        _row(weight="二十")


@pytest.mark.parametrize(
    ("text", "wan"),
    [("100万元", "100"), ("900000元", "90"), ("1.2亿元", "12000"), ("1,960.42", "1960.42"),
     ("0.01亿元", "100"), ("123元", "0.0123"), ("1.23456789亿元", "12345.6789")],
)  # fmt: skip
def test_amounts_convert_to_wan_exactly(text: str, wan: str) -> None:
    assert to_wan(parse_printed(text)) == Decimal(wan)


def test_a_bare_amount_takes_the_funds_header_unit() -> None:
    funds = Funds.model_validate({"unit": "元", "budget": "500,000", "executed": "52万元"})
    assert funds.wan("budget") == Decimal(50) and funds.wan("executed") == Decimal(52)
    assert funds.wan("year_start") is None


def test_an_amount_in_another_unit_is_refused() -> None:
    with pytest.raises(ValidationError, match="元, 万元 or 亿元"):
        Funds.model_validate({"budget": "100个"})


@pytest.mark.parametrize(
    ("printed", "op", "kind"),
    [("≥", Op.GE, None), ("≤", Op.LE, None), ("＝", Op.EQ, None), ("定性", None, "qualitative"),
     ("定量", None, "quantitative"), ("/", None, None)],
)  # fmt: skip
def test_the_nature_column_gives_comparator_or_kind(printed: str, op: Op | None, kind: str | None) -> None:
    row = _row(nature=printed, weight="10", target="5次", actual="4次")
    assert row.op == op and row.declared_kind == kind


@pytest.mark.parametrize(
    ("text", "value", "unit", "op"),
    [("100%覆盖", "100", "%", None), ("≥95%以上", "95", "%", Op.GE), ("不低于95%", "95", "%", Op.GE),
     ("不少于10个", "10", "个", Op.GE), ("10个以上", "10", "个", Op.GE), ("3%以下", "3", "%", Op.LE),
     ("95%达标", "95", "%", None)],
)  # fmt: skip
def test_printed_phrasings_read_as_numbers(text: str, value: str, unit: str, op: Op | None) -> None:
    p = parse_printed(text)
    assert (p.value, p.unit, p.op, p.text) == (Decimal(value), unit, op, text)


def test_a_complete_form_needs_rows_and_an_excerpt_does_not() -> None:
    base = {"kind": "project", "title": "t", "unit": "u", "year": 2022,
            "source": {"document": "d", "section": "s"},
            "funds": {"budget": "1", "executed": "1"}}  # fmt: skip
    with pytest.raises(ValidationError, match="completeness: partial"):
        Form.model_validate(base)
    assert Form.model_validate(base | {"completeness": "partial"}).partial


def test_hierarchy_names_existing_rows() -> None:
    base = {"kind": "project", "title": "t", "unit": "u", "year": 2022,
            "source": {"document": "d", "section": "s"}}  # fmt: skip
    rows = [{"level1": "产出指标", "level2": "数量指标", "name": "b", "parent": "a", "weight": "10",
             "target": "1个", "actual": "1个"}]  # fmt: skip
    with pytest.raises(ValidationError, match="not one row's name"):
        Form.model_validate(base | {"indicators": rows})
    with pytest.raises(ValidationError, match="breakdown"):
        _row(role="breakdown", parent="a", weight="5")
