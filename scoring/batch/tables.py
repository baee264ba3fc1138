"""Reading and writing tables in chunks: CSV, Parquet and Arrow IPC (Feather v2), by suffix.

CSV cells are read as text, never guessed as floats; Parquet and Arrow columns keep their
types (decimal, integer or text; floats are refused by scoring/batch/columns.py). Only the
columns scoring needs are read from Parquet and Arrow.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from scoring.errors import BatchError

__all__ = ["SUFFIXES", "TableWriter", "find_table", "read_chunks", "read_table"]

SUFFIXES = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "arrow",
    ".feather": "arrow",
    ".ipc": "arrow",
}
"""The table file suffixes read and written, and the format each stands for."""
CSV_BLOCK = 32 << 20
"""Bytes of CSV parsed per chunk (about half a million indicator rows)."""


def _format(path: Path) -> str:
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(SUFFIXES)
        raise BatchError(f"{path}: unknown table format; use one of {known}") from None


def find_table(folder: Path, stem: str) -> Path:
    """``folder/stem.<suffix>`` for the one supported suffix present."""
    found = [folder / f"{stem}{s}" for s in SUFFIXES if (folder / f"{stem}{s}").is_file()]
    if len(found) != 1:
        what = "no" if not found else "more than one"
        raise BatchError(f"{folder}: {what} {stem} table ({stem}.csv, {stem}.parquet, …)")
    return found[0]


class _Rows:
    """Remembers the line of the first row with the wrong number of cells."""

    def __init__(self) -> None:
        self.line: int | None = None

    def __call__(self, row: Any) -> str:
        if self.line is None and getattr(row, "number", None) is not None and row.number >= 0:
            self.line = int(row.number)
        return "error"


def _ragged_line(path: Path) -> int | None:
    """The line of the first ragged row, found again single-threaded (only threads off number
    rows): the error path pays for it, not every run."""
    rows = _Rows()
    parse = pcsv.ParseOptions(invalid_row_handler=rows)
    quiet, sys.unraisablehook = sys.unraisablehook, lambda _: None  # a row not UTF-8: no line
    try:
        with suppress(pa.ArrowException, OSError):
            pcsv.open_csv(path, read_options=pcsv.ReadOptions(use_threads=False),
                          parse_options=parse).read_all()  # fmt: skip
    finally:
        sys.unraisablehook = quiet
    return rows.line


def _explain(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "Empty CSV file" in text:
        return f"{path}: the table is empty: not even a header row"
    if "invalid UTF8" in text:
        return (f"{path}: the table is not UTF-8 text ({text.split(':')[0]}); save it as UTF-8 "
                "(a GBK/GB18030 CSV must be converted, e.g. iconv -f gbk -t utf-8)")
    if "Expected" in text and "columns, got" in text:
        line = _ragged_line(path)
        where = f"line {line}: " if line is not None else ""
        got = text.split("CSV parse error: ", 1)[-1]
        return f"{path}: {where}a row with the wrong number of cells: {got[:200]}"
    if "magic bytes" in text or "Parquet" in text or "IPC" in text or "Arrow" in text:
        return f"{path}: not a whole table file (truncated or corrupted): {text[:200]}"
    return f"{path}: cannot read the table: {text[:300]}"


def _csv_chunks(path: Path, columns: Sequence[str] | None, block: int) -> Iterator[pa.RecordBatch]:
    read = pcsv.ReadOptions(block_size=block)
    parse = pcsv.ParseOptions()  # no row handler: Arrow would print a failure to decode its row
    convert = pcsv.ConvertOptions(
        column_types={c: pa.string() for c in columns or ()},
        include_columns=list(columns) if columns else None,
        include_missing_columns=True,
        strings_can_be_null=False,
    )
    if columns is None:
        header = pcsv.open_csv(path, read_options=read, parse_options=parse).schema.names
        convert.column_types = {c: pa.string() for c in header}
    yield from pcsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)


def _arrow_chunks(path: Path) -> Iterator[pa.RecordBatch]:
    with pa.memory_map(str(path)) as source:
        try:
            reader: Any = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i)
        except pa.ArrowInvalid:
            source.seek(0)
            yield from pa.ipc.open_stream(source)


def read_chunks(
    path: Path, columns: Sequence[str] | None = None, rows: int = 1 << 20, ids: bool = True
) -> Iterator[pa.RecordBatch]:
    """The table's rows in chunks, with ``columns`` only (those present) when given.

    With ``ids``, Parquet's ``form_id`` comes dictionary-encoded, as stored: a chunk's distinct
    ids are then at hand without hashing every row.
    """
    kind = _format(path)
    try:
        yield from _chunks(kind, path, columns, rows, ids)
    except (pa.ArrowException, OSError) as exc:  # bad input is an error naming it, not a crash
        raise BatchError(_explain(path, exc)) from None
    except UnicodeDecodeError as exc:  # Arrow decodes some names itself (a Parquet column's)
        raise BatchError(f"{path}: not a whole table file (corrupted): {exc}") from None


def _chunks(
    kind: str, path: Path, columns: Sequence[str] | None, rows: int, ids: bool
) -> Iterator[pa.RecordBatch]:
    if kind == "csv":
        yield from _csv_chunks(path, columns, CSV_BLOCK)
        return
    if kind == "parquet":
        file = pq.ParquetFile(path, read_dictionary=["form_id"] if ids else None)
        names = file.schema_arrow.names
        wanted = [c for c in columns if c in names] if columns else None
        for batch in file.iter_batches(batch_size=rows, columns=wanted):
            yield _valid(batch)
        return
    for batch in _arrow_chunks(path):
        if columns:
            batch = batch.select([c for c in columns if c in batch.schema.names])
        yield _valid(batch)


def _valid(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch, its data checked whole (text that is not UTF-8, offsets out of range): a
    Parquet or Arrow file is not validated when written, and a bad value must be refused here
    rather than fail deep inside scoring (ArrowInvalid, turned into a BatchError above)."""
    batch.validate(full=True)
    return batch


def read_table(path: Path, columns: Sequence[str] | None = None) -> pa.Table:
    """A whole (small) table, e.g. the forms table."""
    batches = list(read_chunks(path, columns, ids=False))
    if not batches:
        raise BatchError(f"{path}: the table is empty")
    return pa.Table.from_batches(batches)


class TableWriter:
    """Writes tables chunk by chunk to one file, in the format its suffix names."""

    def __init__(self, path: Path) -> None:
        self.path, self.kind = path, _format(path)
        self.writer: Any = None

    def write(self, table: pa.Table) -> None:
        """Append a chunk (the first chunk fixes the schema)."""
        if self.writer is None:
            if self.kind == "csv":
                self.writer = pcsv.CSVWriter(self.path, table.schema)
            elif self.kind == "parquet":
                self.writer = pq.ParquetWriter(self.path, table.schema)
            else:
                self.writer = pa.ipc.new_file(str(self.path), table.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        """Finish the file."""
        if self.writer is not None:
            self.writer.close()
