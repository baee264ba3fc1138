"""Level-1 blocks (一级指标) under rulebooks that fix their points (``indicators.structure``).

The engine rescales the rows of a block a form weighs otherwise than the rulebook, with
largest-remainder rounding inside the block (scoring/variants.py). Whether a form needs that
is known only once all its rows are seen, so the column path adds up each form's weight per
block as chunks go by; the forms that need rescaling are then scored per form by the engine
from a second pass over their rows (``TableScorer.second_pass``).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from scoring.batch.columns import Codes, Numbers
from scoring.batch.exact import Ints, Mask, times
from scoring.batch.support import add_at
from scoring.fold import fold

__all__ = ["Blocks"]

NO_LEVEL1 = "-"
"""The block of a row whose level1 cell is empty (as scoring/batch/reference.py names it)."""


class Blocks:
    """Each form's weight and row count per level-1 block, summed over chunks."""

    def __init__(self, forms: int) -> None:
        self.n = forms
        self.index: dict[str, int] = {}
        self.weight: list[Ints] = []
        self.count: list[np.ndarray] = []
        self.scale = 0

    def _block(self, label: str) -> int:
        if label not in self.index:
            self.index[label] = len(self.weight)
            self.weight.append(np.zeros(self.n, dtype=np.int64))
            self.count.append(np.zeros(self.n, dtype=np.int64))
        return self.index[label]

    def add(self, level1: Codes, rows: np.ndarray, form: np.ndarray, weight: Numbers) -> None:
        """Count ``rows`` of a chunk (indices) belonging to the forms numbered in ``form``."""
        if len(rows) == 0:
            return
        if weight.scale > self.scale:
            self.weight = [times(w, 10 ** (weight.scale - self.scale)) for w in self.weight]
            self.scale = weight.scale
        w = times(weight.ints[rows], 10 ** (self.scale - weight.scale))
        code = level1.code[rows]
        for i, label in enumerate((*level1.labels, NO_LEVEL1)):
            sel = code == (i if i < len(level1.labels) else -1)
            if sel.any():
                b = self._block(fold(label))  # 產出指標 is the rulebook's 产出指标
                self.weight[b] = add_at(self.weight[b], form[sel], w[sel])
                np.add.at(self.count[b], form[sel], 1)

    def rescaled(
        self, structure: dict[str, Decimal], fallbacks: dict[str, str], forms: np.ndarray
    ) -> Mask:
        """Which ``forms`` weigh a block otherwise than the rulebook (after its fallbacks)."""
        k = len(forms)
        structure = {fold(b): v for b, v in structure.items()}
        fallbacks = {fold(a): fold(to) for a, to in fallbacks.items()}
        places = max([self.scale, *(max(-v.as_tuple().exponent, 0) for v in structure.values())])  # type: ignore[operator]
        none = np.zeros(k, dtype=bool)
        present = {label: self.count[b][forms] > 0 for label, b in self.index.items()}
        expected = {blk: np.full(k, int(v.scaleb(places)), dtype=object) for blk, v in structure.items()}
        gone = {blk: np.zeros(k, dtype=bool) for blk in structure}
        for absent, to in fallbacks.items():
            if absent not in expected or to not in expected:
                continue
            moved = ~present.get(absent, none) & present.get(to, none) & ~gone[absent]
            expected[to] = expected[to] + np.where(moved, expected[absent], 0)
            gone[absent] |= moved
        need = np.zeros(k, dtype=bool)
        for blk, points in expected.items():
            if blk not in self.index:
                continue
            w = times(self.weight[self.index[blk]][forms], 10 ** (places - self.scale))
            need |= present[blk] & ~gone[blk] & (w > 0) & (w != points)
        return need
