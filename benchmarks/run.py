"""Every performance figure of jixiao in one run on one machine, with the targets beside them.

    .venv/bin/python benchmarks/run.py            # the full run (make bench): 10 000 forms, 10 M rows
    .venv/bin/python benchmarks/run.py --quick    # a smaller run, about a minute

Prints the machine, then: cold ``jixiao verify`` of the seed's forms (median of repeated fresh
processes); ``jixiao verify DIR`` over synthetic forms (forms/s end to end, parallel and one
worker); ``jixiao batch`` over synthetic tables (rows per CPU-second end to end, against
decoding the same Parquet columns alone, peak memory at two sizes and its slope);
scoring alone on one core, in memory, against (a) the same formulas per indicator with sympy
``subs``/``evalf``, (b) a pandas row-wise ``apply`` of the exact per-row formulas and (c) the
floor: the same formulas in raw numpy float64 without any check; and ``score_dask`` on 1 and 2
worker processes (benchmarks/scaling.py). Inputs are generated once from
a fixed seed into benchmarks/out/ (benchmarks/generate.py) and reused.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
SEED_FORMS = ROOT / "indicators" / "wuchang-bigdata-2022"
sys.path.insert(0, str(HERE))

Row = tuple[str, str, str, str]
rows_out: list[Row] = []


def report(what: str, figure: str, target: str = "", verdict: str = "") -> None:
    """Print one figure as a row of the final table (and right away)."""
    rows_out.append((what, figure, target, verdict))
    print(f"  {what:<44} {figure:<46} {target:<16} {verdict}", flush=True)


def verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    """``met`` or how far a figure is from its target."""
    ok = value >= target if higher_is_better else value <= target
    if ok:
        return "met"
    ratio = target / value if higher_is_better else value / target
    return f"MISSED ({ratio:.1f}x off)" if ratio >= 1.5 else f"MISSED ({(ratio - 1) * 100:.0f}% off)"


def machine() -> None:
    import numpy
    import pyarrow

    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()} {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, numpy {numpy.__version__}, "
        f"pyarrow {pyarrow.__version__}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def _run(args: list[str], **kw: Any) -> tuple[float, int]:
    wall, code, _ = _measured(args, **kw)
    return wall, code


def _measured(args: list[str], **kw: Any) -> tuple[float, int, Any]:
    """Wall time, exit code and resource usage (CPU, peak memory) of one command's process."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, child.returncode, usage


