"""``--format xlsx``: a workbook a finance office can sort, filter and print.

A summary sheet ``汇总`` has one row per form (file, unit, project, funds, rate, total, grade,
counts of errors, warnings and infos) with an autofilter; each form then has a sheet of its
own: printed against computed for every number, a finding as a comment on the row it concerns,
coloured by severity, and every finding listed below. Only results are read here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from scoring.findings import Finding, Severity, worst
from scoring.i18n import DEFAULT_LANG, Lang, term, ui
from scoring.i18n.phrases import localize
from scoring.pipeline.check import FormReport
from scoring.report.xlsx_layout import save_book
from scoring.rounding import pct, round_to_step
from scoring.values import Printed

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["write_xlsx"]

FILLS = {Severity.ERROR: "F8CBAD", Severity.WARNING: "FFE699", Severity.INFO: "DDEBF7"}
"""Cell colour of a row by the worst severity of its findings: red, amber, blue."""
_SUMMARY = ("file", "unit", "project", "kind", "budget", "executed", "rate", "printed_total",
            "computed_total", "grade", "error", "warning", "info", "status")  # fmt: skip
"""The summary's columns (``xlsx.col.*`` in the catalogue)."""
_FORMATS = {5: "#,##0.00", 6: "#,##0.00", 7: "0.00%", 8: "0.00", 9: "0.00"}
"""Number formats of the summary's numeric columns (funds, rate, totals)."""


def _paint(ws: Worksheet, row: int, cols: range, severity: Severity | None) -> None:
    """Colour cells of ``row`` by ``severity`` (none: left white)."""
    from openpyxl.styles import PatternFill

    if severity is None:
        return
    fill = PatternFill("solid", start_color=FILLS[severity], end_color=FILLS[severity])
    for col in cols:
        ws.cell(row, col).fill = fill


def _count(findings: Sequence[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


def _number(p: Printed | None) -> object:
    """A printed number as a number a spreadsheet sorts (its text when it has a unit)."""
    if p is None:
        return None
    return p.value if p.value is not None and p.unit in (None, "万元") and p.op is None else p.text


def _summary_row(r: FormReport, lang: Lang) -> list[object]:
    f, s = r.form, r.sheet
    row: list[object] = [r.file]
    if f is None:
        row += [None] * 9
    else:
        rate = round_to_step(s.execution_rate.exact, Decimal("0.0001")) if s else None
        row += [f.unit, f.title, term(f.kind, lang),
                _number(f.funds.budget), _number(f.funds.executed), rate,
                _number(f.reported.total), s.total.value if s else None,
                s.grade if s else None]  # fmt: skip
    counts = [_count(r.findings, sev) for sev in Severity]
    return [*row, *counts, ui(f"xlsx.status.{r.status}", lang)]


def _sheet_name(index: int, r: FormReport, taken: set[str]) -> str:
    title = r.form.title if r.form is not None else os.path.basename(r.file)
    base = re.sub(r"[\\/?*\[\]:]", "_", f"{index + 1:02d}-{title}")[:31]
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:27]}~{n}"
    taken.add(name)
    return name


def _rows(r: FormReport, lang: Lang) -> list[tuple[str, str, str | None, str | None]]:
    """(field path, label, printed, computed) for every number of the form."""
    f, s = r.form, r.sheet
    assert f is not None and s is not None
    st = f.reported

    def text(p: object) -> str | None:
        return getattr(p, "text", None)

    rows = [
        ("funds.budget", ui("xlsx.budget", lang), text(f.funds.budget), None),
        ("funds.executed", ui("xlsx.executed", lang), text(f.funds.executed), None),
        ("reported.execution_rate", ui("html.rate", lang), text(st.execution_rate),
         pct(s.execution_rate.exact)),
        ("reported.execution_score", ui("xlsx.execution_score", lang), text(st.execution_score),
         str(s.execution.value)),
    ]  # fmt: skip
    for ir in s.indicators:
        ind = ir.indicator
        weight = text(ind.weight) or ui("xlsx.not_printed", lang)
        label = f"{ind.level1} / {ind.level2} / {ind.name}" + ui("xlsx.weight", lang, weight=weight)
        score = f"{ir.bounds[0]}–{ir.bounds[1]}" if ir.bounds else str(ir.score)
        rows.append((f"indicators[{ir.index}]", label, text(ind.reported_score), score))
    bounds = s.total_range
    total = f"{bounds[0]}–{bounds[1]}" if bounds else str(s.total.value)
    rows.append(("reported.total", ui("html.total", lang), text(st.total), total))
    rows.append(("reported.grade", ui("html.grade", lang), st.grade, s.grade))
    return rows


