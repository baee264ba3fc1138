"""A sheet as a grid of cells: the text each shows, its exact number, its formula; merged
ranges and hidden rows. Filled by the workbook readers (scoring/io/xlsx_cells.py, ods.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Cell", "Grid", "cell_name"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: the text it shows, its number (exact), and its formula if it has one."""

    row: int
    col: int
    text: str
    number: Decimal | None = None
    formula: str | None = None
    cached: bool = True
    fmt: str = "General"


@dataclass
class Grid:
    """One sheet: its cells by (row, column), 1-based; merged ranges point at their first cell."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    max_row: int = 0
    max_col: int = 0

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell at (row, col), or the first cell of the merged range it lies in."""
        return self.cells.get(self.anchor.get((row, col), (row, col)))

    def text(self, row: int, col: int) -> str:
        """What (row, col) shows, merged ranges included; '' when empty."""
        c = self.cell(row, col)
        return c.text if c is not None else ""

    def origin(self, row: int, col: int) -> tuple[int, int]:
        """The first cell of the merged range holding (row, col), or (row, col) itself."""
        return self.anchor.get((row, col), (row, col))

    def place(self, row: int, col: int) -> str:
        """``Sheet1!F12`` for (row, col), naming the first cell of its merged range."""
        r, c = self.origin(row, col)
        return f"{self.name}!{cell_name(r, c)}"

    def rows(self) -> Iterator[int]:
        """Row numbers in order, hidden rows included."""
        return iter(range(1, self.max_row + 1))


def cell_name(row: int, col: int) -> str:
    """``(12, 6)`` -> ``F12``."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"