def cold_cli(runs: int) -> None:
    """Median wall time of fresh ``jixiao verify`` processes on the seed's seven forms."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    args = [str(BIN / "jixiao"), "verify", str(SEED_FORMS)]
    _run(args, env=env)  # once, so the bytecode caches exist as after any install
    runs_ = [_measured(args, env=env) for _ in range(runs)]
    times = [wall for wall, _, _ in runs_]
    cpu = statistics.median(u.ru_utime + u.ru_stime for _, _, u in runs_)
    med = statistics.median(times)
    report(
        "cold CLI: jixiao verify (the seed's 7 forms)",
        f"CPU {cpu:.3f} s median; wall median {med:.3f} s (min {min(times):.3f}, "
        f"max {max(times):.3f}; {runs} runs)",
        "<= 0.200 CPU-s",
        verdict(cpu, 0.2, higher_is_better=False),
    )


def directory(n: int) -> None:
    """``jixiao verify DIR`` over ``n`` synthetic forms: all workers, then one worker."""
    folder = _generated("forms", OUT / f"forms-{n}", n, f"{n} forms")
    jixiao = str(BIN / "jixiao")
    wall, code, usage = _measured([jixiao, "verify", "--format", "jsonl", str(folder)])
    assert code in (0, 1), f"verify exited {code}"
    one, _ = _run([jixiao, "verify", "--format", "jsonl", "-j", "1", str(folder)])
    cpu = usage.ru_utime + usage.ru_stime  # the command and its workers
    cores = os.cpu_count() or 1
    report(
        f"directory: jixiao verify, {n:,} forms, {cores} workers",
        f"{n / cpu:,.0f} forms per CPU-s (the command and its workers); wall {n / wall:,.0f} "
        f"forms/s ({wall:.2f} s), 1 worker {n / one:,.0f} forms/s",
        ">= 1,000/CPU-s",
        verdict(n / cpu, 1000),
    )
    stages(sorted(folder.glob("*.yaml"))[:300])


def stages(files: list[Path]) -> None:
    """Where a form's time goes: each stage of the pipeline, per form, in this process."""
    import json

    from scoring.engine.score import score
    from scoring.io.yamlsrc import read_yaml
    from scoring.pipeline.check import FormReport, parse_form
    from scoring.rulebook.select import choose_rulebook
    from scoring.verify.core import verify

    texts = [(str(f), f.read_text("utf-8")) for f in files]
    took: dict[str, float] = {}

    def timed(name: str, values: list[Any], fn: Any) -> list[Any]:
        start = time.process_time()
        out = [fn(v) for v in values]
        took[name] = (time.process_time() - start) / len(values) * 1000
        return out

    sources = timed("read YAML", texts, lambda ft: read_yaml(ft[1], ft[0]))
    forms = timed("validate", sources, parse_form)
    sheets = timed("score", forms, lambda f: score(f, choose_rulebook(f).rulebook))
    found = timed("verify", list(zip(sheets, sources, strict=True)),
                  lambda ss: verify(ss[0], source=ss[1], file=ss[1].file))  # fmt: skip
    reports = [FormReport(src.file, form=f, sheet=sh, findings=tuple(fi))
               for src, f, sh, fi in zip(sources, forms, sheets, found, strict=True)]  # fmt: skip
    timed("render JSON", reports, lambda r: json.dumps(r.to_dict(), ensure_ascii=False))
    total = sum(took.values())
    parts = ", ".join(f"{k} {v:.2f}" for k, v in took.items())
    report("directory: CPU per form by stage (1 process)", f"{total:.2f} ms: {parts}")


def _generate(what: str, folder: Path, count: int) -> None:
    """Generate inputs in a process of their own: a child forked from a process that held
    them would report their memory as its own peak."""
    subprocess.run([sys.executable, str(HERE / "generate.py"), what, str(folder), str(count)],
                   check=True)  # fmt: skip


def _generated(what: str, folder: Path, count: int, label: str) -> Path:
    """``folder`` with ``count`` generated inputs, generated once: a ``.done`` file marks it."""
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        _generate(what, folder, count)
        (folder / ".done").touch()
        print(f"  (generated {label} in {time.perf_counter() - start:.1f} s)")
    return folder


def _tables(rows: int) -> Path:
    return _generated("tables", OUT / f"tables-{rows}", rows, f"{rows:,} indicator rows")


def batch_end_to_end(rows: int) -> float:
    """``jixiao batch`` from Parquet to Parquet in a fresh process: rows/s, CPU time, peak RSS."""
    folder = _tables(rows)
    out = OUT / f"result-{rows}.parquet"
    wall, code, usage = _measured([str(BIN / "jixiao"), "batch", str(folder), "--out", str(out)])
    assert code == 0, f"batch exited {code}"
    cpu, peak_kb = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    report(
        f"batch: jixiao batch, {rows / 1e6:g} M rows Parquet",
        f"{rows / cpu / 1e6:.2f} M rows/CPU-s ({cpu:.2f} CPU-s); wall {rows / wall / 1e6:.2f} M "
        f"rows/s ({wall:.2f} s)",
        ">= 4 M/CPU-s",
        verdict(rows / cpu / 1e6, 4),
    )
    decode = _decode_cpu(folder)
    report(
        "batch: vs decoding the same Parquet columns",
        f"decoding alone {decode:.2f} CPU-s: jixiao batch costs {cpu / decode:.1f}x that",
        "<= 1.5x",
        verdict(cpu / decode, 1.5, higher_is_better=False),
    )
    report(
        f"batch: peak memory, {rows / 1e6:g} M rows",
        f"{peak_kb / 1024:,.0f} MB peak resident (the jixiao batch process)",
        "(100 M: <= 1 GB)",
    )
    return float(peak_kb / 1024)


