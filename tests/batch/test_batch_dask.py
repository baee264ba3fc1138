"""``score_dask`` on a two-worker ``LocalCluster`` equals ``jixiao batch`` row for row."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch import Row, _columns, _tables, form

from scoring.batch.dask import score_dask
from scoring.cli.main import main
from scoring.errors import BatchError


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two single-threaded workers in this process: the scheduler, the shuffle and the
    partition tasks are Dask's own, as on a real cluster."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):  # fmt: skip
        yield c


def _cli(folder: Path, rulebook: str | None = None) -> list[dict[str, Any]]:
    args = ["batch", str(folder), "--out", str(folder / "out.parquet")]
    result = CliRunner().invoke(main, [*args, *(["--rulebook", rulebook] if rulebook else [])])
    assert result.exit_code in (0, 2), result.output
    return sorted(pq.read_table(folder / "out.parquet").to_pylist(), key=lambda r: r["form_id"])


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return sorted(table.to_pylist(), key=lambda r: r["form_id"])


def _frame(table: pa.Table, parts: int) -> dd.DataFrame:
    return dd.from_pandas(table.to_pandas(types_mapper=pd.ArrowDtype), npartitions=parts, sort=False)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(form(), min_size=1, max_size=8), st.integers(0, 2**32), st.integers(1, 4))
def test_dask_equals_jixiao_batch_row_for_row(
    client: Client, tmp_path_factory: pytest.TempPathFactory,
    forms: list[tuple[Row, list[Row]]], seed: int, parts: int,
) -> None:  # fmt: skip
    heads, rows = _tables(forms, seed)
    heads = pa.concat_tables([heads, pa.Table.from_pylist(  # a form without indicator rows
        [{"form_id": "lonely", "budget": "1", "executed": "1", "rulebook": "hubei-2022"}],
        schema=heads.schema)])  # fmt: skip
    indicators = _columns(rows)
    folder = tmp_path_factory.mktemp("tables")
    pq.write_table(heads, folder / "forms.parquet")
    pq.write_table(indicators, folder / "indicators.parquet")
    result = score_dask(_frame(heads, 1), _frame(indicators, parts), partitions=parts)
    assert _rows(result.compute()) == _cli(folder)


def _decimal_tables(folder: Path, forms: int) -> None:
    """Decimal and integer columns as a warehouse exports them, some cells and rows wrong."""
    rng = random.Random(7)
    ids = [f"F{i:04d}" for i in range(forms)]
    pq.write_table(pa.table({
        "form_id": ids,
        "rulebook": [["hubei-2022", "central-2020"][i % 2] for i in range(forms)],
        "budget": pa.array([rng.randint(0, 10**6) for _ in ids], pa.decimal128(12, 2)).cast(
            pa.decimal128(14, 2)),
        "executed": pa.array([rng.randint(0, 10**6) for _ in ids], pa.decimal128(14, 2)),
        "reported_total": pa.array([rng.choice([None, 80, 95]) for _ in ids], pa.decimal128(5, 2)),
    }), folder / "forms.parquet")  # fmt: skip
    rows: dict[str, list[Any]] = {k: [] for k in ("form_id", "level1", "weight", "op", "target",
                                                    "actual", "kind", "grade", "reported_score")}  # fmt: skip
    for _ in range(forms * 8):
        qualitative = rng.random() < 0.3
        rows["form_id"].append(rng.choice([*ids, "nobody"]))
        rows["level1"].append(rng.choice(["产出指标", "效益指标", "满意度指标"]))
        rows["weight"].append(rng.choice(["10", "12.5", "20", "x"]))
        rows["op"].append(rng.choice([">=", "<=", "=", "≥", None]))
        rows["target"].append("按期完成" if qualitative else str(rng.randint(0, 100)))
        rows["actual"].append(rng.choice(["完成", "部分完成"]) if qualitative else str(rng.randint(-5, 120)))
        rows["kind"].append("qualitative" if qualitative else None)
        rows["grade"].append(None)
        rows["reported_score"].append(rng.choice([None, "8", "9.5"]))
    writer_rows = pa.table(rows)
    pq.write_table(writer_rows, folder / "indicators.parquet", row_group_size=len(writer_rows) // 3)


def test_dask_reads_warehouse_parquet_and_equals_jixiao_batch(client: Client, tmp_path: Path) -> None:
    _decimal_tables(tmp_path, 60)
    forms = dd.read_parquet(tmp_path / "forms.parquet", dtype_backend="pyarrow")
    indicators = dd.read_parquet(tmp_path / "indicators.parquet", dtype_backend="pyarrow",
                                 split_row_groups=True)  # fmt: skip
    got = _rows(score_dask(forms, indicators, partitions=3).compute())
    expected = _cli(tmp_path)
    assert got == expected
    assert any(r["error"] for r in got) and any(r["error"] is None for r in got)
    assert {r["rulebook"] for r in got} == {"hubei-2022", "central-2020"}
    under_one = _rows(score_dask(forms, indicators, "hubei-2022").compute())
    assert under_one == _cli(tmp_path, "hubei-2022")


def test_dask_refuses_tables_without_form_ids(client: Client) -> None:
    frame = dd.from_pandas(pd.DataFrame({"budget": ["1"]}), npartitions=1)
    with pytest.raises(BatchError, match="form_id"):
        score_dask(frame, frame)


def id_matching_tables(folder: Path) -> tuple[pa.Table, pa.Table]:
    """Forms and rows whose ids need trimming, a form without rows and a row without a form,
    written to ``folder`` as ``jixiao batch`` reads them."""
    forms = pa.table({"form_id": ["a", "b", "lonely"], "budget": ["10", "20", "1"],
                      "executed": ["5", "20", "1"], "rulebook": ["hubei-2022"] * 3})  # fmt: skip
    rows = _columns([
        {"form_id": " a ", "weight": "80", "op": ">=", "target": "4", "actual": "3"},
        {"form_id": "b", "weight": "80", "op": "<=", "target": "4", "actual": "5"},
        {"form_id": "nobody", "weight": "80", "op": "<=", "target": "4", "actual": "5"},
    ])  # fmt: skip
    pq.write_table(forms, folder / "forms.parquet")
    pq.write_table(rows, folder / "indicators.parquet")
    return forms, rows


def test_dask_matches_form_ids_as_jixiao_batch_does(client: Client, tmp_path: Path) -> None:
    """Ids are matched trimmed, and a form without rows or a row without a form is handled
    as ``jixiao batch`` handles it."""
    forms, rows = id_matching_tables(tmp_path)
    got = _rows(score_dask(_frame(forms, 2), _frame(rows, 2), partitions=3).compute())
    assert got == _cli(tmp_path)
    assert [r["indicators"] for r in got] == [1, 1, 0]
