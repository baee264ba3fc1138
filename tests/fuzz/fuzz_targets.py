"""Fuzz targets: each takes one input and fails only if jixiao breaks its contract on it.

The contract, for every reader: a result, or an error jixiao raises on purpose (an
``InputError``/``InputErrors``/``JixiaoError`` naming the place) — never another exception,
never a hang; and for everything scored, no score below 0 or above its weight. The same
targets run under hypothesis (tests/fuzz/test_fuzz.py: a small budget in ``make test``, hours
with ``make fuzz``) and under atheris where it installs (tests/fuzz/atheris_main.py).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

from scoring.errors import (
    FormulaError,
    FormulaEvaluationError,
    InputError,
    InputErrors,
    JixiaoError,
    ValueParseError,
)

__all__ = ["TARGETS"]

INPUTS = ("weight", "target", "actual")
READ, REFUSED = "read", "refused"
"""What a target returns: the input was read (and scored within range), or refused with an
error jixiao raises on purpose (a value parser: read as text rather than a number)."""


def yaml_loader(text: str) -> str:
    """The safe YAML reader: located data or an InputError."""
    from scoring.io.yamlsrc import read_yaml

    try:
        read_yaml(text, "<fuzz>")
    except (InputError, InputErrors):
        return REFUSED
    return READ


def _within_weights(sheet: object) -> None:
    step = Fraction(sheet.rulebook.rounding.score_step.value)  # type: ignore[attr-defined]
    for row in sheet.indicators:  # type: ignore[attr-defined]
        assert Decimal(0) <= row.form_score <= row.weight, (row.form_score, row.weight)
        # scaled to its block's points, a row may round up by a step (apportioned in the block)
        assert 0 <= Fraction(row.score) <= Fraction(row.weight) * row.scale + step
    assert Decimal(0) <= sheet.execution.value  # type: ignore[attr-defined]


def form_loader(text: str) -> str:
    """A form from YAML text, scored and verified: a report, or an error naming the place."""
    from scoring.pipeline.check import check_form, load_form_text

    try:
        form, src = load_form_text(text, "<fuzz>.yaml")
    except (InputError, InputErrors):
        return REFUSED
    report = check_form(form, src, "<fuzz>.yaml")
    if report.sheet is None:
        return REFUSED
    _within_weights(report.sheet)
    return READ


def value_parser(text: str) -> str:
    """Printed values: parse_printed never raises; bare numbers and percentages raise only
    ValueParseError; a number read is finite and exact."""
    from scoring.values import parse_number, parse_percent, parse_printed

    printed = parse_printed(text)
    if printed.value is not None:
        assert printed.value.is_finite()
        assert printed.text == text
    for parse in (parse_number, parse_percent):
        with suppress(ValueParseError):
            assert parse(text).is_finite()
    return READ if printed.value is not None else REFUSED


def formula_parser(text: str) -> str:
    """The formula grammar: a formula or a FormulaError; evaluating it at a few points gives a
    number or a FormulaEvaluationError."""
    from scoring.formula.evaluate import build_formula

    try:
        f = build_formula("fuzz", INPUTS, [{"then": text, "branch": "fuzz"}])
    except FormulaError:
        return REFUSED
    for point in ((1, 1, 1), (0, 0, 0), (100, 3, Fraction(-1, 3))):
        with suppress(FormulaEvaluationError):
            f.evaluate({n: Fraction(v) for n, v in zip(INPUTS, point, strict=True)})
    return READ


def rulebook_loader(text: str) -> str:
    """A rulebook from YAML text (its proofs aside): a rulebook or a RulebookError."""
    from scoring.pipeline.check import check_form
    from scoring.rulebook.load import load_rulebook

    try:  # a folder that does not exist: a parent file named in it is never found
        rb = load_rulebook(text, "/nonexistent-jixiao-fuzz/fuzz.yaml", prove=False)
    except (InputError, InputErrors):
        return REFUSED
    for form, src in _seed_forms():  # a rulebook that loads scores every form, within range
        report = check_form(form, src, src.file, rb)
        assert report.sheet is not None
        _within_weights(report.sheet)
    return READ


@cache
def _seed_forms() -> list[tuple[object, object]]:
    from scoring.pipeline.check import load_form

    root = Path(__file__).resolve().parents[2] / "indicators" / "wuchang-bigdata-2022"
    return [load_form(p) for p in sorted(root.glob("0[1-3]*.yaml"))]


@contextmanager
def _nothing_printed_behind_our_back() -> Iterator[None]:
    """Fail on an exception a library swallows and prints ("Exception ignored in ..."): that is a
    traceback reaching the user as surely as an uncaught one."""
    seen: list[object] = []
    previous, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        yield
    finally:
        sys.unraisablehook = previous
    assert not seen, seen


def _table_bytes(data: bytes, suffix: str) -> str:
    with _nothing_printed_behind_our_back():
        return _table_bytes_read(data, suffix)


def _table_bytes_read(data: bytes, suffix: str) -> str:
    from scoring.batch.score import FORM_COLUMNS, SCORED_COLUMNS, score_tables
    from scoring.batch.tables import read_chunks, read_table
    from scoring.errors import BatchError

    with tempfile.TemporaryDirectory(prefix="jixiao-fuzz-") as folder:
        path = Path(folder) / f"indicators{suffix}"
        path.write_bytes(data)
        try:
            forms = read_table(path, FORM_COLUMNS)
            result, _ = score_tables(forms, lambda: read_chunks(path, SCORED_COLUMNS, 1000))
        except (BatchError, JixiaoError):
            return REFUSED
        return _results_in_range(result)


def _results_in_range(result: object) -> str:
    """READ if every form was scored (each total within range), else REFUSED."""
    rows = result.to_pylist()  # type: ignore[attr-defined]
    for row in rows:
        if row["error"] is None:
            assert Decimal(0) <= row["total"] <= Decimal(100), row
    return READ if all(row["error"] is None for row in rows) else REFUSED


def batch_csv(data: bytes) -> str:
    """A CSV table of any bytes: results within range, or a BatchError naming the file."""
    return _table_bytes(data, ".csv")


def batch_parquet(data: bytes) -> str:
    """A Parquet file of any bytes (truncated, corrupted): results or a BatchError."""
    return _table_bytes(data, ".parquet")


def batch_arrow(data: bytes) -> str:
    """An Arrow IPC (Feather v2) file of any bytes: results or a BatchError."""
    return _table_bytes(data, ".arrow")


def excel_reader(data: bytes) -> str:
    """A workbook (.xlsx) of any bytes: each form in it scored within range, or a report that
    names why it cannot be read or is not a form; never an exception."""
    from scoring.pipeline.check import check_path

    with tempfile.TemporaryDirectory(prefix="jixiao-fuzz-") as folder, \
            _nothing_printed_behind_our_back():  # fmt: skip
        path = Path(folder) / "book.xlsx"
        path.write_bytes(data)
        reports = check_path(path)
        for report in reports:
            assert report.status in ("ok", "error", "invalid", "skipped"), report.status
            if report.sheet is not None:
                _within_weights(report.sheet)
        return READ if all(r.sheet is not None for r in reports) else REFUSED


def batch_cells(cells: list[dict[str, str]]) -> str:
    """Indicator rows of arbitrary text cells for one form: scored within range or refused."""
    import pyarrow as pa

    from scoring.batch.score import INDICATOR_COLUMNS, score_tables

    forms = pa.table({"form_id": ["f"], "rulebook": [cells[0].get("rulebook", "hubei-2022")],
                      "budget": [cells[0].get("budget", "100")],
                      "executed": [cells[0].get("executed", "100")]})  # fmt: skip
    columns = {c: pa.array([r.get(c, "") for r in cells], pa.string()) for c in INDICATOR_COLUMNS}
    columns["form_id"] = pa.array(["f"] * len(cells), pa.string())
    try:
        result, _ = score_tables(forms, lambda: [pa.table(columns)])
    except JixiaoError:
        return REFUSED
    return _results_in_range(result)


TARGETS = {
    "yaml_loader": yaml_loader,
    "form_loader": form_loader,
    "value_parser": value_parser,
    "formula_parser": formula_parser,
    "rulebook_loader": rulebook_loader,
    "batch_csv": batch_csv,
    "batch_parquet": batch_parquet,
    "batch_arrow": batch_arrow,
    "excel_reader": excel_reader,
}
"""The targets that take one text (str) or file (bytes) input, by name (atheris runs these)."""
