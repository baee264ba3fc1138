"""Forms as printed: properties over the seed forms and the shape forms (hypothesis).

- blanking any cell of a form never creates an error finding that was not there before;
- marking a form partial, with any whole rows dropped, never hides an error provable from the
  rows kept;
- writing every amount in 元, 万元 or 亿元 changes no score and no finding.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cells import CellPath, printed_cells, with_cell
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.errors import FormError
from scoring.form.model import Form
from scoring.io.yamlsrc import read_yaml_file
from scoring.pipeline.check import FormReport, check_form
from scoring.values import parse_printed

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "indicators" / "wuchang-bigdata-2022").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "forms" / "shapes").glob("*.yaml")
)
DATA: dict[str, dict[str, Any]] = {
    f.stem: read_yaml_file(f, error=FormError).data for f in FILES
}  # read once: numbers stay as their printed text
NAMES = sorted(DATA)

BLANKS = ["", "/", "—", "无", "?"]


def _check(data: dict[str, Any]) -> FormReport:
    report = check_form(Form.model_validate(data))
    assert report.error is None, report.error_lines()
    return report


def _errors(report: FormReport) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in report.findings if f.severity.value == "error"}


BEFORE = {name: _errors(_check(DATA[name])) for name in NAMES}
CELLS = {name: sorted(set(printed_cells(DATA[name])), key=str) for name in NAMES}
blanked = st.sampled_from(NAMES).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(CELLS[name]), st.sampled_from(BLANKS))
)


@settings(max_examples=150, deadline=None)
@given(blanked)
def test_blanking_a_cell_never_creates_an_error(case: tuple[str, CellPath, str]) -> None:
    name, path, blank = case
    report = _check(with_cell(DATA[name], path, blank))
    after = _errors(report)
    assert after <= BEFORE[name], f"{name}: blanking {path} created {after - BEFORE[name]}"
    _no_placeholders(report)


def _no_placeholders(report: FormReport) -> None:
    """Findings speak in the form's terms: no None, no "?" standing for a missing value."""
    for f in report.findings:
        for text in (f.message, f.stated or "", f.computed or ""):
            assert "None" not in text and " ? " not in text and text.strip() != "?", f.message


def test_every_cell_of_every_form_can_be_blanked() -> None:
    """The exhaustive version of the property, over every cell with one blank mark."""
    for name in NAMES:
        for path in CELLS[name]:
            report = _check(with_cell(DATA[name], path, "/"))
            _no_placeholders(report)
            after = _errors(report)
            assert after <= BEFORE[name], f"{name}: blanking {path} created {after - BEFORE[name]}"


# ---------------------------------------------------------------- excerpts

# Errors that rest on one row (or the funds block) alone: provable from the rows present.
ROW_CODES = {
    "INDICATOR_SCORE_MISMATCH", "SCORE_ABOVE_WEIGHT", "QUALITATIVE_OUT_OF_BAND",
    "PARENT_SCORE_MISMATCH", "PARENT_WEIGHT_MISMATCH", "MERGED_SCORE_MISMATCH",
    "FUNDS_ROWS_EXCEED_TOTAL", "FUNDS_ROW_RATE_MISMATCH", "FUNDS_ROW_SCORE_MISMATCH",
    "EXEC_RATE_MISMATCH", "EXEC_POINTS_MISMATCH",
}  # fmt: skip


def _groups(rows: list[dict[str, Any]]) -> list[list[int]]:
    """Rows that stand or fall together: a row with its children, 其中 rows and merged cell."""
    index = {r["name"]: i for i, r in enumerate(rows)}
    owner = list(range(len(rows)))
    for i in range(len(rows)):
        j = i
        for _ in range(len(rows)):  # up to the top row (nesting is one or two levels deep)
            parent = rows[j].get("parent")
            if parent not in index:
                break
            j = index[parent]
        owner[i] = j
    first: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.get("merged"):
            owner[i] = owner[first.setdefault(r["merged"], i)]
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(owner[i], []).append(i)
    return list(groups.values())


def _row_errors(report: FormReport, keep: list[int] | None) -> set[tuple[str, str]]:
    out = set()
    for code, path in _errors(report):
        if code not in ROW_CODES:
            continue
        if path.startswith("indicators["):
            i = int(path[len("indicators[") : path.index("]")])
            if keep is not None and i not in keep:
                continue
            j = keep.index(i) if keep is not None else i
            path = f"indicators[{j}]{path[path.index(']') + 1 :]}"
        out.add((code, path))
    return out


