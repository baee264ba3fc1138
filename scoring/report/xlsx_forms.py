"""Forms written as workbooks in the official Hubei layout, read back as the same forms.

``write_forms`` puts each form on a sheet of its own (scoring/report/xlsx_layout.py). What the
layout has no cell for — year and region, rulebook, the narrative's statements, where a weight
is printed, a grade or unit given explicitly — goes to the sheet ``jixiao附注`` as
(sheet, JSON field path, JSON value): exactly the differences between the form and what the
layout reads back as, so that reading the workbook gives the same form.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scoring.io.located import FieldPath
from scoring.io.xlsx import NOTES_SHEET, read_workbook_forms
from scoring.report.xlsx_layout import FormLike, lay_out, save_book

if TYPE_CHECKING:
    from openpyxl import Workbook

    from scoring.form.model import Form

__all__ = ["form_data", "layout_form", "sheet_title", "write_forms"]


def form_data(form: Form) -> dict[str, Any]:
    """The form as plain data, as it would be written in YAML (defaults left out)."""
    data: dict[str, Any] = form.model_dump(mode="json", exclude_defaults=True)
    return data


def layout_form(form: Form) -> FormLike:
    """What the official layout prints of ``form``."""
    st = form.reported

    def text(p: Any) -> str | None:
        return None if p is None else str(p.text)

    rows = [
        {"block": ind.block, "level1": ind.level1, "level2": ind.level2, "name": ind.name,
         "target": ind.target.text, "actual": ind.actual.text, "weight": text(ind.weight),
         "reported_score": text(ind.reported_score), "note": ind.note}
        for ind in form.indicators
    ]  # fmt: skip
    return FormLike(
        kind=form.kind, title=form.title, unit=form.unit, year=str(form.year),
        supervisor=form.supervisor, implementer=form.implementer,
        budget=text(form.funds.budget), executed=text(form.funds.executed),
        rate=text(st.execution_rate), execution_score=text(st.execution_score),
        execution_points=text(st.execution_points), total=text(st.total), note=st.note,
        blocks=[(b.label, b.points.text) for b in st.blocks], indicators=rows,
    )  # fmt: skip


def sheet_title(index: int, form: Form, taken: set[str]) -> str:
    """A sheet name for a form: its title cut to Excel's 31 characters, made unique."""
    bad = str.maketrans({c: "_" for c in "\\/?*[]:"})
    base = (f"{index + 1:02d}-" + form.title.translate(bad))[:31]
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:27]}~{n}"
    taken.add(name)
    return name


def _diff(want: Any, full: Any, got: Any, path: FieldPath, out: list[tuple[FieldPath, Any]]) -> None:
    """The (path, value) assignments that turn ``got`` into ``want``; ``full`` is ``want`` with
    its defaults, the value a key read but not wanted is set back to."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key in [*want, *(k for k in got if k not in want)]:
            if key in want:
                _diff(want[key], full[key], got.get(key), (*path, key), out)
            elif got[key] != full.get(key):
                out.append(((*path, key), full.get(key)))
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (w, f, g) in enumerate(zip(want, full, got, strict=True)):
            _diff(w, f, g, (*path, i), out)
    elif want != got:
        out.append((path, want))


def _workbook(forms: Sequence[Form], notes: dict[str, list[tuple[FieldPath, Any]]]) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for i, form in enumerate(forms):
        ws = book.create_sheet(sheet_title(i, form, taken))
        lay_out(ws, layout_form(form))
    ws = book.create_sheet(NOTES_SHEET)
    ws.append(["表 (sheet)", "字段 (field path, JSON)", "值 (value, JSON)"])
    for sheet, rows in notes.items():
        for path, value in rows:
            ws.append([sheet, json.dumps(list(path), ensure_ascii=False),
                       json.dumps(value, ensure_ascii=False)])  # fmt: skip
    for col, width in zip("ABC", (24, 40, 80), strict=True):
        ws.column_dimensions[col].width = width
    ws.sheet_state = "hidden"
    return book


def write_forms(forms: Sequence[Form], path: str | os.PathLike[str]) -> None:
    """Write ``forms`` to one workbook, a sheet each, that reads back as the same forms."""
    first = _workbook(forms, {})
    buffer = io.BytesIO()
    first.save(buffer)
    buffer.seek(0)
    read = {w.sheet: w.src.data for w in read_workbook_forms(os.fspath(path), buffer)}
    notes: dict[str, list[tuple[FieldPath, Any]]] = {}
    for sheet, form in zip(first.sheetnames, forms, strict=False):
        diff: list[tuple[FieldPath, Any]] = []
        _diff(form_data(form), form.model_dump(mode="json"), read.get(sheet, {}), (), diff)
        notes[sheet] = diff
    save_book(_workbook(forms, notes), path)
