"""Synthetic but realistic inputs for the benchmarks, from a fixed seed.

* ``write_forms(folder, n)``: ``n`` form files (YAML) like the seed's: 5–15 indicators of every
  kind (≥ / ≤ / = targets in %, 户, 天, 万元; qualitative rows graded 达成 / 部分达成 / 未达成,
  with and without a score), every builtin rulebook, and stated numbers as the engine computes
  them, but for about 3 % of forms whose stated total or execution score is off.
* ``write_tables(folder, rows)``: ``forms.parquet`` and ``indicators.parquet`` with ``rows``
  indicator rows (decimal columns, as a database export has them), written in chunks.

``python benchmarks/generate.py forms DIR N`` or ``… tables DIR ROWS`` writes them by hand.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from scoring.engine.score import score
from scoring.form.model import Form
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.model import Rulebook

__all__ = ["synthetic_form", "write_forms", "write_tables"]

SEED = 20221231
LEVELS = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["社会效益指标", "经济效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
NAMES = ["系统运行率", "数据归集量", "覆盖户数", "问题整改率", "响应时长", "设备完好率",
         "培训人次", "资金到位率", "群众满意度", "平台访问量", "工单办结率", "故障修复时长"]  # fmt: skip
QUALITATIVE = [("按期完成", "完成", "达成"), ("持续推进", "部分完成", "部分达成"),
               ("有效提升", "未完成", "未达成"), ("稳步运行", "达成", None)]  # fmt: skip


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` points split into ``parts`` positive whole weights."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _quantitative(rng: random.Random) -> tuple[str, str]:
    unit, target = rng.choice([("%", rng.choice([90, 95, 98, 100])), ("户", rng.randint(200, 5000)),
                               ("天", rng.randint(2, 30)), ("万元", rng.randint(50, 900))])
    op = rng.choice(["≥", "≥", "≥", "≤", "="]) if unit != "天" else "≤"
    shown = Decimal(target) * Decimal(rng.randint(700, 1200)) / 1000
    actual = shown.quantize(Decimal("0.1") if unit in ("%", "天") else Decimal(1))
    return f"{op}{target}{unit}", f"{actual}{unit}"


def _indicator(level1: str, weight: int, rng: random.Random, rb: Rulebook) -> dict[str, Any]:
    row: dict[str, Any] = {"level1": level1, "level2": rng.choice(LEVELS[level1]),
                           "name": rng.choice(NAMES), "weight": str(weight)}  # fmt: skip
    if rng.random() < 0.7:
        row["target"], row["actual"] = _quantitative(rng)
        return row
    target, actual, grade = rng.choice(QUALITATIVE)
    row["target"] = target
    row["actual"] = {"text": actual, "grade": grade} if grade else actual
    bands = rb.indicators.bands.value
    if grade and grade in bands and rng.random() < 0.6:
        lo, hi = (int(b * 100) for b in bands[grade])
        top = max(bands, key=lambda g: bands[g][1]) == grade
        row["reported_score"] = str(Decimal(weight * rng.randint(lo, hi if top else hi - 1)) / 100)
    return row


def _weights(rb: Rulebook, n: int, rng: random.Random) -> list[tuple[str, int]]:
    """Level-1 block and whole weight of ``n`` rows adding up to the rulebook's points (and,
    where it fixes them, to each block's points)."""
    structure = rb.indicators.structure.value
    if not structure:
        return [(rng.choice(list(LEVELS)), w) for w in _split(int(rb.indicators.points.value), n, rng)]
    blocks = list(structure.items())
    sizes = [1] * len(blocks)
    for _ in range(max(n - len(blocks), 0)):
        sizes[rng.randrange(len(blocks))] += 1
    return [(block, w) for (block, points), k in zip(blocks, sizes, strict=True)
            for w in _split(int(points), min(k, int(points)), rng)]  # fmt: skip


