"""Reading and writing tables in chunks: CSV, Parquet and Arrow IPC (Feather v2), by suffix.

CSV cells are read as text, never guessed as floats, in UTF-8 (BOM or not) or GBK/GB18030
(detected, or as given), with Chinese headers read as the column names (scoring/io/csvtext.py);
CSV is written in UTF-8 with a BOM, so that Excel opens it with the Chinese intact. Parquet and
Arrow columns keep their types (decimal, integer or text; floats are refused by
scoring/batch/columns.py). Only the columns scoring needs are read from Parquet and Arrow.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from scoring.errors import BatchError, OutputError
from scoring.io.csvtext import canonical_column, read_header

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
        return (f"{path}: the table's text is not in the encoding it was read in "
                f"({text.split(':')[0]}); name the right one with --encoding (GBK: gb18030)")
    if "Expected" in text and "columns, got" in text:
        line = _ragged_line(path)
        where = f"line {line}: " if line is not None else ""
        got = text.split("CSV parse error: ", 1)[-1]
        return f"{path}: {where}a row with the wrong number of cells: {got[:200]}"
    if "magic bytes" in text or "Parquet" in text or "IPC" in text or "Arrow" in text:
        return f"{path}: not a whole table file (truncated or corrupted): {text[:200]}"
    return f"{path}: cannot read the table: {text[:300]}"


def _csv_chunks(
    path: Path, columns: Sequence[str] | None, block: int, encoding: str | None
) -> Iterator[pa.RecordBatch]:
    try:
        chosen, header = read_header(path, encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        named = f"as {encoding}" if encoding else "as UTF-8 or GB18030"
        raise BatchError(f"{path}: cannot read the text {named} ({exc}); try --encoding") from None
    codec = "utf8" if chosen.replace("-", "").lower() in ("utf8", "utf8sig") else chosen
    read = pcsv.ReadOptions(block_size=block, column_names=header, skip_rows=1, encoding=codec)
    convert = pcsv.ConvertOptions(
        column_types={c: pa.string() for c in columns or ()},
        include_columns=list(columns) if columns else None,
        include_missing_columns=True,
        strings_can_be_null=False,
    )
    if columns is None:
        convert.column_types = {c: pa.string() for c in header}
    yield from pcsv.open_csv(path, read_options=read, convert_options=convert)


def _arrow_chunks(path: Path) -> Iterator[pa.RecordBatch]:
    with pa.memory_map(str(path)) as source:
        try:
            reader: Any = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i)
        except pa.ArrowInvalid:
            source.seek(0)
            yield from pa.ipc.open_stream(source)


def _renamed(batch: pa.RecordBatch) -> pa.RecordBatch:
    names = [canonical_column(n) for n in batch.schema.names]
    return batch if names == batch.schema.names else batch.rename_columns(names)


def read_chunks(
    path: Path,
    columns: Sequence[str] | None = None,
    rows: int = 1 << 20,
    ids: bool = True,
    encoding: str | None = None,
) -> Iterator[pa.RecordBatch]:
    """The table's rows in chunks, with ``columns`` only (those present) when given.

    With ``ids``, Parquet's ``form_id`` comes dictionary-encoded, as stored: a chunk's distinct
    ids are then at hand without hashing every row.
    """
    kind = _format(path)
    try:
        yield from _chunks(kind, path, columns, rows, ids, encoding)
    except (pa.ArrowException, OSError) as exc:  # bad input is an error naming it, not a crash
        raise BatchError(_explain(path, exc)) from None
    except UnicodeDecodeError as exc:  # Arrow decodes some names itself (a Parquet column's)
        raise BatchError(f"{path}: not a whole table file (corrupted): {exc}") from None


def _chunks(
    kind: str, path: Path, columns: Sequence[str] | None, rows: int, ids: bool,
    encoding: str | None,
) -> Iterator[pa.RecordBatch]:  # fmt: skip
    if kind == "csv":
        yield from _csv_chunks(path, columns, CSV_BLOCK, encoding)
        return
    if kind == "parquet":
        file = pq.ParquetFile(path)
        names = file.schema_arrow.names
        ids_as = [n for n in names if canonical_column(n) == "form_id"]
        # pre_buffer off: it would keep every row group read so far in memory until the end
        file = pq.ParquetFile(path, read_dictionary=ids_as if ids else None, pre_buffer=False)
        wanted = [n for n in names if canonical_column(n) in columns] if columns else None
        yield from map(_renamed, map(_valid, file.iter_batches(batch_size=rows, columns=wanted)))
        return
    for batch in map(_renamed, map(_valid, _arrow_chunks(path))):
        if columns:
            batch = batch.select([c for c in columns if c in batch.schema.names])
        yield batch


def _valid(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch, its data checked whole (text that is not UTF-8, offsets out of range): a
    Parquet or Arrow file is not validated when written, and a bad value must be refused here
    rather than fail deep inside scoring (ArrowInvalid, turned into a BatchError above)."""
    batch.validate(full=True)
    return batch


def read_table(
    path: Path, columns: Sequence[str] | None = None, encoding: str | None = None
) -> pa.Table:
    """A whole (small) table, e.g. the forms table."""
    batches = list(read_chunks(path, columns, ids=False, encoding=encoding))
    if not batches:
        raise BatchError(f"{path}: the table is empty")
    return pa.Table.from_batches(batches)


class TableWriter:
    """Writes tables chunk by chunk to one file, in the format its suffix names."""

    def __init__(self, path: Path) -> None:
        self.path, self.kind = path, _format(path)
        self.writer: Any = None
        self.sink: Any = None

    def write(self, table: pa.Table) -> None:
        """Append a chunk (the first chunk fixes the schema)."""
        try:
            self._write(table)
        except OSError as exc:
            raise self._failed(exc) from exc

    def _failed(self, exc: OSError) -> OutputError:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        return OutputError(f"cannot write {self.path}: {reason}")

    def _write(self, table: pa.Table) -> None:
        if self.writer is None:
            if self.kind == "csv":
                self.sink = pa.OSFile(str(self.path), "wb")
                self.sink.write(b"\xef\xbb\xbf")  # the BOM: Excel then reads the file as UTF-8
                self.writer = pcsv.CSVWriter(self.sink, table.schema)
            elif self.kind == "parquet":
                self.writer = pq.ParquetWriter(self.path, table.schema)
            else:
                self.writer = pa.ipc.new_file(str(self.path), table.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        """Finish the file."""
        try:
            if self.writer is not None:
                self.writer.close()
            if self.sink is not None:
                self.sink.close()
        except OSError as exc:
            raise self._failed(exc) from exc