def _row_of(path: str, paths: list[str]) -> int | None:
    for i, p in enumerate(paths):
        if path == p or path.startswith(p + ".") or path.startswith(p + "["):
            return i
    return None


def _form_sheet(ws: Worksheet, r: FormReport, lang: Lang) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    ws.append([r.file])
    ws["A1"].font = Font(bold=True)
    if r.sheet is None:
        ws.append([ui("status.invalid", lang) if r.status == "invalid" else localize(r.skipped or "", lang)])
        for line in r.error_lines(lang):
            ws.append([line])
            _paint(ws, ws.max_row, range(1, 2), Severity.ERROR)
        return
    ws.append([ui(f"xlsx.head.{k}", lang) for k in ("field", "item", "printed", "computed", "cell",
                                                      "verdict")])  # fmt: skip
    rows = _rows(r, lang)
    paths = [p for p, *_ in rows]
    placed: dict[int, list[Finding]] = {}
    for f in r.findings:
        at = _row_of(f.path, paths)
        if at is not None:
            placed.setdefault(at, []).append(f)
    for i, (path, label, printed, computed) in enumerate(rows):
        found = placed.get(i, [])
        cells = sorted({f.cell or (ui("html.line", lang, line=f.line) if f.line else "")
                        for f in found} - {""})  # fmt: skip
        verdict = "; ".join(dict.fromkeys(f.code for f in found))
        ws.append([path, label, printed, computed, ", ".join(cells), verdict])
        _paint(ws, ws.max_row, range(1, 7), worst(found))
        if found:
            note = "\n\n".join(f"[{ui(f.severity.value, lang)}] {f.code}: {f.text(lang)}"
                                 for f in found)  # fmt: skip
            ws.cell(ws.max_row, 3).comment = Comment(note[:30000], "jixiao", width=400, height=200)
    _findings_table(ws, r.findings, lang)
    for letter, width in zip("ABCDEF", (26, 48, 14, 14, 22, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _findings_table(ws: Worksheet, findings: Sequence[Finding], lang: Lang) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append([])
    ws.append([ui(f"xlsx.finding.{k}", lang) for k in ("severity", "code", "where", "printed",
                                                         "computed", "text")])  # fmt: skip
    for col in range(1, 7):
        ws.cell(ws.max_row, col).font = Font(bold=True)
    for f in findings:
        ws.append([ui(f.severity.value, lang), f.code, f.where(), term(f.stated or "", lang) or None,
                   term(f.computed or "", lang) or None, f.text(lang)])  # fmt: skip
        _paint(ws, ws.max_row, range(1, 7), f.severity)
        ws.cell(ws.max_row, 6).alignment = Alignment(wrap_text=True, vertical="top")


def write_xlsx(
    reports: Sequence[FormReport], path: str | os.PathLike[str], lang: Lang = DEFAULT_LANG
) -> None:
    """Write the reports as a workbook: the summary sheet, then a sheet per form (each
    finding's sentence in ``lang``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = ui("xlsx.summary", lang)
    summary.append([ui(f"xlsx.col.{k}", lang) for k in _SUMMARY])
    for col in range(1, len(_SUMMARY) + 1):
        summary.cell(1, col).font = Font(bold=True)
    taken = {summary.title}
    for i, r in enumerate(reports):
        name = _sheet_name(i, r, taken)
        summary.append(_summary_row(r, lang))
        for col, fmt in _FORMATS.items():
            summary.cell(summary.max_row, col).number_format = fmt
        summary.cell(summary.max_row, 1).hyperlink = f"#'{name}'!A1"
        _paint(summary, summary.max_row, range(1, len(_SUMMARY) + 1), worst(list(r.findings)))
        _form_sheet(book.create_sheet(name), r, lang)
    summary.auto_filter.ref = summary.dimensions
    summary.freeze_panes = "A2"
    for i, width in enumerate((30, 24, 28, 8, 12, 12, 10, 10, 10, 6, 6, 6, 6, 10)):
        summary.column_dimensions[chr(65 + i)].width = width
    save_book(book, path)
