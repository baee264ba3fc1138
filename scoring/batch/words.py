"""The rulebook's words on columns: comparators inferred for rows printed without one, and how a
qualitative row's actual reads (engine/direction.py and engine/qualitative.py, once per distinct
combination of texts, so a million rows cost as many look-ups as they have distinct texts)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scoring.batch.columns import codes
from scoring.batch.support import take_of
from scoring.engine.direction import infer_direction
from scoring.engine.qualitative import read_words
from scoring.rulebook.model import Rulebook

__all__ = ["LOOSE", "SETTLED", "UNKNOWN", "inferred_ops", "readings"]

SETTLED, LOOSE, UNKNOWN = 0, 1, 2
"""How a qualitative row's grade is read: by the form or a cited word (its band is checked), by
its target or an assumed word (a printed score stands, within 0–weight), or not at all."""


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