def synthetic_form(i: int, rng: random.Random) -> dict[str, Any]:
    """One realistic form as YAML-ready data under a builtin rulebook, its stated numbers as
    the engine computes them (but for about 3 % of forms, whose stated total is off)."""
    rulebooks = builtin_ids()
    rb = load_builtin(rulebooks[i % len(rulebooks)])
    budget = Decimal(rng.randint(5_000, 5_000_000)) / 100
    executed = (budget * Decimal(rng.randint(700, 1000)) / 1000).quantize(Decimal("0.01"))
    rows = [_indicator(b, w, rng, rb) for b, w in _weights(rb, rng.randint(5, 15), rng)]
    data: dict[str, Any] = {
        "kind": "project",
        "title": f"项目 {i:05d}",
        "unit": f"单位 {i % 97:02d}",
        "year": 2022,
        "region": "湖北省武汉市武昌区",
        "rulebook": rb.id,
        "source": {"document": "synthetic", "section": f"{i:05d} 项目自评表"},
        "funds": {"budget": str(budget), "executed": str(executed)},
        "indicators": rows,
    }
    sheet = score(Form.model_validate(data), rb)
    for row, result in zip(rows, sheet.indicators, strict=True):
        own = getattr(result, "unscaled", None)
        row.setdefault("reported_score", str(result.score if own is None else own))
    total, execution = sheet.total.value, sheet.execution.value
    if rng.random() < 0.03:  # a form whose stated numbers are off, as some are
        total += Decimal("0.01") if rng.random() < 0.5 else 0
        execution = execution.quantize(Decimal(1))
    data["reported"] = {"execution_points": str(rb.execution.points.value),
                        "execution_score": str(execution), "total": str(total)}  # fmt: skip
    return data


