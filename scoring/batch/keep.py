"""Rows kept from the first pass for forms whose level-1 blocks may need rescaling.

A form that weighs a level-1 block otherwise than its rulebook is scored per form by the
engine (scoring/batch/structure.py), which needs all its rows; whether a form does is known
only once every chunk was seen. Exports usually keep a form's rows together, so after each
chunk the forms of that chunk whose blocks are off *so far* are few (those that really are
off, and one cut by the chunk's end): their rows are kept here. At the end, a form that needs
rescaling and whose rows were all kept is scored from them, and a second pass over the table
is read only for the others. Past ``limit`` kept rows (rows of forms scattered over the
table), nothing more is kept and the second pass reads every such form again, as before.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scoring.batch.exact import Mask

__all__ = ["KEPT_ROWS", "Kept"]

KEPT_ROWS = 1 << 20
"""The most rows kept (about a chunk's memory four times over)."""


class Kept:
    """The kept rows (Arrow tables with each row's form number), and per form how many."""

    def __init__(self, forms: int, limit: int = KEPT_ROWS) -> None:
        self.count = np.zeros(forms, dtype=np.int64)
        self.parts: list[tuple[pa.Table, np.ndarray]] = []
        self.size = 0
        self.limit = limit
        self.full = False
        self.used = False

    @staticmethod
    def forms(forms: np.ndarray, failed: Mask) -> np.ndarray:
        """The distinct forms among ``forms`` that have not failed, in order."""
        mark = np.zeros(len(failed), dtype=bool)  # cheaper than np.unique of a chunk's rows
        mark[forms] = True
        distinct: np.ndarray = np.flatnonzero(mark & ~failed)
        return distinct

    def keep(self, chunk: pa.Table | pa.RecordBatch, names: list[str], form: np.ndarray,
             off: np.ndarray) -> None:  # fmt: skip
        """Keep the rows of ``chunk`` whose form (``form``, per row) is among ``off``."""
        if self.full or len(off) == 0:
            return
        rows = np.flatnonzero(np.isin(form, off))
        self.size += len(rows)
        if self.size > self.limit:
            self.full, self.parts = True, []
            return
        self.parts.append((chunk.select(names).take(pa.array(rows)), form[rows]))
        np.add.at(self.count, form[rows], 1)

    def complete(self, rows: np.ndarray) -> Mask:
        """The forms whose every row (``rows``: each form's row count) was kept."""
        whole: Mask = (self.count == rows) & (self.count > 0) & (not self.full)
        return whole
