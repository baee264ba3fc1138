"""Forms whose level-1 blocks need rescaling are scored from rows kept in the first pass when
their rows were all kept, so the table is read again only for the others."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pyarrow as pa
from test_batch import _columns

from scoring.batch.keep import Kept
from scoring.batch.oracle import form_from_rows
from scoring.batch.score import TableScorer
from scoring.engine.score import score
from scoring.rulebook.load import load_builtin

CENTRAL = load_builtin("central-2020")
HEAD = {"budget": "100", "executed": "90", "rulebook": "central-2020"}


def _rows(form_id: str, blocks: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [{"form_id": form_id, "level1": block, "weight": w, "op": ">=", "target": "4",
             "actual": "3", "kind": ""}
            for block, weights in blocks.items() for w in weights]  # fmt: skip


def _structure(scale: Decimal) -> dict[str, list[str]]:
    """Every block of central-2020 split in two rows, ``scale`` times its points."""
    points = CENTRAL.indicators.structure.value
    return {b: [str(p * scale / 2), str(p * scale / 2)] for b, p in points.items()}


def _score(rows: list[dict[str, Any]], cuts: list[int], kept: int | None = None) -> tuple[Any, int]:
    forms = pa.table({"form_id": ["off", "fine"], **{k: [v, v] for k, v in HEAD.items()}})
    scorer = TableScorer(forms)
    if kept is not None:
        scorer.kept = Kept(len(forms), limit=kept)
    reads = 0

    def chunks() -> Iterable[pa.Table]:
        nonlocal reads
        reads += 1
        bounds = [0, *cuts, len(rows)]
        return [_columns(rows[a:b]) for a, b in pairwise(bounds)]

    for chunk in chunks():
        scorer.add(chunk)
    if scorer.second_pass():
        for chunk in chunks():
            scorer.add_again(chunk)
    return {r["form_id"]: r for r in scorer.finish().to_pylist()}, reads


def _engine(rows: list[dict[str, Any]], form_id: str) -> Decimal:
    mine = [r for r in rows if r["form_id"] == form_id]
    form = form_from_rows({"form_id": form_id, **HEAD}, mine, "central-2020")
    return score(form, CENTRAL).total.value


def test_a_form_with_its_rows_together_is_scored_without_a_second_read() -> None:
    rows = _rows("fine", _structure(Decimal(1))) + _rows("off", _structure(Decimal("0.8")))
    for cuts in ([], [3], [len(rows) // 2 + 1], [2, 9]):
        result, reads = _score(rows, cuts)
        assert reads == 1, cuts
        assert result["off"]["total"] == _engine(rows, "off")
        assert result["fine"]["total"] == _engine(rows, "fine")


def test_scattered_rows_or_too_many_kept_rows_take_the_second_read() -> None:
    # "off" looks right at the end of the first chunk (its blocks at their points), and one
    # more row of it comes in the second chunk: its first rows were not kept
    first = _rows("off", _structure(Decimal(1)))
    later = _rows("off", {next(iter(CENTRAL.indicators.structure.value)): ["5"]})
    scattered = [*first, *_rows("fine", _structure(Decimal(1))), *later]
    result, reads = _score(scattered, [len(first)])
    assert reads == 2
    assert result["off"]["total"] == _engine(scattered, "off")
    assert result["fine"]["total"] == _engine(scattered, "fine")
    together = _rows("off", _structure(Decimal("0.8"))) + _rows("fine", _structure(Decimal(1)))
    limited, reads = _score(together, [], kept=1)
    assert reads == 2
    assert limited["off"]["total"] == _engine(together, "off")
