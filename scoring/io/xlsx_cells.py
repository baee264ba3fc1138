"""Workbook sheets as grids of cells: shown text, cached value, formula, merges, hidden rows.

``read_workbook`` opens .xlsx/.xlsm (openpyxl, read twice: formulas, then the values the
office suite cached), .xls/.et (xlrd) and .ods (scoring/io/ods.py); other formats get a clear
message. Numbers
become the text the cell shows (its number format applied, half-up as an office suite rounds),
computed once from the stored number's shortest decimal spelling: never a binary float on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, BinaryIO

from scoring.errors import FormError, Location
from scoring.io.grid import Cell, Grid

__all__ = [
    "WORKBOOK_SUFFIXES",
    "number_text",
    "read_workbook",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
"""Workbook files jixiao reads directly."""

_SAVE_AS = "save it as .xlsx (Excel 2007+) in the office suite and read that file"
MAX_CELLS = 200_000
"""A sheet with more cells than this is refused: no form is that large."""
MAX_BYTES = 64 << 20
"""A workbook whose sheets unpack to more than this is refused before it is parsed."""
SIGNIFICANT = 15
"""Significant digits an office suite shows in the General format."""


# ------------------------------------------------------------------ number formats

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _decimals_of(section: str) -> tuple[int, bool, bool]:
    """Decimals, percent and thousands grouping of one number-format section."""
    bare = _QUOTED.sub("", section)
    percent = "%" in bare
    grouping = "," in bare and bool(re.search(r"[#0],[#0]", bare))
    point = re.search(r"\.([0#?]+)", bare)
    return (len(point.group(1)) if point else 0), percent, grouping


def number_text(number: Decimal, fmt: str) -> str:
    """The text an office suite shows for ``number`` under format ``fmt`` (common formats)."""
    section = fmt.split(";")[0] if fmt else "General"
    if section.lower() in ("general", "@", ""):
        return _plain(number)
    decimals, percent, grouping = _decimals_of(section)
    shown = number * 100 if percent else number
    step = Decimal(1).scaleb(-decimals)
    rounded = shown.quantize(step, rounding=ROUND_HALF_UP)
    body = f"{rounded:,.{decimals}f}" if grouping else f"{rounded:.{decimals}f}"
    return body + ("%" if percent else "")


def _plain(number: Decimal) -> str:
    """General format: at most 15 significant digits, as office suites show a number (so a
    sum cached as 17.720000000000002 shows 17.72), no exponent, no trailing zeros."""
    if number.adjusted() >= -30 and len(number.as_tuple().digits) > SIGNIFICANT:
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - SIGNIFICANT + 1),
                                 rounding=ROUND_HALF_UP)  # fmt: skip
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _exact(value: int | float | Decimal) -> Decimal:
    # a float here is the stored number read back: its shortest spelling is the digits stored
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _shown(value: Any, fmt: str) -> tuple[str, Decimal | None]:
    """Text and exact number of a cell value as read (None for text cells)."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int | float | Decimal):
        try:
            number = _exact(value)
        except InvalidOperation:
            return str(value), None
        if not number.is_finite():
            return str(value), None
        return number_text(number, fmt), number
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10], None
    return str(value).strip(), None


# ------------------------------------------------------------------ readers


def read_workbook(path: str | os.PathLike[str], data: BinaryIO | None = None) -> list[Grid]:
    """Every sheet of a workbook as a ``Grid``; a clear ``FormError`` when it cannot be read.

    ``data``: the .xlsx itself, already in memory (``path`` then only names it).
    """
    name = os.fspath(path)
    suffix = os.path.splitext(name)[1].lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(name, data)
        if suffix in (".xls", ".et"):
            return _read_xls(name, suffix)
        if suffix == ".ods":
            from scoring.io.ods import read_ods

            _guard_unpacked(name, data)
            return read_ods(data or name, MAX_CELLS)
    except FormError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FormError(Location(name), f"cannot read the file: {reason}") from None
    except Exception as exc:  # openpyxl and xlrd raise many kinds on a damaged file
        problem = f"not a readable {suffix} workbook ({type(exc).__name__}: {exc})"
        raise FormError(Location(name), problem, expected=_SAVE_AS) from None
    raise FormError(Location(name), f"jixiao cannot read {suffix or 'this'} files", _SAVE_AS)


