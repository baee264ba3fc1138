"""One self-evaluation form read from one sheet, found by its printed labels.

``sheet_form`` returns the form as plain data (the shape the YAML reader gives) and the cell of
every value (``Sheet1!F12``), or None when the sheet holds no form. The labels looked for are
those of the official templates: 项目名称, 主管部门, (项目)实施单位, 单位名称, 预算执行情况 with
年初预算数 / 全年预算数 / 预算数(A), 全年执行数 / 执行数(B), 分值, 执行率, 得分; the indicator
table 一级指标, 二级指标, 三级指标, 年度指标值 / 年初目标值, 实际完成值, 分值, 得分, 偏差原因分析及
改进措施; block headings 年度绩效目标（80分）; 总分. Hidden rows of the indicator table are
passed over and reported.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scoring.io.grid import Grid
from scoring.io.located import FieldPath
from scoring.io.xlsx_labels import (
    FUNDS_COLUMNS,
    INDICATOR_COLUMNS,
    Header,
    find_header,
    find_label,
    norm,
    points_in,
    printed_span,
    right_of,
)

__all__ = ["SheetForm", "set_path", "sheet_form"]

_BLOCK = re.compile(r"^(年度(?:绩效)?目标\d*)")
_TITLE = re.compile(r"(?:\d{4}年度?)?(?P<name>.*?)(?:(?:绩效)?自评表)?")
_TOTAL = ("总分", "合计得分", "自评总分")


@dataclass
class SheetForm:
    """A form found in a sheet: plain data, the cell of each value, rows passed over."""

    sheet: str
    data: dict[str, Any]
    cells: dict[FieldPath, str] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)


def set_path(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    """Set ``data`` at ``path``, making the mappings and list items on the way."""
    here: Any = data
    for part, after in itertools.pairwise(path):
        empty: Any = [] if isinstance(after, int) else {}
        if isinstance(here, list):
            assert isinstance(part, int)
            while len(here) <= part:
                here.append({} if isinstance(after, str) else [])
            here = here[part]
        else:
            here = here.setdefault(part, empty)
    if isinstance(here, list):
        assert isinstance(path[-1], int)
        while len(here) <= path[-1]:
            here.append(None)
    here[path[-1]] = value


def _label_is(word: str) -> Callable[[str], bool]:
    return lambda t: t.rstrip(":").startswith(word)


class _Build:
    def __init__(self, grid: Grid, document: str) -> None:
        self.grid = grid
        self.out = SheetForm(grid.name, {"source": {"document": document}})
        self.out.cells[()] = f"{grid.name}!A1"

    def put(self, path: FieldPath, row: int, col: int, text: str | None = None) -> None:
        """Set ``path`` to the text of (row, col) (or ``text``), remembering the cell."""
        value = self.grid.text(row, col) if text is None else text
        if not value:
            return
        set_path(self.out.data, path, value)
        self.out.cells[path] = self.grid.place(row, col)

    def labelled(self, path: FieldPath, *words: str) -> None:
        """Set ``path`` to the value right of the first label among ``words``."""
        for word in words:
            at = find_label(self.grid, _label_is(word))
            value = right_of(self.grid, *at) if at else None
            if value is not None:
                self.put(path, *value)
                return


def sheet_form(grid: Grid, document: str) -> SheetForm | None:
    """The form on ``grid``, or None when the sheet has no indicator table."""
    table = find_header(grid, INDICATOR_COLUMNS, "name", need=("level1",))
    if table is None:
        return None
    b = _Build(grid, document)
    b.out.cells["indicators",] = grid.place(table.row, table.columns["name"])
    _heading(b, table.row)
    _funds(b, table.row)
    _indicators(b, table)
    return b.out


def _heading(b: _Build, before: int) -> None:
    grid, data = b.grid, b.out.data
    title_at = find_label(grid, lambda t: "自评表" in t or "评价表" in t, range(1, before))
    title = norm(grid.text(*title_at)) if title_at else ""
    if title_at:
        b.put(("source", "section"), *title_at)
        year = re.search(r"(\d{4})年", title)
        if year:
            b.put(("year",), *title_at, text=year.group(1))
            b.out.data["year"] = int(year.group(1))
    project = find_label(grid, lambda t: t.startswith("项目名称"), range(1, before))
    data["kind"] = "project" if project or "部门整体" not in title else "department"
    b.labelled(("title",), "项目名称")
    if "title" not in data and title_at:
        m = _TITLE.fullmatch(title)
        text = grid.text(*title_at)
        name = printed_span(text, m.start("name"), m.end("name")) if m else title
        b.put(("title",), *title_at, text=name)
    b.labelled(("unit",), "项目实施单位", "实施单位", "单位名称", "主管部门")
    b.labelled(("supervisor",), "主管部门")
    b.labelled(("implementer",), "项目实施单位", "实施单位")


def _funds(b: _Build, before: int) -> None:
    grid = b.grid
    head = find_header(grid, FUNDS_COLUMNS, "executed", need=("budget",))
    if head is None or head.row >= before:
        return
    cols = head.columns
    row = next(
        (r for r in range(head.last + 1, before) if grid.cell(r, cols["budget"]) is not None
         and grid.cell(r, cols["budget"]).number is not None),  # type: ignore[union-attr]
        None,
    )  # fmt: skip
    if row is None:
        return
    b.out.cells["funds",] = grid.place(row, cols["budget"])
    for key, path in (("budget", ("funds", "budget")), ("executed", ("funds", "executed")),
                      ("rate", ("reported", "execution_rate")),
                      ("score", ("reported", "execution_score")),
                      ("points", ("reported", "execution_points"))):  # fmt: skip
        if key in cols:
            b.put(path, row, cols[key])
    if "points" not in cols:
        _execution_points(b, head)


def _execution_points(b: _Build, head: Header) -> None:
    """The points of the execution block, printed in a label: 预算执行情况（万元）（20分）."""
    grid = b.grid
    rows = range(max(1, head.row - 1), head.last + 2)
    label = find_label(grid, lambda t: t.startswith("预算执行") and points_in(t) is not None, rows)
    if label is None and "score" in head.columns:
        text = grid.text(head.row, head.columns["score"])
        label = (head.row, head.columns["score"]) if points_in(text) else None
    if label is not None:
        b.put(("reported", "execution_points"), *label, text=points_in(grid.text(*label)))


def _indicators(b: _Build, table: Header) -> None:
    grid = b.grid
    cols: dict[str, int] = {}
    rows: list[dict[str, Any]] = b.out.data.setdefault("indicators", [])
    blocks: list[dict[str, str]] = []
    current: str | None = None
    row = max(1, table.row - 3)  # a block heading may stand in the rows above the table
    while row <= grid.max_row:
        texts = [norm(grid.text(row, c)) for c in range(1, grid.max_col + 1)]
        if cols and any(t.startswith(_TOTAL) for t in texts):
            _total(b, row, cols)
            break
        heading = _block_heading(b, row, blocks)
        current = heading if heading is not None else current
        if any(INDICATOR_COLUMNS["name"](t) for t in texts):
            header = find_header(grid, INDICATOR_COLUMNS, "name", start=row, need=("level1",))
            if header is not None and header.row == row:
                cols, row = dict(header.columns), header.last + 1
                continue
        if cols:
            _row(b, row, cols, rows, current)
        row += 1
    if len(blocks) < 2:
        for r in rows:
            r.pop("block", None)


def _block_heading(b: _Build, row: int, blocks: list[dict[str, str]]) -> str | None:
    grid = b.grid
    for col in range(1, grid.max_col + 1):
        if grid.origin(row, col) != (row, col):
            continue
        text = norm(grid.text(row, col))
        m = _BLOCK.match(text)
        points = points_in(text)
        label = printed_span(grid.text(row, col), 0, m.end(1)) if m else None
        if label and points is not None and all(x["label"] != label for x in blocks):
            i = len(blocks)
            blocks.append({"label": label})
            b.put(("reported", "blocks", i, "label"), row, col, text=label)
            b.put(("reported", "blocks", i, "points"), row, col, text=points)
            return label
    return None


def _row(b: _Build, row: int, cols: dict[str, int], rows: list[dict[str, Any]],
         block: str | None) -> None:  # fmt: skip
    grid = b.grid
    if "name" not in cols or not grid.text(row, cols["name"]):
        return
    if grid.origin(row, cols["name"])[0] != row:  # a name merged down over several rows
        return
    if row in grid.hidden_rows:
        b.out.hidden.append(grid.place(row, cols["name"]))
        return
    i = len(rows)
    rows.append({"block": block} if block else {})
    b.out.cells["indicators", i] = grid.place(row, cols["name"])  # a missing cell: the row
    for key, col in cols.items():
        if key in ("target", "actual"):  # written as a mapping, as the model writes them
            b.put(("indicators", i, key, "text"), row, col)
            if key in rows[i]:
                b.out.cells["indicators", i, key] = b.out.cells["indicators", i, key, "text"]
        else:
            b.put(("indicators", i, key), row, col)
    for key in ("level1", "level2"):  # a blank cell under a level name continues it
        if key in cols and key not in rows[i] and i and key in rows[i - 1]:
            rows[i][key] = rows[i - 1][key]
            b.out.cells["indicators", i, key] = b.out.cells["indicators", i - 1, key]
    if "weight" in rows[i]:
        rows[i]["weight_at"] = b.out.cells["indicators", i, "weight"]
        b.out.cells["indicators", i, "weight_at"] = b.out.cells["indicators", i, "weight"]


def _total(b: _Build, row: int, cols: dict[str, int]) -> None:
    grid = b.grid
    _deviation(b, row)
    col = cols.get("reported_score")
    if col is not None and grid.cell(row, col) is not None:
        b.put(("reported", "total"), row, col)
        return
    at = find_label(grid, lambda t: t.startswith(_TOTAL), range(row, row + 1))
    value = right_of(grid, *at) if at else None
    if value is not None:
        b.put(("reported", "total"), *value)


def _deviation(b: _Build, total_row: int) -> None:
    """The form's own 偏差原因分析及改进措施, in the rows under 总分."""
    rows = range(total_row + 1, min(total_row + 4, b.grid.max_row) + 1)
    at = find_label(b.grid, lambda t: t.startswith("偏差"), rows)
    value = right_of(b.grid, *at) if at else None
    if value is not None:
        b.put(("reported", "note"), *value)
