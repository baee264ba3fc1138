"""The batch kernel as one Arrow function: joined rows in, one row per form out.

``score_batch(batch)`` takes a RecordBatch (or Table) of *joined* rows — each indicator row
carrying its form's columns — and returns a RecordBatch with one row per form, numbers equal
to ``jixiao batch`` on the same two tables. It holds no state between calls, so an engine
that moves Arrow data (Dask, Spark, a warehouse's Python UDFs) can call it on each partition,
provided every row of a form is in the same call: partition by ``form_id`` first
(scoring/batch/dask.py and scoring/batch/spark.py do).

Input columns (``JOINED_COLUMNS``; types as for ``jixiao batch``: decimal, integer or text):

==================  =======  =================================================================
column              needed   meaning
==================  =======  =================================================================
form_id             yes      the form
rulebook            no       the form's rulebook id, else the ``rulebook`` argument
budget, executed    yes      the form's 预算数 and 执行数 (the same on every row of a form)
reported_total      no       the total the form prints (then ``total_matches`` is given)
row                 no       the row's number in the indicators table, named in messages;
                             null: a form with no indicator row (as a left join leaves it)
level1 … grade,     no       the indicator columns of ``jixiao batch`` (scoring/batch)
reported_score
==================  =======  =================================================================

Output columns (``result_schema``): ``form_id``, ``rulebook``, ``execution_score``,
``indicator_total``, ``total`` (decimal128(38, scale)), ``grade``, ``indicators`` (int64),
``error`` and, when the input has ``reported_total``, ``total_matches`` (bool). Forms come out
in the order of their first row. A form whose form columns differ between its rows is not
scored (``error`` says so).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.batch.score import FORM_COLUMNS, INDICATOR_COLUMNS, TableScorer
from scoring.batch.support import ids_of
from scoring.errors import BatchError
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.model import Rulebook

__all__ = ["JOINED_COLUMNS", "default_scale", "result_schema", "score_batch", "score_pair"]

JOINED_COLUMNS = (*FORM_COLUMNS, "row", *INDICATOR_COLUMNS[1:])
"""The columns ``score_batch`` reads; the others are ignored."""
DIFFERING = "the form's columns (budget, executed, rulebook, reported_total) differ between its rows"


def _places(step: Decimal) -> int:
    exponent = step.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(-exponent, 0)


@cache
def _builtin_scale() -> int:
    return max(_places(load_builtin(name).rounding.score_step.value) for name in builtin_ids())


def default_scale(rulebook: Rulebook | None = None) -> int:
    """Decimal places of the output numbers: enough for every builtin rulebook's score step
    (and ``rulebook``'s), so that every call gives the same schema."""
    own = 0 if rulebook is None else _places(rulebook.rounding.score_step.value)
    return max(_builtin_scale(), own)


def result_schema(reported_total: bool, scale: int | None = None) -> pa.Schema:
    """The schema of ``score_batch``'s result (``scale`` defaults to ``default_scale()``)."""
    number = pa.decimal128(38, default_scale() if scale is None else scale)
    fields = [
        ("form_id", pa.string()),
        ("rulebook", pa.string()),
        ("execution_score", number),
        ("indicator_total", number),
        ("total", number),
        ("grade", pa.string()),
        ("indicators", pa.int64()),
        ("error", pa.string()),
    ]
    if reported_total:
        fields.append(("total_matches", pa.bool_()))
    return pa.schema(fields)


def _first_rows(ids: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Each row's form (numbered by first appearance) and the first row of each form."""
    encoded = ids.dictionary_encode()
    form = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    first = np.full(len(encoded.dictionary), len(form), dtype=np.int64)
    np.minimum.at(first, form, np.arange(len(form), dtype=np.int64))
    return form, first


def _differing(table: pa.Table, names: list[str], form: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Which forms have a form column whose value is not the same on all their rows."""
    bad = np.zeros(len(first), dtype=bool)
    for name in names:
        col = table.column(name).combine_chunks()
        if pa.types.is_dictionary(col.type):
            col = col.dictionary_decode()
        head = col.take(pa.array(first[form]))
        same = pc.fill_null(pc.equal(col, head), False)
        both_null = pc.and_(pc.is_null(col), pc.is_null(head))
        differ = ~np.asarray(pc.or_(same, both_null).to_numpy(zero_copy_only=False), dtype=bool)
        bad[form[differ]] = True
    return bad


def _row_numbers(table: pa.Table) -> tuple[pa.Table, np.ndarray]:
    """The indicator rows (a null ``row`` marks a form without any) and their numbers."""
    if "row" not in table.schema.names:
        return table, np.arange(1, table.num_rows + 1, dtype=np.int64)
    row = table.column("row").combine_chunks()
    if not (pa.types.is_integer(row.type) or pa.types.is_floating(row.type)):
        raise BatchError(f"column 'row' has type {row.type}; expected integers")
    present = pc.is_valid(row)
    kept = table.filter(present)
    numbers = np.asarray(row.filter(present).cast(pa.int64()).to_numpy(zero_copy_only=False))
    return kept, numbers


def score_batch(
    batch: pa.RecordBatch | pa.Table, rulebook: Rulebook | None = None, scale: int | None = None
) -> pa.RecordBatch:
    """Score the forms whose joined rows are in ``batch`` (all rows of each form).

    ``rulebook`` scores every form under one rulebook, as ``jixiao batch --rulebook``; else
    each form's ``rulebook`` column names it. Raises ``BatchError`` for a table that cannot be
    scored at all (a missing or floating-point column); a form that cannot be scored gets a
    row with its ``error``.
    """
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    names = table.schema.names
    for needed in ("form_id", "budget", "executed"):
        if needed not in names:
            raise BatchError(f"the joined table has no {needed!r} column")
    schema = result_schema("reported_total" in names, default_scale(rulebook) if scale is None else scale)
    table = table.filter(pc.is_valid(table.column("form_id")))  # rows of no form: not scored
    if table.num_rows == 0:
        return pa.RecordBatch.from_pylist([], schema=schema)
    form, first = _first_rows(ids_of(table.column("form_id")))
    heads = [c for c in FORM_COLUMNS if c in names]
    forms = table.select(heads).take(pa.array(first))
    scorer = TableScorer(forms, rulebook)
    scorer.reject(_differing(table, heads[1:], form, first), DIFFERING)
    return _scored(scorer, table.select([c for c in JOINED_COLUMNS if c in names]), schema)


def score_pair(
    forms: pa.Table, rows: pa.Table, rulebook: Rulebook | None = None, scale: int | None = None
) -> pa.RecordBatch:
    """The same result from the two tables of ``jixiao batch`` apart: ``forms`` (each form
    once) and the indicator ``rows`` of those forms (all of them; ``row`` numbers them), as
    an engine that partitioned both on ``form_id`` holds them. A form without rows is not
    scored; a row naming no form of ``forms`` is left out."""
    names = forms.schema.names
    schema = result_schema("reported_total" in names, default_scale(rulebook) if scale is None else scale)
    if forms.num_rows == 0:
        return pa.RecordBatch.from_pylist([], schema=schema)
    scorer = TableScorer(forms.select([c for c in FORM_COLUMNS if c in names]), rulebook)
    return _scored(scorer, rows.select([c for c in JOINED_COLUMNS if c in rows.schema.names]), schema)


def _scored(scorer: TableScorer, rows: pa.Table, schema: pa.Schema) -> pa.RecordBatch:
    """Add the indicator rows (a null ``row``: none) to ``scorer``, and its result as ``schema``."""
    rows, numbers = _row_numbers(rows)
    if rows.num_rows:
        scorer.add(rows, row_numbers=numbers)
        if scorer.second_pass():
            scorer.add_again(rows)
    result = scorer.finish()
    if scorer.scale > schema.field("total").type.scale:
        raise BatchError(f"scores need {scorer.scale} decimal places; give scale={scorer.scale}")
    return result.cast(schema).combine_chunks().to_batches()[0]