def _guard_unpacked(name: str, data: BinaryIO | None) -> None:
    """Refuse a workbook that would unpack to more than ``MAX_BYTES`` (a zip bomb)."""
    import zipfile

    with zipfile.ZipFile(data or name) as z:
        size = sum(i.file_size for i in z.infolist())
    if data is not None:
        data.seek(0)
    if size > MAX_BYTES:
        problem = f"the workbook unpacks to {size} bytes; a form is far smaller"
        raise FormError(Location(name), problem, expected=f"at most {MAX_BYTES} bytes unpacked")


def _read_xlsx(name: str, data: BinaryIO | None) -> list[Grid]:
    import openpyxl

    _guard_unpacked(name, data)
    formulas = openpyxl.load_workbook(data or name, data_only=False)
    if data is not None:
        data.seek(0)
    values = openpyxl.load_workbook(data or name, data_only=True)
    grids = []
    for ws in formulas.worksheets:
        cached = values[ws.title]
        _guard_size(name, ws.title, ws.max_row * ws.max_column)
        grid = Grid(ws.title, max_row=ws.max_row, max_col=ws.max_column)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or not isinstance(c.row, int) or not isinstance(c.column, int):
                    continue
                _put_xlsx(grid, c.row, c.column, c.value, cached.cell(c.row, c.column).value,
                          c.number_format)  # fmt: skip
        for rng in ws.merged_cells.ranges:
            _merge(grid, rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        grid.hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        grids.append(grid)
    return grids


def _put_xlsx(grid: Grid, row: int, col: int, raw: Any, cached: Any, fmt: str) -> None:
    if isinstance(raw, str) and raw.startswith("="):
        text, number = _shown(cached, fmt)
        grid.cells[row, col] = Cell(row, col, text, number, raw, cached is not None, fmt)
        return
    if not isinstance(raw, str | int | float | Decimal | bool | dt.date | type(None)):
        raw = getattr(raw, "text", None) or str(raw)  # array formulas, rich text
    text, number = _shown(raw, fmt)
    if text:
        grid.cells[row, col] = Cell(row, col, text, number, fmt=fmt)


def _merge(grid: Grid, r1: int, c1: int, r2: int, c2: int) -> None:
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if (r, c) != (r1, c1):
                grid.anchor[r, c] = (r1, c1)
                grid.cells.pop((r, c), None)


def _guard_size(name: str, sheet: str, cells: int) -> None:
    if cells > MAX_CELLS:
        problem = f"sheet {sheet!r} spans {cells} cells; a form has far fewer"
        raise FormError(Location(name), problem, expected=f"at most {MAX_CELLS} cells per sheet")


def _read_xls(name: str, suffix: str) -> list[Grid]:
    import xlrd

    if os.path.getsize(name) > MAX_BYTES:
        problem = f"the workbook has {os.path.getsize(name)} bytes; a form is far smaller"
        raise FormError(Location(name), problem, expected=f"at most {MAX_BYTES} bytes")
    try:
        book = xlrd.open_workbook(name, formatting_info=True)
    except xlrd.biffh.XLRDError as exc:
        kind = "WPS .et" if suffix == ".et" else ".xls"
        raise FormError(
            Location(name), f"not a readable {kind} workbook ({exc})", _SAVE_AS
        ) from None
    grids = []
    for sh in book.sheets():
        _guard_size(name, sh.name, sh.nrows * sh.ncols)
        grid = Grid(sh.name, max_row=sh.nrows, max_col=sh.ncols)
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                _put_xls(grid, book, sh, r, c)
        for r1, r2, c1, c2 in sh.merged_cells:
            _merge(grid, r1 + 1, c1 + 1, r2, c2)
        grid.hidden_rows = {r + 1 for r, info in sh.rowinfo_map.items() if info.hidden}
        grids.append(grid)
    return grids


def _put_xls(grid: Grid, book: Any, sh: Any, r: int, c: int) -> None:
    import xlrd

    cell = sh.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return
    fmt = "General"
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    if xf is not None and xf.format_key in book.format_map:
        fmt = book.format_map[xf.format_key].format_str
    value: Any = cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        value = bool(value)
    elif cell.ctype == xlrd.XL_CELL_DATE:
        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
    text, number = _shown(value, fmt)
    if text:  # .xls keeps formulas only as compiled tokens: the cached value is what is read
        grid.cells[r + 1, c + 1] = Cell(r + 1, c + 1, text, number)
