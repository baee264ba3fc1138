"""The spreadsheet formulas a form uses, evaluated exactly; anything else is left unevaluated."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.io.grid import Cell, Grid
from scoring.io.ods import ods_formula
from scoring.io.xlsx_formula import evaluate_formula


def _grid(**cells: str) -> Grid:
    grid = Grid("S")
    for ref, text in cells.items():
        col, row = ord(ref[0]) - 64, int(ref[1:])
        number = Decimal(text) if text.replace(".", "").isdigit() else None
        grid.cells[row, col] = Cell(row, col, text, number)
    return grid


GRID = _grid(C6="1960.42", D6="1736.1", G6="20", A1="完成", B1="2.5", B2="3.5")


@pytest.mark.parametrize(("formula", "value"), [
    ("=D6/C6", Fraction(Decimal("1736.1")) / Fraction(Decimal("1960.42"))),
    ("=ROUND(G6*D6/C6,2)", Fraction("17.71")),
    ("=IF(D6/C6>=1,G6,G6*D6/C6)", Fraction(20) * Fraction(Decimal("1736.1")) / Fraction(Decimal("1960.42"))),
    ('=IF(AND(ISNUMBER(C6),C6>0),ROUND(D6/C6,4),"")', Fraction("0.8856")),
    ("=ROUND(-2.5,0)", Fraction(-3)),  # half away from zero, as office suites round
    ("=ROUNDDOWN(2.59,1)+ROUNDUP(2.51,1)", Fraction("5.1")),
    ("=SUM(B1:B2)+MIN(B1,B2)-MAX(B1:B2)+ABS(-1)", Fraction(6)),
    ("=50%*2^3", Fraction(4)),
    ("=NOT(A1=\"完成\")", False),
    ("=IFERROR(B1,0)", Fraction("2.5")),
])  # fmt: skip
def test_formulas_a_form_uses(formula: str, value: object) -> None:
    assert evaluate_formula(formula, GRID) == value


@pytest.mark.parametrize("formula", [
    "=VLOOKUP(A1,B1:B2,1)", "=D6/0", "=Sheet2!A1", "=1+", "=" + "(" * 100 + "1" + ")" * 100,
    "=SUM(A1:ZZZ99999)", "=" + "1+" * 2000 + "1", "=2^0.5", "=A1*2",
])  # fmt: skip
def test_what_is_not_followed_is_left_unevaluated(formula: str) -> None:
    assert evaluate_formula(formula, GRID) is None


@given(st.text(max_size=60))
def test_any_text_is_evaluated_or_refused_never_raises(text: str) -> None:
    evaluate_formula("=" + text, GRID)


def test_opendocument_formulas_read_as_spreadsheet_notation() -> None:
    assert ods_formula("of:=ROUND([.G6]*[.H6];2)") == "=ROUND(G6*H6,2)"
    assert ods_formula("of:=SUM([.$H$8:.H17])") == "=SUM(H8:H17)"
