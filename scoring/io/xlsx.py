"""Forms read from workbooks (.xlsx, .xls, WPS .et): one form per sheet, every value with its cell.

``read_workbook_forms`` finds each sheet's form by its printed labels (scoring/io/xlsx_form.py)
and returns it as a ``Located`` whose ``cells`` name the cell of every value, so errors and
findings say ``form.xlsx!Sheet1!F12`` as YAML ones say the line. It also returns what reading
found: formula cells whose cached value disagrees with the formula, formula cells with no
cached value (the value is then computed here), and hidden indicator rows passed over.

A workbook written by jixiao may carry a sheet ``jixiao附注`` holding, as JSON, what the
official layout has no cell for (year, region, rulebook, the narrative's statements, the
place a weight is printed…); it is applied over what the layout gives, each value named by its
cell there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, BinaryIO

from scoring.codes import lookup
from scoring.errors import FormError, Location
from scoring.findings import Finding, Severity
from scoring.io.grid import Cell, Grid, cell_name
from scoring.io.located import FieldPath, Located, format_path
from scoring.io.xlsx_cells import WORKBOOK_SUFFIXES, number_text, read_workbook
from scoring.io.xlsx_form import SheetForm, set_path, sheet_form
from scoring.io.xlsx_formula import evaluate_formula

__all__ = ["NOTES_SHEET", "NoForm", "WorkbookForm", "is_workbook", "read_workbook_forms"]

NOTES_SHEET = "jixiao附注"
"""The sheet of a jixiao-written workbook holding what the official layout has no cell for."""

_Note = tuple[str, str, str, dict[str, str]]
"""What reading found at a cell: (finding code, cell, message); the codes are in scoring/codes.py."""


class NoForm(FormError):
    """A workbook none of whose sheets holds a form (a budget table, a jixiao report…)."""


@dataclass(frozen=True)
class WorkbookForm:
    """One form read from one sheet: located data (cells, no lines) and what reading found."""

    src: Located
    sheet: str
    findings: tuple[Finding, ...]


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a workbook by its suffix (.xlsx .xlsm .xls .et .ods)."""
    return os.path.splitext(os.fspath(path))[1].lower() in WORKBOOK_SUFFIXES


def read_workbook_forms(
    path: str | os.PathLike[str], data: BinaryIO | None = None
) -> list[WorkbookForm]:
    """Every form in a workbook, one per sheet, in sheet order; a ``FormError`` if none."""
    file = os.fspath(path)
    grids = read_workbook(file, data)
    notes = _notes(file, [g for g in grids if g.name == NOTES_SHEET])
    out = []
    for grid in grids:
        if grid.name == NOTES_SHEET:
            continue
        formula_notes = _formulas(grid)
        found = sheet_form(grid, os.path.basename(file))
        if found is None:
            continue
        for npath, value, place in notes.get(grid.name, []):
            set_path(found.data, npath, value)
            found.cells[npath] = place
        findings = _findings(file, found, formula_notes)
        src = Located(data=found.data, file=file, lines={}, cells=dict(found.cells))
        out.append(WorkbookForm(src, grid.name, tuple(findings)))
    if not out:
        raise NoForm(
            Location(file),
            "no form found in the workbook: no sheet has an indicator table",
            expected="a sheet with the headers 一级指标, 二级指标, 三级指标 (and 得分)",
        )
    return out


def _notes(file: str, grids: list[Grid]) -> dict[str, list[tuple[FieldPath, Any, str]]]:
    """The notes sheet: (form sheet, JSON field path, JSON value) from row 2 on."""
    out: dict[str, list[tuple[FieldPath, Any, str]]] = {}
    for grid in grids:
        for row in range(2, grid.max_row + 1):
            sheet, raw_path, raw_value = (grid.text(row, c) for c in (1, 2, 3))
            if not sheet:
                continue
            try:
                path = tuple(json.loads(raw_path))
                value = json.loads(raw_value) if raw_value else None
                if not path or not all(isinstance(p, str | int) for p in path):
                    raise ValueError("not a field path")
            except (ValueError, TypeError):
                where = Location(file, None, "", grid.place(row, 2))
                problem = "a note needs a JSON field path and a JSON value"
                raise FormError(where, problem, example='["year"] | 2022') from None
            out.setdefault(sheet, []).append((path, value, grid.place(row, 3)))
    return out


def _finding(code: str, place: str, message: str, **params: str) -> _Note:
    """What reading found at a cell, with the values of its sentence (``scoring.i18n``)."""
    return code, place, message, {"cell": place, **params}


def _formulas(grid: Grid) -> list[_Note]:
    """Check every formula cell against its cached value; fill in uncached ones it can compute.

    Returns (code, cell, message) for each formula worth a finding.
    """
    out = []
    for (row, col), cell in sorted(grid.cells.items()):
        if cell.formula is None:
            continue
        value = evaluate_formula(cell.formula, grid)
        place = f"{grid.name}!{cell_name(row, col)}"
        if not cell.cached:
            if isinstance(value, Fraction):
                shown = number_text(_decimal(value), cell.fmt)
                grid.cells[row, col] = Cell(row, col, shown, _decimal(value), cell.formula, False, cell.fmt)
                out.append(_finding("XLSX_FORMULA_UNCACHED", place,
                            f"{cell.formula} was never calculated by an office suite; "
                            f"jixiao computed it: {shown}", formula=cell.formula,
                            shown=shown))  # fmt: skip
            continue
        if value is None or not isinstance(value, Fraction) or cell.number is None:
            if value is None and cell.number is not None:
                out.append(_finding("XLSX_FORMULA_UNCHECKED", place,
                            f"{cell.formula} uses what jixiao does not evaluate; "
                            f"the value shown, {cell.text}, is read as printed",
                            formula=cell.formula, shown=cell.text))  # fmt: skip
            continue
        if not _close(value, Fraction(cell.number)):
            out.append(_finding("XLSX_FORMULA_MISMATCH", place,
                        f"the cell shows {cell.text}, but its formula {cell.formula} gives "
                        f"{number_text(_decimal(value), cell.fmt)} on the cells it names: "
                        "recalculation was off, or a value was typed over a copied formula; "
                        "the value shown is read", formula=cell.formula, shown=cell.text,
                        gives=number_text(_decimal(value), cell.fmt)))  # fmt: skip
    return out


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _close(exact: Fraction, cached: Fraction) -> bool:
    # the cached number is the office suite's binary float: agree within its precision
    return abs(exact - cached) <= Fraction(1, 10**9) * max(Fraction(1), abs(exact))


def _findings(file: str, found: SheetForm, notes: list[_Note]) -> list[Finding]:
    by_cell = {place: path for path, place in sorted(found.cells.items(), key=lambda kv: len(kv[0]))}
    out = []
    for note in notes:
        code, place = note[0], note[1]
        path = by_cell.get(place)
        if path is None and code != "XLSX_FORMULA_MISMATCH":
            continue  # a helper cell outside the form
        out.append(_make(file, path or (), note))
    for place in found.hidden:
        message = f"row {place} is hidden: its indicator is not read (unhide it to count it)"
        out.append(_make(file, ("indicators",), _finding("XLSX_HIDDEN_ROW", place, message)))
    return out


def _make(file: str, path: FieldPath, note: _Note) -> Finding:
    code, place, message, params = note
    severity = Severity(lookup(code).severities[0])
    return Finding(code, severity, message, format_path(path), file=file, cell=place,
                   params=params)  # fmt: skip
