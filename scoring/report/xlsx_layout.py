"""The official Hubei layout of a self-evaluation form (项目自评表 / 部门整体绩效自评表) on a sheet.

``lay_out`` writes a form, or a blank one, into an openpyxl worksheet and returns where each
part went (``Layout``), so the template can add validation and formulas to the same cells::

    2022年度XX项目自评表                                           (title, merged)
    单位名称 | …                  | 填报日期 | …
    项目名称 | …                                                    (project form)
    主管部门 | …                  | 项目实施单位 | …                 (project form)
    预算执行情况（万元）（20分） |          | 预算数（A） | 执行数（B） | 执行率（B/A） | 得分（20分*执行率）
                               | 年度财政资金总额 | A | B | rate | score
    年度绩效目标（80分） | 一级指标 | 二级指标 | 三级指标 | 年初目标值（A） | 实际完成值（B） | 分值 | 得分
                        | rows…                                              (and 偏差原因分析及改进措施)
    总分 |                                                        | total

Numbers printed as plain numbers are written as numbers with a number format that shows
exactly the printed text (``1,730.62``, ``88.6%``); everything else as text.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoring.io.xlsx_cells import number_text

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["COLUMNS", "FormLike", "Layout", "cell_value", "lay_out", "save_book"]

COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "reported_score", "note")
"""The indicator columns, B to I, in order."""

HEADERS = ("一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "分值", "得分",
           "偏差原因分析及改进措施")  # fmt: skip
WIDTHS = (14, 10, 12, 26, 24, 20, 8, 8, 24)
_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|-?\d+(?:\.\d+)?%?")


Row = dict[str, str | None]


@dataclass
class FormLike:
    """What the layout prints, as text: a form's values, or blanks for a template."""

    kind: str
    title: str | None = None
    unit: str | None = None
    supervisor: str | None = None
    implementer: str | None = None
    year: str | None = None
    budget: str | None = None
    executed: str | None = None
    rate: str | None = None
    execution_score: str | None = None
    execution_points: str | None = None
    total: str | None = None
    note: str | None = None
    blocks: list[tuple[str, str | None]] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)

    def groups(self, blank_rows: int) -> list[tuple[str, str | None, list[Row]]]:
        """Block headings with their rows: indicators go under the block they name, else the first."""
        heads = self.blocks or [("年度绩效目标", None)]
        rows: dict[str, list[Row]] = {label: [] for label, _ in heads}
        for ind in self.indicators:
            label = ind.get("block") or heads[0][0]
            rows[label if label in rows else heads[0][0]].append(ind)
        if blank_rows:
            rows[heads[0][0]].extend({} for _ in range(blank_rows))
        return [(label, points, rows[label]) for label, points in heads]


@dataclass
class Layout:
    """Where a form went on its sheet: 1-based rows; columns as in ``COLUMNS`` from B."""

    funds_row: int = 0
    indicator_rows: list[int] = field(default_factory=list)
    total_row: int = 0
    points: str = "20"


def cell_value(text: str | None) -> tuple[Any, str]:
    """The value to store and its number format, so that the cell shows ``text`` exactly."""
    if text is None:
        return None, "General"
    if _NUMBER.fullmatch(text):
        percent = text.endswith("%")
        digits = text.rstrip("%").replace(",", "")
        decimals = len(digits.partition(".")[2])
        body = ("#,##0" if "," in text else "0") + ("." + "0" * decimals if decimals else "")
        fmt = body + ("%" if percent else "")
        number = Decimal(digits) / 100 if percent else Decimal(digits)
        if number_text(number, fmt) == text:
            return number, fmt
    return text, "@"


def _put(ws: Worksheet, row: int, col: int, text: str | None, last: int | None = None) -> None:
    value, fmt = cell_value(text)
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # printed text such as =0, not a formula
    cell.number_format = fmt
    if last is not None and last > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last)