excerpts = st.sampled_from(NAMES).flatmap(
    lambda name: st.tuples(
        st.just(name),
        st.lists(st.booleans(), min_size=len(_groups(DATA[name].get("indicators", []))),
                 max_size=len(_groups(DATA[name].get("indicators", [])))),
    )
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(excerpts)
def test_an_excerpt_keeps_every_error_of_its_rows(case: tuple[str, list[bool]]) -> None:
    name, chosen = case
    data = DATA[name]
    rows = data.get("indicators", [])
    keep = sorted(i for g, k in zip(_groups(rows), chosen, strict=True) if k for i in g)
    excerpt = {**copy.deepcopy(data), "completeness": "partial"}
    excerpt["indicators"] = [copy.deepcopy(rows[i]) for i in keep]
    full = _row_errors(_check(data), keep)
    assert full <= _row_errors(_check(excerpt), None), f"{name} keeping rows {keep}"


# ---------------------------------------------------------------- units

_AMOUNT_KEYS = {"year_start", "budget", "executed", "fund"}
_FACTORS = {"元": Decimal(10000), "万元": Decimal(1), "亿元": Decimal("0.0001")}


def _in_unit(text: Any, default: str, unit: str) -> Any:
    printed = parse_printed(str(text))
    if printed.value is None:
        return text
    wan = printed.value / _FACTORS[printed.unit or default]
    return f"{(wan * _FACTORS[unit]).normalize():f}{unit}"


def _convert(node: Any, unit: str, default: str = "万元", key: str | None = None) -> Any:
    if isinstance(node, dict):
        inner = node.get("unit", default) if key == "funds" else default
        return {
            k: (
                _in_unit(v, inner, unit)
                if k in _AMOUNT_KEYS and isinstance(v, str) and key != "indicators_statement"
                else _convert(v, unit, inner, k)
            )
            for k, v in node.items()
            if not (key == "funds" and k == "unit")
        }
    if isinstance(node, list):
        return [_convert(v, unit, default, key) for v in node]
    return node


def _scores(report: FormReport) -> tuple[Any, ...]:
    sheet = report.sheet
    assert sheet is not None
    return (
        sheet.execution_rate.exact,
        sheet.execution.value,
        tuple(r.score for r in sheet.indicators),
        sheet.total.value,
        sorted((f.code, f.path, f.severity.value) for f in report.findings),
    )


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(sorted(_FACTORS)))
def test_amounts_in_any_unit_give_the_same_scores(name: str, unit: str) -> None:
    data = DATA[name]
    converted = _convert(data, unit)
    assert _scores(_check(converted)) == _scores(_check(data))


@pytest.mark.parametrize("unit", sorted(_FACTORS))
def test_the_unit_conversion_really_rewrites_the_amounts(unit: str) -> None:
    converted = _convert(DATA["funds-units"], unit)
    assert all(str(v).endswith(unit) for k, v in converted["funds"].items() if k != "rows")


_NOTATIONS = {
    "full-width %": lambda t: t.replace("%", "％"),
    "ASCII comparators": lambda t: t.replace("≥", ">=").replace("≤", "<="),
    "full-width comparators": lambda t: t.replace("≥", "＞＝").replace("≤", "＜＝"),
    "spaces around": lambda t: f" {t} ",
    "full-width digits": lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "thousands separators": lambda t: re.sub(r"^(\d{4,})", lambda m: f"{int(m.group(1)):,}", t),
}


def _text_of(data: dict[str, Any], path: CellPath) -> str | None:
    node: Any = data
    for key in path:
        node = node[key]
    node = node.get("text") if isinstance(node, dict) else node
    return node if isinstance(node, str) else None


def _found(report: FormReport) -> set[tuple[str, str, str]]:
    return {(f.code, f.path, f.severity.value) for f in report.findings if f.severity.value != "info"}


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(NAMES), st.data(), st.sampled_from(sorted(_NOTATIONS)))
def test_a_cell_written_in_another_notation_changes_nothing(
    name: str, data: st.DataObject, notation: str
) -> None:
    """Transcribers write the same printed value differently (８８.６％, >=90%, 1,730.62): no
    score, error or warning changes."""
    path = data.draw(st.sampled_from(CELLS[name]))
    text = _text_of(DATA[name], path)
    if text is None or _NOTATIONS[notation](text) == text:
        return
    node: Any = DATA[name]
    for key in path:
        node = node[key]
    written = _NOTATIONS[notation](text)
    value = {**node, "text": written} if isinstance(node, dict) else written
    before, after = _check(DATA[name]), _check(with_cell(DATA[name], path, value))
    assert _found(after) == _found(before), (path, written)
    assert before.sheet is not None and after.sheet is not None
    assert after.sheet.total.value == before.sheet.total.value
