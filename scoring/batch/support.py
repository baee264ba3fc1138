"""Helpers of the table scorer: finding forms by id, row problems, and Arrow columns out."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.batch.columns import distinct, indices_of
from scoring.batch.exact import Ints, Mask, as_int64

__all__ = [
    "Keys",
    "Problems",
    "add_at",
    "as_bytes",
    "decimal_array",
    "ids_of",
    "labels_of",
    "put",
    "steps_of",
    "take_of",
]


def ids_of(arr: Any) -> pa.Array:
    """Form ids as trimmed text."""
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return pc.utf8_trim_whitespace(pc.cast(arr, pa.string()))


class Keys:
    """Form ids sorted once, so each chunk's ids are found by binary search, not a new hash.

    Ids are compared as UTF-8 bytes. Chunks cut from one Parquet row group share its
    dictionary of ids, growing as the row group is read, so the forms of the last dictionary
    seen are kept and only the ids it lacks are searched.
    """

    def __init__(self, ids: pa.Array) -> None:
        keys = as_bytes(ids)
        self.order = np.argsort(keys, kind="stable")
        self.sorted = keys[self.order]
        self.last: tuple[pa.Array, np.ndarray] | None = None

    def _forms(self, values: pa.Array) -> np.ndarray:
        known = np.empty(0, dtype=np.int64)
        if self.last is not None:  # the dictionary of a row group grows chunk by chunk
            old, found = self.last
            if len(old) <= len(values) and values.slice(0, len(old)).equals(old):  # memcmp
                if len(old) == len(values):
                    return found
                known = found[:-1]
        wanted = as_bytes(ids_of(values.slice(len(known))))
        at = np.minimum(np.searchsorted(self.sorted, wanted), max(len(self.sorted) - 1, 0))
        hit = self.sorted[at] == wanted if len(self.sorted) else np.zeros(len(wanted), bool)
        new = np.where(hit, self.order[at], -1)
        found = np.concatenate([known, new, [-1]])  # the last entry: null ids
        self.last = (values, found)
        return found

    def find(self, column: Any) -> np.ndarray:
        """Each row's form number: its row in the forms table, -1 if it has none."""
        arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        indices, values = distinct(arr)
        index = indices_of(indices)
        picked: np.ndarray = self._forms(values)[index]
        return picked


def as_bytes(ids: pa.Array) -> np.ndarray:
    """Ids as UTF-8 byte strings, for sorting and binary search."""
    if pa.types.is_string(ids.type) and len(ids) and not ids.null_count:
        offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32)[ids.offset : ids.offset + len(ids) + 1]
        width = int(offsets[1] - offsets[0])
        if width > 0 and np.all(np.diff(offsets) == width):  # ids of one length: read in place
            data = np.frombuffer(ids.buffers()[2], dtype=np.uint8)
            block = data[offsets[0] : offsets[-1]]
            return block.view(f"S{width}").copy()
    binary = ids.fill_null("").cast(pa.binary())
    return np.asarray(binary.to_numpy(zero_copy_only=False)).astype("S")


class Problems:
    """Why rows of a chunk cannot be scored: a message code per row (0: none) and the messages."""

    def __init__(self, rows: int) -> None:
        self.code = np.zeros(rows, dtype=np.int16)
        self.messages: list[str | None] = [None]

    def set(self, rows: Mask | np.ndarray, message: str) -> None:
        """Give these rows (a mask or indices) this problem."""
        if message not in self.messages:
            self.messages.append(message)
        self.code[rows] = self.messages.index(message)

    def refuse(self, problems: Iterable[tuple[Mask, str]]) -> None:
        """Give each mask's rows its problem, in order."""
        for rows, message in problems:
            self.set(rows, message)

    def ok(self) -> Mask:
        """The rows without a problem."""
        none: Mask = self.code == 0
        return none

    def text(self, row: int) -> str | None:
        """One row's problem."""
        return self.messages[int(self.code[row])]

    def column(self) -> pa.Array:
        """Every row's problem as a text column (null where none)."""
        return pa.DictionaryArray.from_arrays(pa.array(self.code.astype(np.int32)),
                                              pa.array(self.messages, pa.string())).cast(pa.string())


def labels_of(code: np.ndarray, labels: list[str]) -> pa.Array:
    """A text column from a code per row (-1: null) and the labels."""
    indices = pa.array(code.astype(np.int32), mask=code < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(labels, pa.string())).cast(pa.string())


def take_of(arr: Any, rows: np.ndarray) -> Any:
    """Some rows of a column that may be absent (``None``)."""
    return None if arr is None else arr.take(pa.array(rows))


def put(acc: Ints, rows: np.ndarray, values: Ints) -> Ints:
    """``acc[rows] = values``, widening ``acc`` to Python ints if the values need it."""
    if values.dtype == object and acc.dtype != object:
        acc = acc.astype(object)
    acc[rows] = values
    return acc


def add_at(acc: Ints, rows: np.ndarray, values: Ints) -> Ints:
    """``acc[rows] += values`` (rows may repeat), widening ``acc`` if the values need it."""
    if values.dtype == object and acc.dtype != object:
        acc = acc.astype(object)
    np.add.at(acc, rows, values)
    return acc


def steps_of(values: list[Decimal], step: Decimal) -> Ints:
    """Decimals on the step grid as counts of steps."""
    return as_int64(np.array([int(v / step) for v in values], dtype=object))


def decimal_array(unscaled: Ints, scale: int, valid: Mask) -> pa.Array:
    """A decimal128 column from integers at ``10**-scale`` (nulls where not ``valid``)."""
    kind = pa.decimal128(38, scale)
    if unscaled.dtype == object:
        values = [Decimal(int(v)).scaleb(-scale) if ok else None
                  for v, ok in zip(unscaled.tolist(), valid.tolist(), strict=True)]
        return pa.array(values, kind)
    low = np.ascontiguousarray(unscaled, dtype=np.int64)
    words = np.stack([low, low >> 63], axis=1)
    ok = np.broadcast_to(np.asarray(valid, dtype=bool), low.shape)
    bits = None if ok.all() else pa.py_buffer(np.packbits(ok, bitorder="little"))  # validity
    return pa.Array.from_buffers(kind, len(low), [bits, pa.py_buffer(words)])