def _label(ws: Worksheet, row: int, col: int, text: str, last: int | None = None) -> None:
    ws.cell(row, col).value = text
    if last is not None and last > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last)


def lay_out(ws: Worksheet, form: FormLike, blank_rows: int = 0) -> Layout:
    """Write ``form`` (or, with ``blank_rows``, an empty form with that many rows) on ``ws``."""
    lay = Layout(points=form.execution_points or "20")
    year = form.year or "    "
    suffix = "绩效自评表" if form.kind == "department" else "项目自评表"
    _label(ws, 1, 1, f"{year}年度{form.title or ''}{suffix}", 9)
    _label(ws, 2, 1, "单位名称")
    _put(ws, 2, 2, form.unit, 4)
    _label(ws, 2, 5, "填报日期")
    _put(ws, 2, 6, None, 9)
    row = 3
    if form.kind != "department":
        _label(ws, 3, 1, "项目名称")
        _put(ws, 3, 2, form.title, 9)
        _label(ws, 4, 1, "主管部门")
        _put(ws, 4, 2, form.supervisor, 4)
        _label(ws, 4, 5, "项目实施单位")
        _put(ws, 4, 6, form.implementer, 9)
        row = 5
    lay.funds_row = _funds(ws, row, form, lay.points)
    row = lay.funds_row + 1
    for label, points, indicators in form.groups(blank_rows):
        row = _group(ws, row, label, points, indicators, lay)
    lay.total_row = row
    _label(ws, row, 1, "总分", 7)
    _put(ws, row, 8, form.total)
    ws.merge_cells(start_row=row, start_column=8, end_row=row, end_column=9)
    _label(ws, row + 1, 1, "偏差原因分析及改进措施")
    _put(ws, row + 1, 2, form.note, 9)
    _style(ws, row + 1)
    return lay


def _funds(ws: Worksheet, row: int, form: FormLike, points: str) -> int:
    kind = "部门整体支出总额" if form.kind == "department" else "年度财政资金总额"
    _label(ws, row, 1, f"预算执行情况（万元）（{points}分）")
    ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    for col, text in ((3, "预算数（A）"), (4, "执行数（B）"), (5, "执行率（B/A）")):
        _label(ws, row, col, text)
    _label(ws, row, 6, f"得分（{points}分*执行率）", 9)
    _label(ws, row + 1, 2, kind)
    for col, value in ((3, form.budget), (4, form.executed), (5, form.rate)):
        _put(ws, row + 1, col, value)
    _put(ws, row + 1, 6, form.execution_score, 9)
    return row + 1


def _group(ws: Worksheet, row: int, label: str, points: str | None,
           indicators: list[dict[str, str | None]], lay: Layout) -> int:  # fmt: skip
    heading = f"{label}（{points}分）" if points is not None else label
    _label(ws, row, 1, heading)
    for offset, text in enumerate(HEADERS):
        _label(ws, row, 2 + offset, text)
    for i, values in enumerate(indicators, start=1):
        lay.indicator_rows.append(row + i)
        for offset, key in enumerate(COLUMNS):
            _put(ws, row + i, 2 + offset, values.get(key))
    last = row + len(indicators)
    if last > row:
        ws.merge_cells(start_row=row, start_column=1, end_row=last, end_column=1)
    return last + 1


def _style(ws: Worksheet, last_row: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    for row in ws.iter_rows(min_row=2, max_row=last_row, max_col=9):
        for c in row:
            c.border = border
            c.alignment = wrap
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(65 + i)].width = width
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def save_book(book: Workbook, path: str | os.PathLike[str]) -> None:
    """Save a workbook whole in memory, then write its bytes. openpyxl saving straight to a
    file that fails (a full disk) leaves a half-closed zip that fails again, with a traceback,
    when it is collected; a failed write here is one ``OSError`` for the caller."""
    buffer = io.BytesIO()
    book.save(buffer)
    with open(path, "wb") as out:
        out.write(buffer.getbuffer())
