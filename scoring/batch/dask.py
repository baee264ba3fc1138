"""``score_dask``: the batch kernel on a Dask cluster, for tables that outgrow one machine.

Needs the ``dask`` extra (``pip install 'jixiao[dask]'``)::

    import dask.dataframe as dd
    from distributed import Client
    from scoring.batch.dask import score_dask

    client = Client("tcp://scheduler:8786")        # or a LocalCluster
    forms = dd.read_parquet("s3://…/forms/", dtype_backend="pyarrow")
    indicators = dd.read_parquet("s3://…/indicators/", dtype_backend="pyarrow")
    score_dask(forms, indicators).to_parquet("s3://…/scores/")

Dask does the moving: indicator rows are numbered in table order (for the messages), and
both tables are shuffled on the trimmed ``form_id``, so that a form and all its rows land in
the same partition; each pair of partitions is scored by ``score_pair``
(scoring/batch/arrow.py), the kernel taking the two tables apart. The result has the rows and
columns of ``jixiao batch`` (one row per form, in the order of the partitions);
tests/batch/test_batch_dask.py checks it equals ``jixiao batch`` row for row.
"""

from __future__ import annotations

import hashlib
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

from scoring.batch.arrow import default_scale, result_schema, score_batch, score_pair
from scoring.batch.score import FORM_COLUMNS, INDICATOR_COLUMNS
from scoring.errors import BatchError
from scoring.rulebook.load import load_named_rulebook
from scoring.rulebook.model import Rulebook

__all__ = ["score_dask", "score_partition"]


class _Rulebook:
    """A rulebook as a task argument: Dask names tasks by hashing their arguments, and a
    rulebook's hash is that of its full text (``repr``)."""

    def __init__(self, rulebook: Rulebook | None) -> None:
        self.rulebook = rulebook

    def __dask_tokenize__(self) -> str:
        return hashlib.sha256(repr(self.rulebook).encode("utf-8")).hexdigest()


def score_partition(frame: pd.DataFrame, rulebook: Rulebook | None, scale: int) -> pd.DataFrame:
    """One partition of joined rows scored: pandas in and out, Arrow in between (exact
    decimals and text survive, as Arrow-backed columns)."""
    return _score_partition(frame, _Rulebook(rulebook), scale)


def _score_partition(frame: pd.DataFrame, rulebook: _Rulebook, scale: int) -> pd.DataFrame:
    book = rulebook.rulebook
    table = pa.Table.from_pandas(frame, preserve_index=False)
    result = score_batch(table, book, scale)
    out: pd.DataFrame = result.to_pandas(types_mapper=pd.ArrowDtype)
    return out


def _score_parts(
    forms: pd.DataFrame, rows: pd.DataFrame, rulebook: _Rulebook, scale: int
) -> pd.DataFrame:
    """One partition of each table (the same form ids fall in the same partition), scored."""
    heads, lines = (pa.Table.from_pandas(f, preserve_index=False) for f in (forms, rows))
    out: pd.DataFrame = score_pair(heads, lines, rulebook.rulebook, scale).to_pandas(
        types_mapper=pd.ArrowDtype
    )
    return out


def _by_form(frame: dd.DataFrame, partitions: int, method: str | None) -> dd.DataFrame:
    """Shuffled on the trimmed form id, as text of one type, so that the two tables put the
    same form in the same partition."""
    key = frame["form_id"].astype(pd.ArrowDtype(pa.string())).str.strip()
    keyed: Any = frame.assign(form_id=key)
    shuffled: dd.DataFrame = keyed.shuffle("form_id", npartitions=partitions, shuffle_method=method)
    return shuffled


def _plain(frame: dd.DataFrame) -> dd.DataFrame:
    """Dictionary-encoded Arrow columns (as Parquet often stores text) decoded: Dask's shuffle
    cannot move them."""
    decoded = {
        name: pd.ArrowDtype(kind.pyarrow_dtype.value_type)
        for name, kind in frame.dtypes.items()
        if isinstance(kind, pd.ArrowDtype) and pa.types.is_dictionary(kind.pyarrow_dtype)
    }
    plain: dd.DataFrame = frame.astype(decoded) if decoded else frame
    return plain


def _numbered(indicators: dd.DataFrame) -> dd.DataFrame:
    """The indicator rows with ``row``: their 1-based number in table order (a running sum
    across partitions, which Dask computes without a second pass over the data)."""
    if "row" in indicators.columns:
        return indicators
    ones = indicators.assign(row=1)
    numbered: dd.DataFrame = ones.assign(row=ones["row"].cumsum().astype("Int64"))
    return numbered


def score_dask(
    forms: dd.DataFrame,
    indicators: dd.DataFrame,
    rulebook: Rulebook | str | None = None,
    partitions: int | None = None,
    shuffle_method: str | None = None,
) -> dd.DataFrame:
    """A lazy Dask DataFrame of the forms' results, one row per form (``result_schema``).

    ``forms`` and ``indicators`` are the two tables of ``jixiao batch`` (scoring/batch);
    ``rulebook`` (a builtin id, a file, or a ``Rulebook``) scores every form under it;
    ``partitions`` sets the number of partitions of the shuffle (default: the indicators');
    ``shuffle_method`` is Dask's (``"tasks"``, ``"p2p"``, ``"disk"``; default: Dask's choice).
    A ``row`` column of ``indicators`` is used as the rows' numbers instead of their order.
    """
    for name, frame in (("forms", forms), ("indicators", indicators)):
        if "form_id" not in frame.columns:
            raise BatchError(f"the {name} table has no 'form_id' column")
    book = load_named_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    heads = [c for c in FORM_COLUMNS if c in forms.columns]
    wanted = ["form_id", "row", *INDICATOR_COLUMNS[1:]]
    rows = _numbered(indicators)
    rows = _plain(rows[[c for c in wanted if c in rows.columns]])
    parts = partitions or rows.npartitions
    left = _by_form(_plain(forms[heads]), parts, shuffle_method)
    right = _by_form(rows, parts, shuffle_method)
    scale = default_scale(book)
    meta: Any = result_schema("reported_total" in heads, scale).empty_table().to_pandas(
        types_mapper=pd.ArrowDtype
    )
    partitionwise: Any = dd.map_partitions  # untyped in dask
    scored: dd.DataFrame = partitionwise(
        _score_parts, left, right, _Rulebook(book), scale, meta=meta, align_dataframes=False
    )
    return scored
