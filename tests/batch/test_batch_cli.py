"""``jixiao batch`` on files: every format, per-row scores, refusals, and the per-form fallback."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scoring.batch.oracle import form_from_rows
from scoring.batch.score import TableScorer
from scoring.cli.main import main
from scoring.engine.score import score
from scoring.rulebook.load import load_builtin, load_rulebook

FORMS = [
    {"form_id": "zhihui", "rulebook": "hubei-2022", "budget": "1,960.42", "executed": "1736.1",
     "reported_total": "97.71"},
    {"form_id": "net", "rulebook": "hubei-2022", "budget": "1730.62", "executed": "1730.62",
     "reported_total": "98.22"},
    {"form_id": "zero", "rulebook": "hubei-2022", "budget": "0", "executed": "0",
     "reported_total": ""},
]  # fmt: skip
ROWS = [
    {"form_id": "zhihui", "level1": "产出指标", "level2": "数量指标", "name": "数据归集总量",
     "weight": "20", "op": ">=", "target": "3", "actual": "3.75", "kind": "", "grade": "",
     "reported_score": "20"},
    {"form_id": "net", "level1": "产出指标", "level2": "质量指标", "name": "安全",
     "weight": "40", "op": "", "target": "重大安全责任事故为 0", "actual": "完成", "kind": "",
     "grade": "", "reported_score": "40"},
    {"form_id": "zhihui", "level1": "效益指标", "level2": "满意度", "name": "满意度",
     "weight": "60", "op": "≤", "target": "5", "actual": "6", "kind": "quantitative",
     "grade": "", "reported_score": ""},
    {"form_id": "net", "level1": "效益指标", "level2": "社会效益", "name": "推进",
     "weight": "40", "op": "", "target": "按期", "actual": "部分完成", "kind": "qualitative",
     "grade": "", "reported_score": "33.335"},
    {"form_id": "zero", "level1": "产出指标", "level2": "数量", "name": "n", "weight": "80",
     "op": "=", "target": "0", "actual": "0", "kind": "", "grade": "", "reported_score": ""},
]  # fmt: skip


def _write(folder: Path, suffix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("forms", FORMS), ("indicators", ROWS)):
        table = pa.Table.from_pylist(rows)
        path = folder / f"{name}{suffix}"
        if suffix == ".csv":
            with path.open("w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        elif suffix == ".parquet":
            pq.write_table(table, path)
        else:
            with pa.ipc.new_file(str(path), table.schema) as w:
                w.write_table(table)


def _expected(form_id: str) -> tuple[Decimal, Decimal, Decimal, str]:
    head = next(f for f in FORMS if f["form_id"] == form_id)
    rows = [r for r in ROWS if r["form_id"] == form_id]
    sheet = score(form_from_rows(head, rows, "hubei-2022"), load_builtin("hubei-2022"))
    return sheet.execution.value, sheet.indicator_total.value, sheet.total.value, sheet.grade


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".arrow"])
def test_batch_reads_every_format_and_scores_as_the_engine(tmp_path: Path, suffix: str) -> None:
    _write(tmp_path / "in", suffix)
    out, per_row = tmp_path / f"out{suffix}", tmp_path / "rows.csv"
    args = ["batch", str(tmp_path / "in"), "--out", str(out), "--indicator-scores", str(per_row)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "3 form(s), 5 indicator row(s)" in result.output
    table = (pcsv.read_csv(out) if suffix == ".csv" else
             pq.read_table(out) if suffix == ".parquet" else pa.ipc.open_file(str(out)).read_all())
    for row in table.to_pylist():
        got = (row["execution_score"], row["indicator_total"], row["total"], row["grade"])
        assert tuple(Decimal(str(x)) if i < 3 else x for i, x in enumerate(got)) == _expected(
            row["form_id"]
        )
    by_id = {r["form_id"]: r["total_matches"] for r in table.to_pylist()}
    assert by_id["net"] is False and by_id["zero"] is None  # 98.22 is not the sum of its rows
    rows = list(csv.DictReader(per_row.open(encoding="utf-8")))
    assert [r["score"] for r in rows] == ["20.00", "40.00", "50.00", "32.00", "80.00"]


def test_float_columns_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, ".parquet")
    forms = pq.read_table(tmp_path / "forms.parquet")
    forms = forms.set_column(2, "budget", pa.array([1960.42, 1730.62, 0.0]))
    pq.write_table(forms, tmp_path / "forms.parquet")
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "floating-point" in result.output and "budget" in result.output


def test_rows_of_unknown_forms_and_bad_cells_are_reported(tmp_path: Path) -> None:
    forms = pa.Table.from_pylist(FORMS)
    rows = [*ROWS, {**ROWS[0], "form_id": "ghost"}, {**ROWS[2], "weight": "twenty"}]
    scorer = TableScorer(forms)
    scored = scorer.add(pa.Table.from_pylist(rows), per_row=True)
    assert scored is not None
    per_row = scored.to_pylist()
    result = {r["form_id"]: r for r in scorer.finish().to_pylist()}
    assert "ghost" in " ".join(scorer.notes) and per_row[5]["score"] is None
    assert result["zhihui"]["total"] is None
    assert result["zhihui"]["error"] == "indicator row 7: weight is not a plain number"
    assert result["net"]["error"] is None


def test_a_rulebook_adding_unrounded_scores_takes_the_engine_per_form() -> None:
    text = (Path(__file__).resolve().parents[2] / "scoring/rulebook/builtin/hubei-2022.yaml").read_text(
        "utf-8"
    )
    exact = load_rulebook(
        text.replace("id: hubei-2022", "id: exact-totals").replace(
            "value: sum_of_rounded", "value: round_of_exact"
        ),
        "exact-totals.yaml",
    )
    scorer = TableScorer(pa.Table.from_pylist(FORMS), exact)
    scorer.add(pa.Table.from_pylist(ROWS))
    result = scorer.finish().to_pylist()
    assert any("scored per form" in n for n in scorer.notes)
    for row in result:
        head = next(f for f in FORMS if f["form_id"] == row["form_id"])
        mine = [r for r in ROWS if r["form_id"] == row["form_id"]]
        sheet = score(form_from_rows(head, mine, "exact-totals"), exact)
        assert (row["total"], row["grade"]) == (sheet.total.value, sheet.grade)
    assert load_builtin("hubei-2022").rounding.total.value == "sum_of_rounded"


def test_batch_imports_neither_pandas_nor_sympy_nor_dask(tmp_path: Path) -> None:
    """pandas is installed beside pyarrow (the dask extra), and pyarrow would import it for
    a pandas conversion: the batch path makes none, so its start-up stays without it."""
    import subprocess
    import sys

    _write(tmp_path / "in", ".parquet")
    code = (
        "import sys\nfrom scoring.cli.main import main\n"
        f"sys.argv = ['jixiao', 'batch', {str(tmp_path / 'in')!r}, '--out', "
        f"{str(tmp_path / 'out.parquet')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('pandas', 'sympy', 'dask', 'distributed', 'pyspark')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (tmp_path / "out.parquet").exists()
    assert done.stderr.strip().splitlines()[-1] == "[]"
