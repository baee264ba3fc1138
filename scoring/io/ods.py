"""OpenDocument spreadsheets (.ods: LibreOffice, WPS, Excel's "ODF spreadsheet") as grids.

An .ods keeps, for every cell, the text it shows (``text:p``) and its exact value
(``office:value``, a decimal string), so both are read as stored; formulas
(``of:=[.F6]/[.E6]``) are read into the spreadsheet notation the formula check evaluates.
Repeated rows and cells are expanded only where they hold something; merged ranges
(``number-columns-spanned``) and hidden rows (``visibility="collapse"``) are kept.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import BinaryIO
from xml.etree import ElementTree

from scoring.io.grid import Cell, Grid

__all__ = ["ods_formula", "read_ods"]

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_T, _O, _X = (f"{{{_NS[k]}}}" for k in ("table", "office", "text"))
_REF = re.compile(r"\[\.?\$?([A-Z]{1,3})\$?(\d+)(?::\.?\$?([A-Z]{1,3})\$?(\d+))?\]")
_NUMERIC = ("float", "percentage", "currency")


def ods_formula(text: str) -> str:
    """``of:=ROUND([.G6]*[.H6];2)`` -> ``=ROUND(G6*H6,2)`` (references to other sheets kept)."""
    body = text.split(":", 1)[1] if re.match(r"^[a-z]+:=", text) else text
    body = _REF.sub(lambda m: m[1] + m[2] + (f":{m[3]}{m[4]}" if m[3] else ""), body)
    return body.replace(";", ",")


def _text(node: ElementTree.Element) -> str:
    out = [node.text or ""]
    for child in node:
        if child.tag == f"{_X}s":
            out.append(" " * int(child.get(f"{_X}c", "1")))
        elif child.tag == f"{_X}line-break":
            out.append("\n")
        elif child.tag != f"{_O}annotation":
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _shown(cell: ElementTree.Element) -> str:
    """The text a cell shows: its paragraphs (not its comment), spaces expanded."""
    return "\n".join(_text(p) for p in cell.findall(f"{_X}p")).strip()


def _rows(table: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The table's rows in order, inside header rows and row groups too."""
    for node in table.iter():
        if node.tag == f"{_T}table-row":
            yield node


def _cell(row: int, col: int, node: ElementTree.Element) -> Cell | None:
    text = _shown(node)
    kind = node.get(f"{_O}value-type")
    number = None
    if kind in _NUMERIC:
        try:
            number = Decimal(node.get(f"{_O}value", ""))
        except InvalidOperation:
            number = None
    formula = node.get(f"{_T}formula")
    if formula is not None:
        cached = kind is not None
        return Cell(row, col, text, number, "=" + ods_formula(formula).lstrip("="), cached)
    return Cell(row, col, text, number) if text else None


def _sheet(table: ElementTree.Element, max_cells: int) -> Grid:
    grid = Grid(table.get(f"{_T}name", "Sheet"))
    row = 0
    for tr in _rows(table):
        repeat = int(tr.get(f"{_T}number-rows-repeated", "1"))
        hidden = tr.get(f"{_T}visibility", "visible") != "visible"
        cells = [c for c in tr if c.tag in (f"{_T}table-cell", f"{_T}covered-table-cell")]
        filled = any(len(c) or c.get(f"{_T}formula") for c in cells)
        for _ in range(repeat if filled else 1):
            row += 1
            if hidden:
                grid.hidden_rows.add(row)
            _row(grid, row, cells, max_cells)
        row += 0 if filled else repeat - 1
    grid.max_row = max((r for r, _ in grid.cells), default=0)
    grid.max_row = max(grid.max_row, max((r for r, _ in grid.anchor), default=0))
    return grid


def _row(grid: Grid, row: int, cells: list[ElementTree.Element], max_cells: int) -> None:
    col = 0
    for node in cells:
        repeat = int(node.get(f"{_T}number-columns-repeated", "1"))
        content = len(node) > 0 or node.get(f"{_T}formula") is not None
        for _ in range(repeat if content else 1):
            col += 1
            if node.tag == f"{_T}table-cell" and content:
                made = _cell(row, col, node)
                if made is not None:
                    grid.cells[row, col] = made
                    grid.max_col = max(grid.max_col, col)
                _span(grid, row, col, node)
        col += 0 if content else repeat - 1
        if len(grid.cells) > max_cells:
            raise ValueError(f"sheet {grid.name!r} holds more than {max_cells} cells")


def _span(grid: Grid, row: int, col: int, node: ElementTree.Element) -> None:
    rows = int(node.get(f"{_T}number-rows-spanned", "1"))
    cols = int(node.get(f"{_T}number-columns-spanned", "1"))
    if rows * cols > 1:
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                if (r, c) != (row, col):
                    grid.anchor[r, c] = (row, col)
        grid.max_col = max(grid.max_col, col + cols - 1)


def read_ods(source: str | BinaryIO, max_cells: int) -> list[Grid]:
    """Every sheet of an .ods file as a ``Grid``."""
    with zipfile.ZipFile(source) as z, z.open("content.xml") as content:
        root = ElementTree.parse(content).getroot()
    body = root.find(f"{_O}body/{_O}spreadsheet")
    if body is None:
        raise ValueError("no spreadsheet in the file")
    return [_sheet(t, max_cells) for t in body.findall(f"{_T}table")]
