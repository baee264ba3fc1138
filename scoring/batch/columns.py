"""Table columns read exactly: decimal text or decimal types to scaled integers, codes to labels.

A number column becomes integers at one scale per column and chunk (``1,730.62`` and ``12`` →
173062 and 1200 at scale 2); strings are parsed from their digits by Arrow's decimal cast,
never through a float. Floating-point columns are refused: they cannot hold 0.1 exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.batch.exact import LIMIT, Ints, Mask, Q
from scoring.errors import BatchError
from scoring.limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS

__all__ = [
    "Codes",
    "Numbers",
    "codes",
    "distinct",
    "indices_of",
    "numbers",
    "odd_notation",
    "out_of_bounds",
    "refused_cells",
]

NUMBER = r"^-?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$"
"""A plain decimal as the forms print it: optional '-', 3-digit ',' groups, '.' decimals."""


ODD_NOTATION = (
    r"(?i)^[-+]?(?:(?:[0-9][0-9,]*\.?[0-9]*|\.[0-9]+)e[-+]?[0-9]+|nan|[-+]?inf(?:inity)?)$"
)
"""Numbers in a notation forms never print (``1e1``, ``NaN``, ``inf``): refused, not text."""


@dataclass(frozen=True, slots=True)
class Numbers:
    """A number column: integers at ``10**-scale``, which rows hold a number, which hold text."""

    ints: Ints
    scale: int
    present: Mask
    text: Mask

    def q(self) -> Q:
        """The column as exact rationals (rows without a number read as 0)."""
        return Q(self.ints, None, Fraction(1, 10**self.scale))

    def take(self, rows: np.ndarray) -> Numbers:
        """The same column restricted to some rows (``text`` is not carried along)."""
        present = self.present[rows]
        return Numbers(self.ints[rows], self.scale, present, np.broadcast_to(False, present.shape))


def _mask(arr: pa.Array) -> Mask:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _unscaled(arr: pa.Array) -> Ints:
    """The integers behind a decimal128 array (nulls read as 0), int64 when they all fit."""
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64).reshape(-1, 2)
    words = words[arr.offset : arr.offset + len(arr)]
    low = words[:, 0].copy()
    if arr.null_count:
        low[_mask(arr.is_null())] = 0  # the words under a null are undefined
    if arr.type.precision <= 18:  # below 10**18 < LIMIT: int64 by construction
        return low
    high = np.where(_mask(arr.is_null()), 0, words[:, 1]) if arr.null_count else words[:, 1]
    if np.array_equal(high, low >> 63) and (len(low) == 0 or int(np.abs(low).max()) < LIMIT):
        return low
    arr = arr.fill_null(pa.scalar(0, arr.type))
    return np.array([int(x.as_py().scaleb(arr.type.scale)) for x in arr], dtype=object)


def _normal(arr: pa.Array) -> pa.Array:
    """Trimmed and NFKC-folded, as the YAML path reads a value: full-width ``１０`` is 10."""
    return pc.utf8_normalize(pc.utf8_trim_whitespace(arr), form="NFKC")


def _from_text(arr: pa.Array) -> Numbers:
    trimmed = _normal(arr)
    empty = pc.fill_null(pc.equal(trimmed, ""), True)
    good = pc.fill_null(pc.match_substring_regex(trimmed, NUMBER), False)
    digits = pc.replace_substring(pc.if_else(good, trimmed, pa.scalar(None, arr.type)), ",", "")
    dot = pc.find_substring(digits, ".")
    places = pc.if_else(pc.greater_equal(dot, 0), pc.subtract(pc.utf8_length(digits), pc.add(dot, 1)), 0)
    scale = int(pc.max(places).as_py() or 0)
    try:
        try:  # 18 digits hold every realistic amount and fit int64 with no check
            ints = _unscaled(pc.cast(digits, pa.decimal128(18, scale)))
        except pa.ArrowInvalid:
            ints = _unscaled(pc.cast(digits, pa.decimal128(38, scale)))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # beyond 38 digits: Python's ints
        ints = np.array(
            [0 if s is None else int(Decimal(s).scaleb(scale)) for s in digits.to_pylist()],
            dtype=object,
        )
    present = _mask(good)
    return Numbers(ints, scale, present, ~present & ~_mask(empty))


def numbers(arr: pa.Array | pa.ChunkedArray | None, rows: int, name: str) -> Numbers:
    """Read a number column of any exact type; ``None`` (column absent) reads as all missing."""
    if arr is None or pa.types.is_null(arr.type):
        nothing = np.zeros(rows, dtype=bool)
        return Numbers(np.zeros(rows, dtype=np.int64), 0, nothing, nothing)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    kind = arr.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _from_text(arr.cast(pa.string()) if pa.types.is_large_string(kind) else arr)
    if pa.types.is_dictionary(kind):
        return numbers(arr.dictionary_decode(), rows, name)
    if pa.types.is_floating(kind):
        raise BatchError(
            f"column {name!r} is floating-point ({kind}), which cannot hold decimals such as 0.1 "
            "exactly; store it as decimal or as text"
        )
    present = ~_mask(arr.is_null())
    nothing = np.zeros(rows, dtype=bool)
    if pa.types.is_integer(kind):
        ints = np.asarray(arr.fill_null(0).to_numpy(), dtype=np.int64)
        return Numbers(ints, 0, present, nothing)
    if pa.types.is_decimal(kind):
        if kind.scale < 0:
            arr = arr.cast(pa.decimal128(38, 0))
        if pa.types.is_decimal256(kind) or kind.byte_width != 16:
            values = [0 if v is None else int(v.scaleb(kind.scale)) for v in arr.to_pylist()]
            return Numbers(np.array(values, dtype=object), max(kind.scale, 0), present, nothing)
        return Numbers(_unscaled(arr), kind.scale, present, nothing)
    raise BatchError(f"column {name!r} has type {kind}; expected decimal, integer or text")


def odd_notation(arr: pa.Array | pa.ChunkedArray | None, rows: int) -> Mask:
    """Rows of a text column holding a number in a notation forms never print (1e1, NaN, inf)."""
    if arr is None or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return np.zeros(rows, dtype=bool)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return _mask(pc.fill_null(pc.match_substring_regex(_normal(arr), ODD_NOTATION), False))


def refused_cells(
    weight: Numbers, target: Numbers, actual: Numbers, reported: Numbers, raw: dict[str, Any],
    rows: int,
) -> list[tuple[Mask, str]]:
    """Indicator cells refused with their row, as the YAML path refuses them: a negative
    weight, a number past the documented bounds, a target or actual in 1e1 / NaN / inf."""
    numeric = {"weight": weight, "target": target, "actual": actual, "reported_score": reported}
    found = [(weight.present & (weight.ints < 0), "weight is negative")]
    for name, col in numeric.items():
        found.append((out_of_bounds(col), f"{name} lies past the bounds of docs/limits.md"))
    for name in ("target", "actual"):
        found.append((odd_notation(raw[name], rows), f"{name} is a number in a notation forms "
                      "never print (1e1, NaN, inf): write it in plain digits"))  # fmt: skip
    return found


def out_of_bounds(col: Numbers) -> Mask:
    """Rows whose number lies past the documented bounds (scoring/limits.py), as the YAML path
    refuses them: too many digits before the point, or too many after it."""
    ints = col.ints
    too_large = np.abs(ints) >= 10 ** (MAX_INTEGER_DIGITS + col.scale)
    if col.scale > MAX_FRACTION_DIGITS:
        too_fine = (ints % 10 ** (col.scale - MAX_FRACTION_DIGITS)) != 0
        too_large = too_large | too_fine
    found: Mask = np.asarray(too_large, dtype=bool) & col.present
    return found


@dataclass(frozen=True, slots=True)
class Codes:
    """A low-cardinality text column: a code per row (-1 when empty) and the distinct labels."""

    code: np.ndarray
    labels: tuple[str, ...]

    def ints(
        self, table: dict[str, int], empty: int, unknown: int, key: Callable[[str], str] = str
    ) -> np.ndarray:
        """Each row's label (as ``key`` spells it) looked up in ``table``: ``empty`` for an empty
        cell, else ``unknown``."""
        values = np.array([table.get(key(s), unknown) for s in self.labels] + [empty],
                          dtype=np.int64)  # fmt: skip
        picked: np.ndarray = values[self.code]
        return picked


def distinct(arr: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Indices and distinct values of a column, reusing a dictionary the column already has."""
    if pa.types.is_dictionary(arr.type):
        return arr.indices, arr.dictionary
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = pc.cast(arr, pa.string())
    encoded = arr.dictionary_encode()
    return encoded.indices, encoded.dictionary


def indices_of(indices: pa.Array) -> np.ndarray:
    """Dictionary indices as int64, -1 for a null (filling nulls only where there are any:
    the fill copies the column)."""
    if indices.null_count:
        indices = indices.fill_null(-1)
    return np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64)


def codes(arr: pa.Array | pa.ChunkedArray | None, rows: int) -> Codes:
    """A text column as codes of its distinct trimmed labels (empty and null read as -1)."""
    if arr is None or pa.types.is_null(arr.type):
        return Codes(np.full(rows, -1, dtype=np.int64), ())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    indices, values = distinct(arr)
    labels: dict[str, int] = {}
    remap = np.full(len(values) + 1, -1, dtype=np.int64)  # the extra last entry: null indices
    for i, value in enumerate(values.to_pylist()):
        label = None if value is None else str(value).strip()
        if label:
            remap[i] = labels.setdefault(label, len(labels))
    index = indices_of(indices)
    return Codes(remap[index], tuple(labels))
