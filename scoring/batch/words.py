"""The rulebook's words on columns: comparators inferred for rows printed without one, and how a
qualitative row's actual reads (engine/direction.py and engine/qualitative.py, once per distinct
combination of texts, so a million rows cost as many look-ups as they have distinct texts)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scoring.batch.columns import codes
from scoring.batch.kernels import LOOSE, OP_ALIASES, SETTLED, UNKNOWN
from scoring.batch.support import take_of
from scoring.engine.direction import infer_direction
from scoring.engine.qualitative import read_words
from scoring.fold import fold
from scoring.rulebook.model import Rulebook

__all__ = ["formula_of_rows", "grade_codes", "inferred_ops", "readings"]



def _distinct(columns: list[Any], rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Each row's index among the distinct combinations of the columns' texts, and those texts."""
    picked = [codes(take_of(c, rows), len(rows)) for c in columns]
    keys = np.stack([p.code for p in picked], axis=1) if len(rows) else np.zeros((0, len(picked)))
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    texts = [
        tuple("" if k < 0 else p.labels[int(k)] for p, k in zip(picked, key, strict=True))
        for key in unique
    ]
    return inverse.reshape(-1), texts


def grade_codes(column: Any, n: int, bands: dict[str, int]) -> np.ndarray:
    """The ``grade`` column as positions in ``bands``, folded (達成 is 达成): -1 for an empty
    cell, -2 for a word that is no grade."""
    folded = {fold(g): i for g, i in bands.items()}
    return codes(column, n).ints(folded, -1, -2, fold)


def formula_of_rows(
    rb: Rulebook, col: dict[str, Any], rows: np.ndarray, names: list[str], n: int
) -> np.ndarray:
    """Each row's formula as its index in ``names``: by the printed comparator (the ``op``
    column), else as the rulebook's direction words infer; -1 for a comparator not known."""
    ops = {str(k): v for k, v in rb.indicators.formulas.value.items()}
    table = {a: names.index(ops[op]) for a, op in OP_ALIASES.items() if op in ops}
    which: np.ndarray = codes(col["op"], n).ints(table, -2, -1)
    bare = np.flatnonzero(rows & (which == -2))
    which[bare] = inferred_ops(rb, col, bare, names)
    return which


def inferred_ops(
    rb: Rulebook, col: dict[str, Any], rows: np.ndarray, names: list[str]
) -> np.ndarray:
    """For rows printed without a comparator: the index in ``names`` of the formula the inferred
    comparator (or the default one) picks."""
    formulas = rb.indicators.formulas.value
    default = names.index(formulas[rb.indicators.default_op.value])
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    inverse, texts = _distinct([col.get("level1"), col.get("level2"), col.get("name")], rows)
    picks = []
    for level1, level2, name in texts:
        found = infer_direction(level1, level2, name, rb)
        picks.append(default if found is None else names.index(formulas[found.op]))
    chosen: np.ndarray = np.asarray(picks, dtype=np.int64)[inverse]
    return chosen


def readings(
    rb: Rulebook, col: dict[str, Any], rows: np.ndarray, bands: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """For qualitative rows with no grade column: each row's grade (position in ``bands``, -1
    for none) and how it was read (SETTLED, LOOSE or UNKNOWN)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    inverse, texts = _distinct([col.get("actual"), col.get("target")], rows)
    grades, hows = [], []
    for actual, target in texts:
        reading = read_words(actual, target, rb)
        grades.append(-1 if reading.grade is None else bands[reading.grade])
        hows.append({"word": SETTLED, "form": SETTLED, "unknown": UNKNOWN}.get(reading.how, LOOSE))
    return np.asarray(grades, dtype=np.int64)[inverse], np.asarray(hows, dtype=np.int64)[inverse]
