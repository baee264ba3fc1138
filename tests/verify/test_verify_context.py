"""verify/context.py: the comparisons every check makes, and where findings are placed."""

from __future__ import annotations

import types
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from scoring.findings import Severity
from scoring.io.located import Located
from scoring.values import parse_printed
from scoring.verify.context import CheckContext, ratio_agrees, val

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)


@pytest.mark.parametrize(
    ("printed", "exact", "agrees"),
    [
        ("88.6%", Fraction(173610, 196042), True),   # 88.5575…% rounds to 88.6 %
        ("88.56%", Fraction(173610, 196042), True),
        ("88.55%", Fraction(173610, 196042), False),
        ("89%", Fraction(173610, 196042), True),
        ("88%", Fraction(173610, 196042), False),
        ("85%", Fraction(17, 20), True),
        ("85.0%", Fraction(17, 20), True),
        ("85.00%", Fraction(1699, 2000), False),     # 84.95 % is 85.0 % but not 85.00 %
        ("85.0%", Fraction(1699, 2000), True),       # half-up at the printed step
        ("0.85", Fraction(17, 20), True),            # a bare ratio, compared at its own step
        ("0.9", Fraction(17, 20), True),
        ("0.8", Fraction(17, 20), False),
    ],
)
def test_a_stated_ratio_agrees_when_the_exact_one_rounds_to_it(
    printed: str, exact: Fraction, agrees: bool
) -> None:
    assert ratio_agrees(parse_printed(printed), exact) is agrees


def test_val_is_the_printed_number() -> None:
    assert val(parse_printed("1,736.1")) == Decimal("1736.1")
    with pytest.raises(AssertionError):
        val(parse_printed("按期完成"))


def test_a_finding_is_placed_on_the_line_of_its_field_or_nearest_parent(
    data: dict[str, Any], run: Run
) -> None:
    sheet, _ = run(data)
    lines = types.MappingProxyType({("reported",): 20, ("reported", "total"): 21})
    ctx = CheckContext(sheet, Located({}, "f.yaml", lines), "f.yaml")
    ctx.add("TOTAL_MISMATCH", Severity.ERROR, ("reported", "total"), "m", stated="1")
    ctx.add("GRADE_MISMATCH", Severity.ERROR, ("reported", "grade"), "m")  # no line of its own
    ctx.add("WEIGHTS_VS_RULEBOOK", Severity.ERROR, ("indicators",), "m")   # no line known
    assert [(f.path, f.line, f.file) for f in ctx.out] == [
        ("reported.total", 21, "f.yaml"), ("reported.grade", 20, "f.yaml"), ("indicators", None, "f.yaml"),
    ]  # fmt: skip
    assert ctx.out[0].stated == "1" and ctx.out[0].rule is None


def test_a_context_without_source_places_no_line(data: dict[str, Any], run: Run) -> None:
    sheet, _ = run(data)
    ctx = CheckContext(sheet, None, None)
    ctx.add("TOTAL_MISMATCH", Severity.WARNING, ("reported", "total"), "m")
    [f] = ctx.out
    assert (f.line, f.file, f.where()) == (None, None, "<form>: reported.total")


def test_cite_names_the_rulebook_and_the_clause(data: dict[str, Any], run: Run) -> None:
    sheet, _ = run(data)
    cited = CheckContext(sheet, None, None).cite("note-2")
    assert cited.startswith("hubei-2022: 2022年度项目自评表") and "备注2" in cited
