"""``jixiao batch`` on hostile tables: cells that do not parse, negative weights, numbers past
the bounds, and files that are empty, not UTF-8, ragged or truncated (issue: hardening)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scoring.batch.score import TableScorer, score_tables
from scoring.cli.main import main
from scoring.exitcodes import EXIT_OUTPUT

FORM = {"form_id": "f", "rulebook": "hubei-2022", "budget": "100", "executed": "100"}
ROW = {"form_id": "f", "level1": "产出指标", "level2": "数量指标", "name": "n", "weight": "40",
       "op": ">=", "target": "10", "actual": "10", "kind": "", "grade": "", "reported_score": ""}


def scored(**cells: str) -> dict[str, object]:
    """The result row of one form with one indicator row, some cells replaced."""
    forms = pa.Table.from_pylist([FORM])
    rows = pa.Table.from_pylist([{**ROW, **cells}]).cast(
        pa.schema([(n, pa.string()) for n in ROW])
    )
    result, _ = score_tables(forms, lambda: [rows])
    row: dict[str, object] = result.to_pylist()[0]
    return row


@pytest.mark.parametrize("cell", ["1e1", "1E+1", "NaN", "nan", "inf", "-Infinity", ".5e3"])
@pytest.mark.parametrize("column", ["target", "actual"])
def test_a_number_in_a_notation_forms_never_print_is_refused_with_its_row(
    column: str, cell: str
) -> None:
    got = scored(**{column: cell})
    assert got["total"] is None
    assert got["error"] == f"indicator row 1: {column} is a number in a notation forms never " \
        "print (1e1, NaN, inf): write it in plain digits"


def test_full_width_digits_read_as_the_yaml_path_reads_them() -> None:
    plain, wide = scored(target="10", actual="8"), scored(target="１０", actual="８")
    assert wide["error"] is None
    assert wide["total"] == plain["total"] == Decimal("52.00")  # 20 + 40 × 8 / 10


def test_a_negative_weight_is_refused() -> None:
    got = scored(weight="-40")
    assert got["total"] is None and "weight is negative" in str(got["error"])


@pytest.mark.parametrize(("column", "cell"), [("weight", "1" * 16), ("target", "0.00000000001"),
                                               ("actual", "1234567890123456789012345678901234567890")])
def test_a_number_past_the_bounds_is_refused(column: str, cell: str) -> None:
    got = scored(**{column: cell})
    assert got["total"] is None
    assert f"{column} lies past the bounds of docs/limits.md" in str(got["error"])


def test_a_negative_actual_never_scores_below_zero() -> None:
    got = scored(actual="-80", target="100")  # hubei-2022 takes a negative actual as it is
    assert got["error"] is None and got["indicator_total"] == Decimal("0.00")


def test_a_rulebook_id_where_a_rulebook_is_expected_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="load_builtin"):
        TableScorer(pa.Table.from_pylist([FORM]), "hubei-2022")  # type: ignore[arg-type]


# ---------------------------------------------------------------- files


def _folder(tmp_path: Path, indicators: bytes | None = None, forms: bytes | None = None) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "forms.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(FORM))
        w.writeheader()
        w.writerow(FORM)
    if forms is not None:
        (folder / "forms.csv").write_bytes(forms)
    header = ",".join(ROW) + "\n"
    good = ",".join(ROW.values()) + "\n"
    text = indicators if indicators is not None else (header + good).encode()
    (folder / "indicators.csv").write_bytes(text)
    return folder


def _batch(folder: Path, tmp_path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "out.csv")])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_an_empty_csv_is_a_clear_error(tmp_path: Path) -> None:
    code, out = _batch(_folder(tmp_path, forms=b""), tmp_path)
    assert code == 2 and "forms.csv: the table is empty" in out


def test_a_gbk_csv_is_read_and_a_wrong_encoding_is_a_clear_error(tmp_path: Path) -> None:
    text = (",".join(ROW) + "\n" + ",".join(ROW.values()) + "\n").encode("gbk")
    folder = _folder(tmp_path, indicators=text)
    code, out = _batch(folder, tmp_path)
    assert code == 0, out  # GB18030 (a superset of GBK) is tried when UTF-8 fails
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "o.csv"),
                                       "--encoding", "utf-8"])  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "indicators.csv" in result.output and "utf-8" in result.output.lower()


def test_a_ragged_row_is_a_clear_error_with_its_line(tmp_path: Path) -> None:
    text = ",".join(ROW) + "\n" + ",".join(ROW.values()) + "\nf,产出指标,数量指标\n"
    code, out = _batch(_folder(tmp_path, indicators=text.encode()), tmp_path)
    assert code == 2 and "line 3: a row with the wrong number of cells" in out


def test_a_truncated_parquet_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "indicators.csv").unlink()
    pq.write_table(pa.Table.from_pylist([ROW]), folder / "indicators.parquet")
    whole = (folder / "indicators.parquet").read_bytes()
    (folder / "indicators.parquet").write_bytes(whole[: len(whole) // 2])
    code, out = _batch(folder, tmp_path)
    assert code == 2 and "indicators.parquet: not a whole table file" in out


@pytest.mark.parametrize("suffix", ["csv", "parquet", "arrow"])
def test_an_output_that_cannot_be_written_exits_74_naming_it(tmp_path: Path, suffix: str) -> None:
    """A full disk (a link to /dev/full) or a folder that is not there: exit 74, as the other
    commands do when their output cannot be written, not 2 (which says the input was bad)."""
    folder = _folder(tmp_path)
    full = tmp_path / f"full.{suffix}"
    full.symlink_to("/dev/full")
    for out in (full, tmp_path / "no-such-folder" / f"out.{suffix}"):
        result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out)])
        assert result.exit_code == EXIT_OUTPUT, result.output
        assert f"cannot write {out}" in result.output and "Traceback" not in result.output
