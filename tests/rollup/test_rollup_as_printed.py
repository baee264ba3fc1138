"""Roll-ups of forms as printed: amounts in any unit are summed in 万元; a form whose score
cannot be computed from its printed cells is refused, not rolled up with a guess."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import scoring
from scoring.errors import AggregateError

SHAPES = Path(__file__).resolve().parents[2] / "tests" / "forms" / "shapes"


def test_members_in_yuan_and_wan_are_summed_in_wan() -> None:
    rollup = scoring.aggregate([SHAPES / "funds-units.yaml", SHAPES / "funds-in-yuan.yaml"])
    a, b = rollup.rollup.funds
    assert (a.value, b.value) == (Decimal(150), Decimal(142))  # 100 + 50, 90 + 52


@pytest.mark.parametrize("name", ["blank-cells.yaml", "excerpt-funds-only.yaml"])
def test_a_form_not_fully_computed_is_refused(name: str) -> None:
    with pytest.raises(AggregateError, match="cannot be rolled up exactly"):
        scoring.aggregate([SHAPES / name, SHAPES / "funds-units.yaml"])
