"""``score_batch``: joined rows in, one row per form out, equal to the two-table batch path."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch import Row, _columns, _tables, form

from scoring.batch.arrow import DIFFERING, result_schema, score_batch, score_pair
from scoring.batch.score import score_tables
from scoring.errors import BatchError
from scoring.rulebook.load import load_builtin


def joined(forms: pa.Table, rows: pa.Table, numbers: bool = True) -> pa.Table:
    """The forms left-joined to their numbered indicator rows, as a warehouse would."""
    if numbers:
        rows = rows.append_column("row", pa.array(range(1, len(rows) + 1), pa.int64()))
    return forms.join(rows, "form_id", join_type="left outer")


def _two_tables(forms: pa.Table, rows: pa.Table) -> list[dict[str, Any]]:
    result, _ = score_tables(forms, lambda: [rows])
    return sorted(result.to_pylist(), key=lambda r: r["form_id"])


def _kernel(table: pa.Table, seed: int) -> list[dict[str, Any]]:
    order = list(range(len(table)))
    random.Random(seed).shuffle(order)  # the order of joined rows does not matter
    out = score_batch(table.take(pa.array(order, pa.int64())))
    assert out.schema == result_schema("reported_total" in table.schema.names)
    return sorted(out.to_pylist(), key=lambda r: r["form_id"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(form(), min_size=1, max_size=6), st.integers(0, 2**32), st.booleans())
def test_the_kernel_equals_the_two_table_path(
    forms: list[tuple[Row, list[Row]]], seed: int, empty_form: bool
) -> None:
    heads, rows = _tables(forms, seed)
    if empty_form:  # a form without indicator rows: a left join leaves it one null row
        heads = pa.concat_tables([heads, pa.Table.from_pylist(
            [{"form_id": "lonely", "budget": "1", "executed": "1", "rulebook": "hubei-2022"}],
            schema=heads.schema)])  # fmt: skip
    table = _columns(rows)
    assert _kernel(joined(heads, table), seed) == _two_tables(heads, table)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(form(), min_size=1, max_size=6), st.integers(0, 2**32))
def test_the_two_table_kernel_equals_the_two_table_path(
    forms: list[tuple[Row, list[Row]]], seed: int
) -> None:
    heads, rows = _tables(forms, seed)
    table = _columns(rows)
    numbered = table.append_column("row", pa.array(range(1, len(table) + 1), pa.int64()))
    got = sorted(score_pair(heads, numbered).to_pylist(), key=lambda r: r["form_id"])
    assert got == _two_tables(heads, table)


def test_rows_are_named_by_their_row_column_or_their_place() -> None:
    forms = pa.table({"form_id": ["a"], "budget": ["10"], "executed": ["5"],
                      "rulebook": ["hubei-2022"]})  # fmt: skip
    rows = _columns([{"form_id": "a", "weight": "x", "target": "1", "actual": "1"}])
    numbered = joined(forms, rows).set_column(
        joined(forms, rows).schema.get_field_index("row"), "row", pa.array([42], pa.int64())
    )
    assert "indicator row 42:" in score_batch(numbered).to_pylist()[0]["error"]
    assert "indicator row 1:" in score_batch(joined(forms, rows, numbers=False)).to_pylist()[0]["error"]


def test_a_form_whose_columns_differ_between_rows_is_not_scored() -> None:
    rows = [{"form_id": "a", "weight": "10", "op": ">=", "target": "1", "actual": "1"}] * 2
    table = joined(pa.table({"form_id": ["a"], "budget": ["10"], "executed": ["5"]}), _columns(rows))
    budget = table.schema.get_field_index("budget")
    table = table.set_column(budget, "budget", pa.array(["10", "11"]))
    (got,) = score_batch(table, load_builtin("hubei-2022")).to_pylist()
    assert got["error"] == DIFFERING and got["total"] is None
    same = table.set_column(budget, "budget", pa.array(["10", "10"]))
    (ok,) = score_batch(same, load_builtin("hubei-2022")).to_pylist()
    assert ok["error"] is None and ok["total"] == Decimal("30.00")


def test_an_empty_batch_gives_an_empty_result_of_the_same_schema() -> None:
    schema = pa.schema([("form_id", pa.string()), ("budget", pa.string()),
                        ("executed", pa.string()), ("weight", pa.string())])  # fmt: skip
    out = score_batch(pa.RecordBatch.from_pylist([], schema=schema))
    assert out.num_rows == 0 and out.schema == result_schema(False)


def test_a_batch_without_the_form_columns_is_refused() -> None:
    with pytest.raises(BatchError, match="budget"):
        score_batch(pa.table({"form_id": ["a"], "executed": ["1"]}))
