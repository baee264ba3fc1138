"""The printed labels of the official self-evaluation forms, and finding them in a sheet.

Labels are compared after normalising: folded (scoring/fold.py: NFKC, traditional characters
as simplified, so 一級指標 is 一级指标), no whitespace (a label wrapped over lines reads as
one), full-width brackets and colons as ASCII. A column is found by its header label, whatever
its position; a header printed over two rows is read as the two texts joined.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scoring.fold import fold
from scoring.io.grid import Grid

__all__ = [
    "FUNDS_COLUMNS",
    "INDICATOR_COLUMNS",
    "Header",
    "find_header",
    "find_label",
    "norm",
    "points_in",
    "printed_span",
    "right_of",
]

_WIDE = str.maketrans("（）：【】，", "():[],")


def norm(text: str) -> str:
    """A label as compared: folded, no whitespace, ASCII brackets and colon."""
    return re.sub(r"\s+", "", fold(text).translate(_WIDE))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_WIDE))


def printed_span(text: str, start: int, end: int) -> str:
    """The characters ``norm(text)[start:end]`` as printed (年度績效目標1, not 年度绩效目标1):
    folding changes characters one for one, so the span is the same in the unfolded label."""
    raw, folded = _plain(text), norm(text)
    return raw[start:end] if len(raw) == len(folded) else folded[start:end]


Match = Callable[[str], bool]


def _starts(*words: str) -> Match:
    return lambda t: any(t.startswith(w) for w in words)


def _has(*words: str) -> Match:
    return lambda t: any(w in t for w in words)


INDICATOR_COLUMNS: dict[str, Match] = {
    "level1": _starts("一级指标"),
    "level2": _starts("二级指标"),
    "name": _starts("三级指标"),
    "target": lambda t: ("指标值" in t or "目标值" in t) and "实际" not in t,
    "actual": _has("实际完成值", "实际值", "全年实际", "完成值"),
    "weight": _starts("分值", "权重"),
    "reported_score": _starts("得分", "自评得分"),
    "note": _has("偏差"),
}
"""Columns of the indicator table: 一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因…"""

FUNDS_COLUMNS: dict[str, Match] = {
    "year_start": _starts("年初预算数"),
    "budget": _starts("全年预算数", "预算数", "调整后预算数"),
    "executed": _starts("全年执行数", "执行数", "实际执行数"),
    "points": _starts("分值"),
    "rate": _starts("执行率"),
    "score": _starts("得分"),
}
"""Columns of the budget-execution block: 年初预算数, 全年预算数 / 预算数(A), 执行数, 分值, 执行率, 得分."""


@dataclass(frozen=True)
class Header:
    """A header found in a sheet: its first and last row, and the column of each field."""

    row: int
    last: int
    columns: dict[str, int]


def _column_texts(grid: Grid, row: int, col: int) -> str:
    """A header cell's label, with the row below it when that continues the label."""
    top = grid.text(row, col)
    below_origin = grid.origin(row + 1, col)
    below = "" if below_origin == grid.origin(row, col) else grid.text(row + 1, col)
    joined = norm(top + below)
    return joined if top or below else ""


def find_header(
    grid: Grid, columns: dict[str, Match], key: str, start: int = 1, need: Sequence[str] = ()
) -> Header | None:
    """The first row from ``start`` on with a cell matching ``columns[key]`` and every ``need``."""
    for row in range(start, grid.max_row + 1):
        if not any(columns[key](norm(grid.text(row, c))) for c in range(1, grid.max_col + 1)):
            continue
        found = _columns_of(grid, row, columns)
        if key in found and all(n in found for n in need):
            return Header(row, _header_end(grid, row, found), found)
    return None


def _columns_of(grid: Grid, row: int, columns: dict[str, Match]) -> dict[str, int]:
    found: dict[str, int] = {}
    seen: set[tuple[int, int]] = set()
    for col in range(1, grid.max_col + 1):
        origin = grid.origin(row, col)
        if origin in seen:
            continue
        seen.add(origin)
        label = _column_texts(grid, row, col)
        for field, match in columns.items():
            if label and field not in found and match(label):
                found[field] = col
                break
    return found


def _header_end(grid: Grid, row: int, found: dict[str, int]) -> int:
    """The header's last row: the next row too when it only continues the labels above."""
    below = row + 1
    if below > grid.max_row:
        return row
    for col in found.values():
        if grid.origin(below, col) == grid.origin(row, col):
            continue
        text = grid.text(below, col)
        if text and not re.fullmatch(r"\(?[A-Za-z]\)?|\(.*\)", norm(text)):
            return row
    return below


def find_label(grid: Grid, match: Match, rows: range | None = None) -> tuple[int, int] | None:
    """The first cell (row, col) whose label matches, searching row by row."""
    for row in rows or range(1, grid.max_row + 1):
        for col in range(1, grid.max_col + 1):
            if grid.origin(row, col) == (row, col) and match(norm(grid.text(row, col))):
                return row, col
    return None


_HEAD_LABELS = ("项目名称", "主管部门", "实施单位", "项目实施单位", "单位名称", "填报日期", "填报单位")


def right_of(grid: Grid, row: int, col: int) -> tuple[int, int] | None:
    """The first filled cell right of the label at (row, col), past its merged range and empty
    cells; None when the next filled cell is another label (the value was left blank)."""
    origin = grid.origin(row, col)
    for c in range(col + 1, grid.max_col + 1):
        here = grid.origin(row, c)
        if here == origin or not grid.text(row, c):
            continue
        text = norm(grid.text(row, c)).rstrip(":")
        return None if text in _HEAD_LABELS else here
    return None


def points_in(text: str) -> str | None:
    """The points a label prints in brackets: ``年度绩效目标（80分）`` -> ``80``; ``XX`` kept."""
    m = re.search(r"\(([^()]*?)分", norm(text))
    return m.group(1) if m and m.group(1) else None