def _decode_cpu(folder: Path) -> float:
    """CPU seconds of a fresh Python that only imports pyarrow and decodes the columns batch
    reads: the floor of any scoring of these files."""
    from scoring.batch.score import FORM_COLUMNS, SCORED_COLUMNS

    code = (
        "import sys, pyarrow.parquet as pq\n"
        "f = pq.ParquetFile(sys.argv[1] + '/indicators.parquet', read_dictionary=['form_id'])\n"
        "cols = [c for c in sys.argv[2].split(',') if c in f.schema_arrow.names]\n"
        "for b in f.iter_batches(batch_size=1 << 18, columns=cols): pass\n"
        "g = pq.ParquetFile(sys.argv[1] + '/forms.parquet')\n"
        "g.read(columns=[c for c in sys.argv[3].split(',') if c in g.schema_arrow.names])\n"
    )
    args = [str(folder), ",".join(SCORED_COLUMNS), ",".join(FORM_COLUMNS)]
    _, code_, usage = _measured([sys.executable, "-c", code, *args])
    assert code_ == 0, "decoding failed"
    return float(usage.ru_utime + usage.ru_stime)


def memory_slope(small: int, large: int) -> None:
    """Peak memory of jixiao batch at two sizes, and the slope between them."""
    peaks = {}
    for rows in (small, large):
        folder = _tables(rows)
        _, code, usage = _measured([str(BIN / "jixiao"), "batch", str(folder), "--out",
                                    str(OUT / f"result-{rows}.parquet")])  # fmt: skip
        assert code == 0, f"batch exited {code}"
        peaks[rows] = usage.ru_maxrss / 1024
    slope = (peaks[large] - peaks[small]) * 2**20 / (large - small)
    at_100m = peaks[large] + slope * (100_000_000 - large) / 2**20
    report(
        "batch: memory slope",
        f"{peaks[small]:,.0f} MB at {small / 1e6:g} M rows, {peaks[large]:,.0f} MB at "
        f"{large / 1e6:g} M: {slope:.0f} B per row; 100 M rows would take {at_100m:,.0f} MB",
        "100 M <= 1,024 MB",
        verdict(at_100m, 1024, higher_is_better=False),
    )


def batch_csv(rows: int) -> None:
    """The same path from CSV text (every number parsed from its digits)."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    source = _tables(rows)
    folder = OUT / f"csv-{rows}"
    if not (folder / ".done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("forms", "indicators"):
            table = pq.read_table(source / f"{name}.parquet")
            pcsv.write_csv(table, folder / f"{name}.csv")
        (folder / ".done").touch()
    wall, code = _run([str(BIN / "jixiao"), "batch", str(folder), "--out", str(OUT / "r.csv")])
    assert code == 0, f"batch exited {code}"
    report(f"batch: jixiao batch, {rows / 1e6:g} M rows CSV", f"{rows / wall / 1e6:.2f} M rows/s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer forms and rows")
    args = parser.parse_args()
    forms, rows, runs = (2_000, 1_000_000, 9) if args.quick else (10_000, 10_000_000, 21)
    OUT.mkdir(exist_ok=True)
    machine()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}\n")
    cold_cli(runs)
    directory(forms)
    batch_end_to_end(rows)
    memory_slope(max(rows // 4, 1_000_000), max(rows, 4_000_000))
    batch_csv(min(rows, 1_000_000))
    from compare import compare

    compare(_tables(1_000_000), report, verdict, quick=args.quick)
    from scaling import scaling

    scaling(_tables(1_000_000), report, (1, 2))
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
