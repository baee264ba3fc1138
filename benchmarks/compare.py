"""Scoring alone, on one core, in memory: jixiao's batch path against three other ways.

Rates are rows per CPU-second of this process, numpy and Arrow held to one thread.

All four score the same synthetic rows under the same rulebook (its formulas, bands and 0.01
half-up step): (a) sympy ``subs``/``evalf`` of the formula per indicator, (b) a pandas
row-wise ``apply`` of the exact per-row formula (``Formula.evaluate`` on fractions), (c) the
floor: the formulas as numpy float64 expressions over whole columns with no check at all. The
slow ones run on a sample and are reported in rows per second like the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scoring.batch.score import SCORED_COLUMNS, TableScorer
from scoring.rounding import round_to_step
from scoring.rulebook.load import load_builtin

__all__ = ["compare"]

RULEBOOK = "hubei-2022"


def _best(fn: Callable[[], Any], repeat: int = 3) -> float:
    """CPU seconds of the fastest of a few runs: on a shared machine the CPU time of a
    single-threaded run is what one core costs, whatever else runs beside it."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def ours(forms: pa.Table, rows: pa.Table) -> None:
    """The batch path: every chunk scored exactly, then the per-form table."""
    scorer = TableScorer(forms)
    for chunk in rows.to_batches(max_chunksize=1 << 18):
        scorer.add(chunk)
    scorer.finish()


def _floats(arr: Any) -> np.ndarray:
    return np.asarray(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False))


def _codes(arr: Any, labels: list[str]) -> np.ndarray:
    arr = arr.combine_chunks()
    table = np.array([labels.index(v) if v in labels else -1 for v in arr.dictionary.to_pylist()])
    return np.append(table, -1)[np.asarray(arr.indices.fill_null(-1))]


def floor(forms: pa.Table, rows: pa.Table) -> None:
    """The same formulas in raw float64, no exactness and no check of any kind."""
    ids = np.asarray(forms.column("form_id").to_numpy(zero_copy_only=False)).astype(str)
    order = np.argsort(ids)
    fid = rows.column("form_id").combine_chunks()
    wanted = np.asarray(fid.dictionary.to_numpy(zero_copy_only=False)).astype(str)
    form = order[np.searchsorted(ids[order], wanted)][np.asarray(fid.indices)]
    w, t, a = (_floats(rows.column(c)) for c in ("weight", "target", "actual"))
    r = _floats(rows.column("reported_score"))
    op = _codes(rows.column("op"), [">=", "<=", "="])
    qualitative = _codes(rows.column("kind"), ["quantitative", "qualitative"]) == 1
    grade = _codes(rows.column("grade"), ["达成", "部分达成", "未达成"])
    with np.errstate(divide="ignore", invalid="ignore"):
        positive = np.where(a >= t, w, w * a / t)
        negative = np.where(a <= t, w, w * t / a)
        equal = np.where(t == 0, np.where(a <= 0, w, 0.0), positive)
    quantitative = np.select([op == 1, op == 2], [negative, equal], positive)
    low, high = np.array([0.8, 0.5, 0.0])[grade] * w, np.array([1.0, 0.8, 0.5])[grade] * w
    banded = np.where(np.isnan(r), np.where(grade == 0, high, low), np.clip(r, low, high))
    score = np.round(np.where(qualitative, banded, quantitative), 2)
    indicators = np.bincount(form, weights=score, minlength=len(ids))
    budget, executed = _floats(forms.column("budget")), _floats(forms.column("executed"))
    with np.errstate(divide="ignore", invalid="ignore"):
        execution = np.round(20 * np.minimum(np.where(budget > 0, executed / budget, 0), 1), 2)
    total = execution + indicators
    np.select([total >= 90, total >= 80, total >= 60], [0, 1, 2], 3)


