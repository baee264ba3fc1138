"""The result's number columns: integer counts of score steps to decimal128 at one scale."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.batch.columns import Numbers
from scoring.batch.exact import Ints, Mask, times
from scoring.batch.support import decimal_array, put

__all__ = ["matches", "places", "step_decimals"]


def places(steps: list[Decimal]) -> int:
    """Decimal places enough for every one of these score steps."""
    return max((max(-int(s.as_tuple().exponent), 0) for s in steps), default=0)


def step_decimals(units: Ints, book: np.ndarray, valid: Mask, steps: list[Decimal], scale: int) -> pa.Array:
    """Counts of each row's rulebook step (``steps[book]``) as decimals at ``scale``."""
    unscaled: Ints = np.zeros(len(units), dtype=np.int64)
    for b, step in enumerate(steps):
        rows = np.flatnonzero((book == b) & valid)
        factor = step.scaleb(scale)
        assert factor == factor.to_integral_value()
        unscaled = put(unscaled, rows, times(units[rows], int(factor)))
    return decimal_array(unscaled, scale, valid)


def matches(reported: Numbers, total: pa.Array, ok: Mask, scale: int) -> pa.Array:
    """Whether each computed total equals the reported one (null where either is missing)."""
    r = reported
    stated = decimal_array(times(r.ints, 10**scale), scale + r.scale, r.present)
    computed = pc.cast(total, pa.decimal128(38, scale + r.scale))
    same = pc.equal(computed, stated)
    return pc.if_else(pa.array(ok & r.present), same, pa.scalar(None, pa.bool_()))
