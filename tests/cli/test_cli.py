"""The jixiao command: output, JSON shape against its schema, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from scoring.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))


NEUTRAL = {"LANG": "C.UTF-8"}
"""A locale that is not English: messages in Chinese, the default."""


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def test_score_prints_a_table_per_form_with_why_not_full() -> None:
    code, out = run("score", "--lang", "zh-CN", str(SEED / "02-zhihui-wuchang-phase3.yaml"))
    assert code == 0
    assert "97.71" in out and "17.71" in out and "等级 优" in out
    assert "分值 × 执行率：20 × 88.5576%" in out  # why execution is not full marks
    code, out = run("score", "--lang", "en", str(SEED / "02-zhihui-wuchang-phase3.yaml"))
    assert "grade 优" in out and "points × rate: 20 × 88.5576%" in out


def test_verify_seed_exit_1_and_findings() -> None:
    code, out = run("verify", str(SEED), env=NEUTRAL)
    assert code == 1  # the network form's 98.22 and the 智慧武昌 heading are errors
    assert "TOTAL_NOT_SUM_OF_ROWS" in out and "执行率先四舍五入到 0.1% 再相乘" in out
    assert "共 7 张表" in out and "1,960.42 万元" in out  # Chinese by default, amounts as printed
    code, out = run("verify", "--lang", "en", str(SEED))
    assert code == 1
    assert "TOTAL_NOT_SUM_OF_ROWS" in out and "rounded to 0.1% before multiplying" in out
    assert "7 form(s)" in out


def test_verify_clean_form_exit_0() -> None:
    code, _ = run("verify", str(SEED / "05-epidemic-prevention.yaml"))
    assert code == 0


def test_verify_json_matches_schema_and_has_the_required_fields() -> None:
    code, out = run("verify", "--format", "json", str(SEED))
    assert code == 1
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    by_title = {f["title"]: f for f in doc["forms"]}
    zhihui = by_title["“智慧武昌”大数据中心项目第三期"]
    assert zhihui["computed"]["execution_score"] == "17.71"
    assert zhihui["computed"]["total"] == "97.71"
    assert zhihui["computed"]["execution_rate"] == "88.56 %"
    codes = {f["code"] for f in zhihui["findings"]}
    assert "EXEC_SCORE_MISMATCH" in codes


def test_score_json_with_trace_matches_schema() -> None:
    code, out = run("score", "--format", "json", "--trace", str(SEED / "07-department-overall.yaml"))
    assert code == 0
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    trace = doc["forms"][0]["computed"]["trace"]
    assert trace["label"] == "总分" and trace["children"]


def test_invalid_input_exit_2_and_others_still_verified(tmp_path: Path) -> None:
    shutil.copy(SEED / "05-epidemic-prevention.yaml", tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text("kind: project\nfoo: [\n", encoding="utf-8")
    code, out = run("verify", str(tmp_path), env=NEUTRAL)
    assert code == 2
    assert "bad.yaml" in out and "无法读取" in out
    assert "good.yaml：疫情防控经费 — 总分 98.27" in out


def test_explain_prints_the_trace_tree() -> None:
    code, out = run("explain", str(SEED / "02-zhihui-wuchang-phase3.yaml"))
    assert code == 0
    assert "总分 = 97.71" in out
    assert "预算执行得分 = 17.71" in out and "exact 17.7115" in out
    assert "备注2" in out  # the clause of the quantitative rows
    assert "branch:  met target" in out


def test_rulebook_override_unknown_is_exit_2() -> None:
    code, out = run("verify", "--rulebook", "nowhere-1999", str(SEED))
    assert code == 2 and "nowhere-1999" in out