def write_forms(folder: Path, n: int, seed: int = SEED) -> list[Path]:
    """Write ``n`` synthetic form files into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"form-{i:05d}.yaml"
        text = yaml.dump(synthetic_form(i, rng), Dumper=yaml.CSafeDumper, allow_unicode=True,
                         sort_keys=False)  # fmt: skip
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _decimals(unscaled: Any, scale: int, valid: Any = None) -> Any:
    """A decimal128 Arrow column from int64 integers at ``10**-scale``."""
    import numpy as np
    import pyarrow as pa

    low = np.ascontiguousarray(unscaled, dtype=np.int64)
    words = np.stack([low, low >> 63], axis=1)
    mask = None if valid is None else pa.array(valid).buffers()[1]
    nulls = 0 if valid is None else int((~valid).sum())
    return pa.Array.from_buffers(pa.decimal128(18, scale), len(low), [mask, pa.py_buffer(words)],
                                 null_count=nulls)  # fmt: skip


def _labels(rng: Any, n: int, labels: list[str], p: list[float]) -> Any:
    import numpy as np
    import pyarrow as pa

    codes = rng.choice(len(labels), size=n, p=p).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(labels))


def _indicator_chunk(rng: Any, form: Any, ids: Any, blocks: Any, weight: Any) -> Any:
    """Indicator rows for the forms numbered in ``form``, their level-1 block and weight."""
    import numpy as np
    import pyarrow as pa

    n = len(form)
    quantitative = rng.random(n) < 0.7
    target = np.where(quantitative, rng.integers(100, 100_000_000, n), 100)
    actual = target * rng.integers(600, 1301, n) // 1000
    band = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])
    low, high = np.array([80, 50, 0])[band], np.array([100, 79, 49])[band]
    reported = weight * rng.integers(low, high + 1) // 100
    scored = ~quantitative & (rng.random(n) < 0.6)
    grade = pa.DictionaryArray.from_arrays(
        pa.array(band.astype(np.int32), mask=quantitative), pa.array(["达成", "部分达成", "未达成"])
    )
    return pa.table({
        "form_id": ids.take(pa.array(form)),
        "level1": pa.DictionaryArray.from_arrays(pa.array(blocks.astype(np.int32)),
                                                 pa.array(list(LEVELS))),
        "name": _labels(rng, n, NAMES, [1 / len(NAMES)] * len(NAMES)),
        "weight": _decimals(weight, 2),
        "op": _labels(rng, n, [">=", "<=", "=", ""], [0.55, 0.25, 0.1, 0.1]),
        "target": _decimals(target, 2),
        "actual": _decimals(actual, 2),
        "kind": pa.DictionaryArray.from_arrays(
            pa.array(np.where(quantitative, 0, 1).astype(np.int32)),
            pa.array(["quantitative", "qualitative"]),
        ),
        "grade": grade,
        "reported_score": _decimals(reported, 2, scored),
    })  # fmt: skip


def _shapes(rng: Any, forms: int, rulebooks: list[str]) -> tuple[Any, Any]:
    """Rows per form (5–15) and, under a rulebook fixing level-1 points, rows per block.

    Form ``i`` is under ``rulebooks[i % len(rulebooks)]``; a rulebook with a structure gets 1,
    2, 4 or 5 rows per block, so that whole-cent weights add up to each block's points.
    """
    import numpy as np

    counts = rng.integers(5, 16, forms)
    per_block = np.zeros((forms, len(LEVELS)), dtype=np.int64)
    for r, rulebook in enumerate(rulebooks):
        structure = load_builtin(rulebook).indicators.structure.value
        if structure:
            mine = np.arange(r, forms, len(rulebooks))
            for b, block in enumerate(LEVELS):
                if block in structure:
                    per_block[mine, b] = rng.choice([1, 2, 4, 5], size=len(mine))
            counts[mine] = per_block[mine].sum(axis=1)
    return counts, per_block


def _blocks(
    rng: Any, form: Any, counts: Any, per_block: Any, rulebooks: list[str]
) -> tuple[Any, Any]:
    """Each row's level-1 block and weight in cents: random, or the rulebook's block points
    shared equally by the block's rows."""
    import numpy as np

    n = len(form)
    blocks = rng.choice(len(LEVELS), size=n, p=[0.5, 0.3, 0.2])
    weight = rng.integers(5, 21, n) * 100
    fixed = per_block[form].sum(axis=1) > 0
    if fixed.any():
        position = np.arange(n) - (np.cumsum(counts) - counts)[form]
        edges = np.cumsum(per_block[form], axis=1)
        block = (position[:, None] >= edges).sum(axis=1).clip(max=len(LEVELS) - 1)
        points = np.zeros((len(rulebooks), len(LEVELS)), dtype=np.int64)  # cents per block
        for r, rulebook in enumerate(rulebooks):
            structure = load_builtin(rulebook).indicators.structure.value or {}
            for b, name in enumerate(LEVELS):
                points[r, b] = int(structure.get(name, 0) * 100)
        share = np.maximum(per_block[form, block], 1)
        blocks = np.where(fixed, block, blocks)
        weight = np.where(fixed, points[form % len(rulebooks), block] // share, weight)
    return blocks, weight


def write_tables(folder: Path, rows: int, seed: int = SEED, chunk: int = 1 << 20) -> None:
    """``forms.parquet`` and ``indicators.parquet`` holding ``rows`` indicator rows (5–15 a form)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    rulebooks = builtin_ids()
    counts, block_rows = _shapes(rng, rows // 5 + 1, rulebooks)
    ends = np.cumsum(counts)
    forms = int(np.searchsorted(ends, rows)) + 1
    counts = counts[:forms]
    counts[-1] -= int(ends[forms - 1]) - rows
    ids = pa.array([f"F{i:08d}" for i in range(forms)])
    budget = rng.integers(5_000, 500_000_000, forms)
    executed = budget * rng.integers(700, 1051, forms) // 1000
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({
        "form_id": ids,
        "rulebook": pa.array([rulebooks[i % len(rulebooks)] for i in range(forms)]),
        "budget": _decimals(budget, 2),
        "executed": _decimals(executed, 2),
    }), folder / "forms.parquet", store_decimal_as_integer=True)  # fmt: skip
    form_of_row = np.repeat(np.arange(forms), counts)
    blocks, weight = _blocks(rng, form_of_row, counts, block_rows[:forms], rulebooks)
    writer = None
    for start in range(0, rows, chunk):
        part = slice(start, start + chunk)
        table = _indicator_chunk(rng, form_of_row[part], ids, blocks[part], weight[part])
        if writer is None:
            # decimals of ≤ 18 digits stored as INT64, as Spark and most warehouses export them
            writer = pq.ParquetWriter(folder / "indicators.parquet", table.schema,
                                      store_decimal_as_integer=True)  # fmt: skip
        writer.write_table(table)
    if writer is not None:
        writer.close()


if __name__ == "__main__":
    what, where, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    write_forms(where, count) if what == "forms" else write_tables(where, count)