def _exact_row(rb: Any) -> Callable[[Any], Decimal]:
    """One indicator scored exactly from a pandas row (what a careful row-wise apply does)."""
    ops = {k: rb.formula(v) for k, v in rb.indicators.formulas.value.items()}
    bands = rb.indicators.bands.value
    step = rb.rounding.score_step.value

    def score_row(row: Any) -> Decimal:
        w = row["weight"]
        if row["kind"] == "qualitative":
            lo, hi = (w * b for b in bands[row["grade"]])
            r = row["reported_score"]
            top = row["grade"] == "达成"
            if r is None or r != r:
                return round_to_step(hi if top else lo, step)
            inside = lo <= r <= hi if top else lo <= r < hi
            return round_to_step(r if inside else (hi if r > hi else lo), step)
        env = {"weight": Fraction(w), "target": Fraction(row["target"]),
               "actual": Fraction(row["actual"])}  # fmt: skip
        return round_to_step(ops[row["op"] or ">="].evaluate(env)[0], step)

    return score_row


def pandas_apply(rows: pa.Table) -> None:
    """A pandas row-wise apply of the exact per-row formulas (Decimal columns)."""
    frame = rows.to_pandas()
    frame["op"] = frame["op"].astype(object)
    frame.apply(_exact_row(load_builtin(RULEBOOK)), axis=1)


def sympy_subs(rows: pa.Table) -> None:
    """Each quantitative indicator's formula evaluated by sympy ``subs``/``evalf``."""
    import sympy

    from scoring.formula.prove import symbol, to_sympy

    rb = load_builtin(RULEBOOK)
    formulas = {k: to_sympy(rb.formula(v)) for k, v in rb.indicators.formulas.value.items()}
    w, t, a = symbol("weight"), symbol("target"), symbol("actual")
    cent = Decimal("0.01")
    for row in rows.to_pylist():
        env = {w: sympy.Rational(str(row["weight"])), t: sympy.Rational(str(row["target"])),
               a: sympy.Rational(str(row["actual"]))}  # fmt: skip
        value = formulas[row["op"] or ">="].subs(env).evalf(30)
        Decimal(str(value)).quantize(cent, ROUND_HALF_UP)


def compare(folder: Path, report: Callable[..., None], verdict: Callable[..., str], quick: bool) -> None:
    """Time the four ways on one core and report rows/s and the ratios the targets name."""
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    forms = pq.read_table(folder / "forms.parquet")
    rows = pq.read_table(folder / "indicators.parquet", columns=list(SCORED_COLUMNS),
                         read_dictionary=["form_id"])  # fmt: skip
    n = len(rows)
    mine = n / _best(lambda: ours(forms, rows))
    report(f"scoring, 1 core, {n / 1e6:g} M rows in memory", f"{mine / 1e6:.2f} M rows/CPU-s exact",
           ">= 5 M/s/core", verdict(mine / 1e6, 5))  # fmt: skip
    fast = n / _best(lambda: floor(forms, rows))
    report("(c) floor: raw numpy float64, no checks", f"{fast / 1e6:.2f} M rows/CPU-s: "
           f"{fast / mine:.1f}x ours", "ours within 3x", verdict(fast / mine, 3, False))  # fmt: skip
    sample = rows.slice(0, 5_000 if quick else 20_000)
    slow = len(sample) / _best(lambda: pandas_apply(sample), 1)
    report(f"(b) pandas row-wise apply, exact ({len(sample):,} rows)",
           f"{slow:,.0f} rows/CPU-s: ours {mine / slow:,.0f}x faster")  # fmt: skip
    kind = sample.column("kind").combine_chunks().dictionary_decode()
    quantitative = sample.filter(pc.equal(kind, "quantitative")).slice(0, 300 if quick else 1_000)
    symbolic = len(quantitative) / _best(lambda: sympy_subs(quantitative), 1)
    report(f"(a) sympy subs/evalf per indicator ({len(quantitative):,} rows)",
           f"{symbolic:,.0f} rows/CPU-s: ours {mine / symbolic:,.0f}x faster", ">= 300x",
           verdict(mine / symbolic, 300))  # fmt: skip
