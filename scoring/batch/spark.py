"""``score_spark``: the batch kernel inside Spark, through ``DataFrame.mapInArrow``.

Needs the ``spark`` extra (``pip install 'jixiao[spark]'``: pyspark, with a Java runtime) and
jixiao installed on every executor::

    from pyspark.sql import SparkSession
    from scoring.batch.spark import score_spark

    spark = SparkSession.builder.getOrCreate()
    forms = spark.read.table("perf.forms")               # or spark.read.parquet(…)
    indicators = spark.read.table("perf.indicators")
    score_spark(forms, indicators).write.saveAsTable("perf.scores")

Spark does the moving: indicator rows are numbered in table order (for the messages),
left-joined to their form on the trimmed ``form_id`` and repartitioned on it, so that every
row of a form is in one partition; ``mapInArrow`` hands each partition's Arrow batches to ``score_batch``
(scoring/batch/arrow.py), which returns one row per form. The result has the rows and columns
of ``jixiao batch`` (``result_ddl``); tests/batch/test_batch_spark.py checks it equals ``jixiao
batch`` row for row wherever pyspark and a Java runtime are installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from scoring.batch.arrow import default_scale, result_schema, score_batch
from scoring.batch.score import FORM_COLUMNS, INDICATOR_COLUMNS
from scoring.errors import BatchError
from scoring.rulebook.load import load_named_rulebook
from scoring.rulebook.model import Rulebook

__all__ = ["result_ddl", "score_spark"]

_SPARK_TYPES = {"string": "string", "int64": "bigint", "bool": "boolean"}
PARTITION_BITS = 33
"""``monotonically_increasing_id`` puts the partition index above the low 33 bits."""


def result_ddl(reported_total: bool, scale: int | None = None) -> str:
    """The Spark schema (DDL) of the result: ``result_schema`` in Spark's words."""
    fields = []
    for field in result_schema(reported_total, scale):
        kind = field.type
        spark = f"decimal(38,{kind.scale})" if pa.types.is_decimal(kind) else _SPARK_TYPES[str(kind)]
        fields.append(f"{field.name} {spark}")
    return ", ".join(fields)


def _scorer(
    rulebook: Rulebook | None, scale: int
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def score_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """A partition's joined rows (every row of its forms) in, its forms' results out."""
        parts = list(batches)
        if not parts:
            return
        result = score_batch(pa.Table.from_batches(parts), rulebook, scale)
        if result.num_rows:
            yield result

    return score_partition


def _numbered(indicators: DataFrame) -> DataFrame:
    """The indicator rows with ``row``: their 1-based number in table order, from each
    partition's count (one small job) and each row's place in its partition."""
    if "row" in indicators.columns:
        return indicators
    tagged = indicators.withColumn("_part", F.spark_partition_id()).withColumn(
        "_id", F.monotonically_increasing_id()
    )
    counts: dict[int, int] = {int(p): int(c) for p, c in tagged.groupBy("_part").count().collect()}
    offsets, total = [], 0
    for part in range(max(counts, default=-1) + 1):
        offsets.append(total)
        total += counts.get(part, 0)
    if not offsets:
        return indicators.withColumn("row", F.lit(None).cast("bigint"))
    start = F.array(*[F.lit(o).cast("bigint") for o in offsets])[F.col("_part")]
    place = F.col("_id") - F.shiftleft(F.col("_part").cast("bigint"), PARTITION_BITS)
    numbered: DataFrame = tagged.withColumn("row", start + place + 1).drop("_part", "_id")
    return numbered


def _trimmed(frame: DataFrame) -> DataFrame:
    """``form_id`` as text without surrounding white space, as ``jixiao batch`` matches it."""
    text = F.col("form_id").cast("string")
    trimmed: DataFrame = frame.withColumn("form_id", F.regexp_replace(text, r"(?U)^\s+|\s+$", ""))
    return trimmed


def score_spark(
    forms: DataFrame,
    indicators: DataFrame,
    rulebook: Rulebook | str | None = None,
    partitions: int | None = None,
) -> DataFrame:
    """A Spark DataFrame of the forms' results, one row per form (``result_ddl``).

    ``forms`` and ``indicators`` are the two tables of ``jixiao batch`` (scoring/batch);
    ``rulebook`` (a builtin id, a file, or a ``Rulebook``) scores every form under it;
    ``partitions`` sets the number of partitions scored (default: the session's shuffle
    partitions). A ``row`` column of ``indicators`` is used as the rows' numbers instead of
    their order.
    """
    for name, frame in (("forms", forms), ("indicators", indicators)):
        if "form_id" not in frame.columns:
            raise BatchError(f"the {name} table has no 'form_id' column")
    book = load_named_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    heads = [c for c in FORM_COLUMNS if c in forms.columns]
    rows = _numbered(indicators)
    rows = rows.select(*[c for c in ["form_id", "row", *INDICATOR_COLUMNS[1:]] if c in rows.columns])
    joined = _trimmed(forms.select(*heads)).join(_trimmed(rows), on="form_id", how="left")
    spread: Any = (joined.repartition(partitions, "form_id") if partitions
                   else joined.repartition("form_id"))  # fmt: skip
    scale = default_scale(book)
    scored: DataFrame = spread.mapInArrow(
        _scorer(book, scale), result_ddl("reported_total" in heads, scale)
    )
    return scored
