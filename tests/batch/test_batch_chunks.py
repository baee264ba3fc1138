"""The same Parquet table scored in one chunk and in many gives the same result.

Chunks cut from one Parquet row group see its dictionary of form ids grow chunk by chunk
(only the new ids are searched), and the rows of a form weighing a level-1 block otherwise
than its rulebook may be kept from the first pass or read again: none of it may change a
number.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.rulebook.load import load_builtin

BLOCKS = list(load_builtin("central-2020").indicators.structure.value.items())


def _form_rows(form_id: str, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for block, points in BLOCKS:
        share = points * rng.choice([1, 1, 1, Decimal("0.9")])  # some weigh a block otherwise
        for w in (share / 2, share / 2):
            rows.append({"form_id": form_id, "level1": block, "weight": str(w), "op": ">=",
                         "target": str(rng.randint(1, 9)), "actual": str(rng.randint(0, 12))})  # fmt: skip
    return rows


def _tables(folder: Path, forms: int, seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"F{i:05d}" for i in range(forms)]
    rows = [r for i in ids for r in _form_rows(i, rng)]
    # mostly together, some forms' rows moved elsewhere (scattered)
    for _ in range(len(rows) // 50):
        a, b = rng.randrange(len(rows)), rng.randrange(len(rows))
        rows[a], rows[b] = rows[b], rows[a]
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"form_id": ids, "rulebook": ["central-2020"] * forms,
                             "budget": ["100"] * forms, "executed": ["87.5"] * forms}),
                   folder / "forms.parquet")  # fmt: skip
    # one row group whose small dictionary page overflows: the rest is written plain, and the
    # reader's dictionary of ids grows chunk by chunk, as in large exports
    pq.write_table(pa.Table.from_pylist(rows), folder / "indicators.parquet",
                   row_group_size=len(rows), dictionary_pagesize_limit=2000)  # fmt: skip


def _run(folder: Path, chunk_rows: int) -> list[dict[str, Any]]:
    out = folder / f"out-{chunk_rows}.parquet"
    args = ["batch", str(folder), "--out", str(out), "--chunk-rows", str(chunk_rows)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 2), result.output
    return pq.read_table(out).to_pylist()


def test_one_chunk_or_many_give_the_same_numbers(tmp_path: Path) -> None:
    _tables(tmp_path, 700, seed=3)
    whole = _run(tmp_path, 1 << 18)
    assert _run(tmp_path, 1000) == whole
    assert any(r["error"] is None for r in whole)
