"""``jixiao batch`` on CSV as offices save it: GBK and UTF-8 with or without BOM, Chinese headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch_cli import FORMS, ROWS

from scoring.cli.main import main
from scoring.io.csvtext import canonical_column, detect_encoding, read_header

ZH = {"form_id": "表单编号", "rulebook": "计分规则", "budget": "预算数（A）", "executed": "执行数（B）",
      "reported_total": "填报总分", "level1": "一级指标", "level2": "二级指标", "name": "三级指标",
      "weight": "分值", "op": "比较符号", "target": "年度指标值", "actual": "实际完成值",
      "kind": "指标类型", "grade": "评价等级", "reported_score": "得分"}  # fmt: skip


def _csv(rows: list[dict[str, str]], headers: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([headers.get(k, k) for k in rows[0]])
    writer.writerows([list(r.values()) for r in rows])
    return out.getvalue()


def _run(folder: Path, encoding: str, headers: dict[str, str], *extra: str) -> tuple[int, str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("forms", FORMS), ("indicators", ROWS)):
        (folder / f"{name}.csv").write_bytes(_csv(rows, headers).encode(encoding))
    out = folder.parent / f"{folder.name}-out.csv"
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(out), *extra])
    return result.exit_code, out.read_bytes().decode("utf-8") if out.exists() else result.output


def _totals(text: str) -> dict[str, str]:
    assert text.startswith("\ufeff"), "CSV output starts with a BOM"
    return {r["form_id"]: r["total"] for r in csv.DictReader(io.StringIO(text[1:]))}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_every_office_encoding_and_chinese_headers_score_alike(tmp_path: Path, encoding: str) -> None:
    code, english = _run(tmp_path / "en", "utf-8", {})
    assert code == 0, english
    code, chinese = _run(tmp_path / encoding.replace("-", ""), encoding, ZH)
    assert code == 0, chinese
    assert _totals(chinese) == _totals(english)
    assert _totals(english)["zhihui"] not in (None, "")


def test_encoding_named_on_the_command_line(tmp_path: Path) -> None:
    code, text = _run(tmp_path / "g", "gbk", ZH, "--encoding", "gbk")
    assert code == 0 and _totals(text)["net"]


def test_a_wrong_encoding_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    code, text = _run(tmp_path / "w", "gbk", ZH, "--encoding", "utf-8")
    assert code == 2
    assert "cannot read the text as utf-8" in text and "Traceback" not in text


def test_detection_and_header_names() -> None:
    assert detect_encoding("一级指标".encode("gbk")) == "gb18030"
    assert detect_encoding("一级指标".encode()) == "utf-8"
    assert detect_encoding("\ufeff一级指标".encode()) == "utf-8-sig"
    assert canonical_column(" 三级 指标 ") == "name"
    assert canonical_column("\ufeff年初目标值（A）") == "target"
    assert canonical_column("weight") == "weight"


def test_a_header_with_a_bare_carriage_return_is_read_not_raised(tmp_path: Path) -> None:
    # found by the batch_csv fuzz target: "\r" inside the first line raised csv.Error
    path = tmp_path / "t.csv"
    path.write_bytes(b"form_id,wei\rght\n1,20\n")
    _, header = read_header(path)
    assert header[0] == "form_id" and len(header) >= 2
