"""Tests for scoring.values: printed form values read into exact number, unit and comparator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.errors import ValueParseError
from scoring.values import Op, Printed, parse_number, parse_percent, parse_printed

D = Decimal

# text -> (value, unit, base_unit, scale, op, decimals, magnitude)
EXAMPLES: dict[str, tuple[Decimal, str | None, str | None, Decimal, Op | None, int, Decimal]] = {
    "≥3亿条": (D(3), "亿条", "条", D(10) ** 8, Op.GE, 0, D(300_000_000)),
    "≧80%": (D(80), "%", "%", D(1), Op.GE, 0, D("0.8")),
    "15个": (D(15), "个", "个", D(1), None, 0, D(15)),
    "≤5%": (D(5), "%", "%", D(1), Op.LE, 0, D("0.05")),
    "98%以上": (D(98), "%", "%", D(1), Op.GE, 0, D("0.98")),
    "=100%": (D(100), "%", "%", D(1), Op.EQ, 0, D(1)),
    "3.75亿条": (D("3.75"), "亿条", "条", D(10) ** 8, None, 2, D(375_000_000)),
    "88.6%": (D("88.6"), "%", "%", D(1), None, 1, D("0.886")),
    "4,557.3": (D("4557.3"), None, None, D(1), None, 1, D("4557.3")),
    "1，736.1": (D("1736.1"), None, None, D(1), None, 1, D("1736.1")),
    "3 亿条": (D(3), "亿条", "条", D(10) ** 8, None, 0, D(300_000_000)),
    "264场": (D(264), "场", "场", D(1), None, 0, D(264)),
    "10 个": (D(10), "个", "个", D(1), None, 0, D(10)),
    "＞＝90%": (D(90), "%", "%", D(1), Op.GE, 0, D("0.9")),
    "不超过 5%": (D(5), "%", "%", D(1), Op.LE, 0, D("0.05")),
    "１２.５０万元": (D("12.50"), "万元", "元", D(10) ** 4, None, 2, D(125_000)),
    "5‰以内": (D(5), "‰", "‰", D(1), Op.LE, 0, D("0.005")),
    "3百万元": (D(3), "百万元", "元", D(10) ** 6, None, 0, D(3_000_000)),
    "2万": (D(2), "万", None, D(10) ** 4, None, 0, D(20_000)),
    "5个百分点": (D(5), "个百分点", "个百分点", D(1), None, 0, D(5)),
    "2百分点": (D(2), "百分点", "百分点", D(1), None, 0, D(2)),
    "1.5万m²": (D("1.5"), "万m²", "m²", D(10) ** 4, None, 1, D(15_000)),
    "不大于-3": (D(-3), None, None, D(1), Op.LE, 0, D(-3)),
    "0 次 及以上": (D(0), "次", "次", D(1), Op.GE, 0, D(0)),
}


def _check(p: Printed, expected: tuple[object, ...]) -> None:
    value, unit, base_unit, scale, op, decimals, magnitude = expected
    assert (p.value, p.unit, p.base_unit, p.scale, p.op, p.decimals) == (
        value, unit, base_unit, scale, op, decimals,
    )  # fmt: skip
    assert p.numeric
    assert p.percent is (unit == "%")
    assert p.magnitude() == magnitude


@pytest.mark.parametrize("text", list(EXAMPLES))
def test_examples(text: str) -> None:
    p = parse_printed(text)
    assert p.text == text
    _check(p, EXAMPLES[text])


QUALITATIVE = [
    "持续运行",
    "重大安全责任事故为 0",
    "覆盖到街道和社区",
    "按期完成",
    "",
    "   ",
    "≤5%以上",  # prefix and suffix contradict
    "=5以上",
    "大于 0 次 及以上",  # GT and GE
    "100%完成",  # "%" is a unit only on its own
    "45,57.3",  # bad thousands grouping
    "1,2345",
    "1.2.3",
    "NaN",
    "inf",
    "1e5",
    "达到95%",  # 达到 is not a comparator
    "12月底前完成",  # unit longer than 4 characters
    "≥",
    "以上",
    "3-5个",
]


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative_text(text: str) -> None:
    p = parse_printed(text)
    assert p == Printed(text, None, None, None, D(1), None, 0)
    assert not p.numeric
    assert not p.percent
    assert p.magnitude() is None
    with pytest.raises(ValueParseError):
        p.step()


def test_decimals_and_step() -> None:
    assert parse_printed("17.70").decimals == 2
    assert parse_printed("17.70").value == D("17.70")
    assert str(parse_printed("17.70").value) == "17.70"
    assert parse_printed("88.6%").step() == D("0.1")
    assert parse_printed("20").step() == D(1)
    assert parse_printed("3.75亿条").step() == D("0.01")


def test_magnitude_is_exact_beyond_default_precision() -> None:
    p = parse_printed("123,456,789,012,345,678,901,234,567.891亿条")
    assert p.magnitude() == D("12345678901234567890123456789100000")
    assert parse_percent("12345678901234567890123456789.123%") == D(
        "123456789012345678901234567.89123"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,557.3", "4557.3"),
        ("1，736.1", "1736.1"),
        ("1 736.1", "1736.1"),
        ("-3", "-3"),
        ("−3", "-3"),
        ("17.72", "17.72"),
        ("17.70", "17.70"),
        ("  0 ", "0"),
        ("１，２３４", "1234"),
        ("1,234,567", "1234567"),
    ],
)
def test_parse_number(text: str, expected: str) -> None:
    result = parse_number(text)
    assert result == D(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    "text",
    ["NaN", "nan", "inf", "Infinity", "-Infinity", "1e5", "1E5", "", " ", "1.2.3", "45,57.3",
     "1,2345", "12 34", ".5", "5.", "3%", "≥3", "3个", "--3", "+3", "٣", "1,234 567"],
)  # fmt: skip
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueParseError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("88.6%", "0.886"),
        ("95%", "0.95"),
        ("100%", "1"),
        ("８８．６％", "0.886"),
        ("0.5 %", "0.005"),
    ],
)
def test_parse_percent(text: str, expected: str) -> None:
    assert parse_percent(text) == D(expected)


@pytest.mark.parametrize("text", ["88.6", "abc%", "%", "≥95%", "98%以上", "5‰", "95个", ""])
def test_parse_percent_rejects(text: str) -> None:
    with pytest.raises(ValueParseError):
        parse_percent(text)


PREFIXES: dict[Op, list[str]] = {
    Op.GE: ["≥", "≧", ">=", "＞＝", "＞=", "大于等于", "不低于", "不少于", "至少"],
    Op.LE: ["≤", "≦", "<=", "小于等于", "不高于", "不超过", "不多于"],
    Op.EQ: ["=", "＝", "等于"],
    Op.GT: [">", "＞", "大于", "高于", "超过"],
    Op.LT: ["<", "＜", "小于", "低于"],
}
SUFFIXES: dict[Op, list[str]] = {Op.GE: ["以上", "及以上"], Op.LE: ["以下", "以内", "及以下"]}
UNITS = [None, "亿条", "%", "‰", "个", "万元", "场", "次", "人次", "km", "元/人"]


@st.composite
def printed_values(draw: st.DrawFn) -> tuple[str, Decimal, int, Op | None, str | None]:
    places = draw(st.integers(min_value=0, max_value=4))
    bound = D(10) ** 12
    value = draw(st.decimals(min_value=-bound, max_value=bound, places=places, allow_nan=False))
    sep = draw(st.sampled_from(["", ",", "，", " "]))
    number = format(value, ",f").replace(",", sep)
    if draw(st.booleans()):
        number = number.replace("-", "−")
    op = draw(st.sampled_from([None, *Op]))
    unit = draw(st.sampled_from(UNITS))
    gap = draw(st.sampled_from(["", " "]))
    text = number + gap + (unit or "")
    if op is not None:
        if op in SUFFIXES and draw(st.booleans()):
            text += gap + draw(st.sampled_from(SUFFIXES[op]))
        else:
            text = draw(st.sampled_from(PREFIXES[op])) + gap + text
    return text, value, places, op, unit


@given(printed_values())
def test_round_trip(case: tuple[str, Decimal, int, Op | None, str | None]) -> None:
    text, value, places, op, unit = case
    p = parse_printed(text)
    assert p.text == text
    assert p.value == value
    assert p.op is op
    assert p.unit == unit
    assert p.decimals == places
    assert p.step() == D(10) ** -places


@given(st.decimals(min_value=0, max_value=D(10) ** 9, places=3, allow_nan=False))
def test_magnitude_of_yi(x: Decimal) -> None:
    p = parse_printed(f"{x}亿条")
    assert p.base_unit == "条"
    assert p.magnitude() == x * 10**8
    assert parse_printed(f"{x:,f}万元").magnitude() == x * 10**4


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_percent_is_a_fraction(x: Decimal) -> None:
    assert parse_percent(f"{x}%") == x / 100
    assert parse_printed(f"≥{x}%").magnitude() == x / 100


@given(st.text(max_size=12))
def test_parse_printed_never_raises(text: str) -> None:
    p = parse_printed(text)
    assert p.text == text
    assert p.numeric is (p.value is not None)
