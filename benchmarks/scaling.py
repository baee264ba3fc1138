"""How the distributed path scales: ``score_dask`` on a LocalCluster of 1, 2, … worker processes.

    .venv/bin/python benchmarks/scaling.py [ROWS] [--workers 1,2]

Each run reads the generated Parquet tables (benchmarks/generate.py; the indicators cut into
eight files, as a warehouse exports a table) with ``dd.read_parquet``,
numbers, joins, shuffles and scores them (scoring/batch/dask.py) and writes the result to
Parquet. Reported per run: rows per second of wall time, and rows per CPU-second summed over
the workers and this (client) process; the CPU figure is what scaling costs, the wall figure
what it buys on the cores actually free. The cluster is started before the clock starts.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["scaling"]


METHOD = "tasks"


def _cpu() -> float:
    return time.process_time()


def _one(folder: Path, workers: int, out: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (workers + client) and forms scored, on ``workers`` workers."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from scoring.batch.dask import score_dask

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=None, memory_limit="2GiB") as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        client.run(lambda: __import__("scoring.batch.dask"))  # imports outside the clock
        before = sum(client.run(_cpu).values())
        start, mine = time.perf_counter(), time.process_time()
        forms = dd.read_parquet(folder / "forms.parquet", dtype_backend="pyarrow")
        rows = dd.read_parquet(_parts(folder), dtype_backend="pyarrow")
        shutil.rmtree(out, ignore_errors=True)
        score_dask(forms, rows, partitions=max(4, 2 * workers), shuffle_method=METHOD).to_parquet(out)
        wall = time.perf_counter() - start
        cpu = sum(client.run(_cpu).values()) - before + time.process_time() - mine
    scored = len(dd.read_parquet(out).compute())
    return wall, cpu, scored


def _parts(folder: Path, parts: int = 8) -> Path:
    """The indicators table as ``parts`` Parquet files in one folder (made once)."""
    import pyarrow.parquet as pq

    out = folder / "indicators-parts"
    if not (out / ".done").exists():
        out.mkdir(exist_ok=True)
        table = pq.read_table(folder / "indicators.parquet")
        step = -(-len(table) // parts)
        for i in range(parts):
            pq.write_table(table.slice(i * step, step), out / f"part-{i}.parquet",
                           store_decimal_as_integer=True)  # fmt: skip
        (out / ".done").touch()
    return out


def scaling(folder: Path, report: Callable[..., Any], workers: tuple[int, ...] = (1, 2)) -> None:
    """Report rows/s and rows per CPU-second for each number of workers."""
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(folder / "indicators.parquet").metadata.num_rows
    base = None
    for w in workers:
        wall, cpu, forms = _one(folder, w, folder.parent / f"dask-result-{w}")
        base = base or rows / wall
        report(
            f"dask: score_dask, {rows / 1e6:g} M rows, {w} worker(s)",
            f"{rows / wall / 1e6:.2f} M rows/s wall ({wall:.1f} s, {rows / wall / base:.2f}x of 1), "
            f"{rows / cpu / 1e6:.2f} M rows/CPU-s; {forms:,} forms",
        )


def _print(what: str, figure: str, *rest: str) -> None:
    print(f"  {what:<44} {figure}", flush=True)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 1_000_000
    counts = (1, 2)
    if "--workers" in sys.argv:
        counts = tuple(int(x) for x in sys.argv[sys.argv.index("--workers") + 1].split(","))
    from run import OUT, _generated

    OUT.mkdir(exist_ok=True)
    scaling(_generated("tables", OUT / f"tables-{count}", count, f"{count:,} rows"), _print, counts)
