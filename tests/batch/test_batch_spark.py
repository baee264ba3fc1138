"""``score_spark`` on a local Spark session equals ``jixiao batch`` row for row.

pyspark is part of the test environment (the ``test`` extra); Spark needs a Java runtime,
which ``.ci/run`` installs (default-jre-headless) when ``java`` is missing.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_batch_dask import _cli, _decimal_tables, id_matching_tables


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local two-core session, small and quiet."""
    assert shutil.which("java") or os.environ.get("JAVA_HOME"), (
        "Spark needs a Java runtime: .ci/run installs default-jre-headless"
    )
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this environment
    session = (
        SparkSession.builder.master("local[2]")
        .appName("jixiao-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _rows(frame: Any) -> list[dict[str, Any]]:
    return sorted((r.asDict() for r in frame.collect()), key=lambda r: r["form_id"])


def test_spark_equals_jixiao_batch_row_for_row(spark: Any, tmp_path: Path) -> None:
    from scoring.batch.spark import score_spark

    _decimal_tables(tmp_path, 60)
    forms = spark.read.parquet(str(tmp_path / "forms.parquet"))
    indicators = spark.read.parquet(str(tmp_path / "indicators.parquet"))
    got = _rows(score_spark(forms, indicators))
    assert got == _cli(tmp_path)
    assert any(r["error"] for r in got) and any(r["error"] is None for r in got)
    under_one = _rows(score_spark(forms, indicators, "hubei-2022", partitions=2))
    assert under_one == _cli(tmp_path, "hubei-2022")


def test_spark_schema_is_the_kernels() -> None:
    from scoring.batch.spark import result_ddl

    assert result_ddl(True, 2) == (
        "form_id string, rulebook string, execution_score decimal(38,2), "
        "indicator_total decimal(38,2), total decimal(38,2), grade string, indicators bigint, "
        "error string, total_matches boolean"
    )


def test_spark_matches_form_ids_as_jixiao_batch_does(spark: Any, tmp_path: Path) -> None:
    from scoring.batch.spark import score_spark

    id_matching_tables(tmp_path)
    got = _rows(score_spark(spark.read.parquet(str(tmp_path / "forms.parquet")),
                            spark.read.parquet(str(tmp_path / "indicators.parquet"))))  # fmt: skip
    assert got == _cli(tmp_path)
    assert [r["indicators"] for r in got] == [1, 1, 0]
