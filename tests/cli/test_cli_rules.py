"""``jixiao rules``: list, show and check, in text and JSON, with their exit codes."""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.rulebook.load import load_builtin

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
UNCAPPED = """\
    id: uncapped
    title: a ratio with no cap
    extends: hubei-2022
    formulas:
      positive:
        source: note-2
        inputs: [weight, target, actual]
        domain: weight >= 0 and target > 0 and actual >= 0
        direction: increasing
        met: actual >= target
        expr: weight * actual / target
    """


@pytest.fixture(autouse=True)
def _proof_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "proofs"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def rulebook(tmp_path: Path, text: str, name: str = "mine.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_list_text_and_json() -> None:
    code, out, _ = run("rules", "list")
    assert code == 0
    assert "hubei-2022" in out and "2022-01-01 – 2022-12-31" in out and "湖北省" in out
    assert "central-2020" in out and "全国" in out
    code, out, _ = run("rules", "list", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "jixiao.rulebooks"
    books = {b["id"]: b for b in data["rulebooks"]}
    assert books["central-2020"]["period"] == {"start": "2016-01-01", "end": None}
    assert books["hubei-2022"]["region"] == "湖北省"


def test_show_names_every_parameter_value_and_source() -> None:
    rb = load_builtin("central-2020")
    code, out, _ = run("rules", "show", "central-2020")
    assert code == 0
    for path, param in rb.parameters():
        assert f"  {path} = " in out, path
        assert rb.cite(param.source).document in out
    assert 'indicators.structure = {"产出指标": "50", "效益指标": "30", "满意度指标": "10"}' in out
    assert "execution-tiered = points if rate ≥ 1; 0.7 × points if rate ≥ 0.8" in out
    code, out, _ = run("rules", "show", "hubei-2022", "--format", "json")
    data = json.loads(out)
    params = {p["path"]: p for p in data["parameters"]}
    assert params["execution.points"]["value"] == "20"
    assert params["execution.points"]["citation"]["confidence"] == "seed"
    assert params["indicators.over_achievement"]["value"] == {"threshold": "1.2"}
    assert params["indicators.over_achievement"]["citation"]["confidence"] == "recalled"
    assert {f["name"] for f in data["formulas"]} == {"execution", "positive", "negative", "equal"}


def test_show_a_user_rulebook_with_its_parent_merged(tmp_path: Path) -> None:
    path = rulebook(tmp_path, """\
        id: tiered
        title: tiered
        extends: central-2020
        execution:
          formula: {value: execution-tiered, source: system-tiered}
        """)
    code, out, _ = run("rules", "show", path, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["extends"] == "central-2020" and data["region"] == "全国"
    formula = next(p for p in data["parameters"] if p["path"] == "execution.formula")
    assert formula["value"] == "execution-tiered"
    assert formula["citation"]["confidence"] == "system"


def test_check_every_builtin_proves_everything() -> None:
    code, out, _ = run("rules", "check", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {b["id"] for b in data["rulebooks"]} >= {"hubei-2022", "central-2020"}
    assert data["summary"]["refuted"] == 0 and data["summary"]["unproved"] == 0
    code, out, _ = run("rules", "check", "hubei-2022")
    assert code == 0 and "proved    bounded" in out and "summary: 20 proved" in out


def test_check_refuses_an_uncapped_ratio_with_a_counterexample(tmp_path: Path) -> None:
    path = rulebook(tmp_path, UNCAPPED)
    code, out, _ = run("rules", "check", path)
    assert code == 1
    assert "REFUTED   bounded        score 2 exceeds the weight 1" in out
    assert "counterexample weight=1, target=1, actual=2 → score 2" in out
    code, out, _ = run("rules", "check", path, "--format", "json")
    assert code == 1
    data = json.loads(out)
    [positive] = [f for f in data["rulebooks"][0]["formulas"] if f["name"] == "positive"]
    bounded = next(p for p in positive["properties"] if p["property"] == "bounded")
    assert bounded["status"] == "refuted"
    point = {k: Fraction(v) for k, v in bounded["counterexample"].items()}
    assert Fraction(bounded["score"]) > point["weight"]
    assert Fraction(bounded["score"]) == point["weight"] * point["actual"] / point["target"]


def test_scoring_under_an_uncapped_rulebook_is_refused(tmp_path: Path) -> None:
    path = rulebook(tmp_path, UNCAPPED)
    code, out, err = run("score", "--rulebook", path, str(SEED / "02-zhihui-wuchang-phase3.yaml"))
    assert code == 2 and out == ""
    assert "fails the bounded property: score 2 exceeds the weight 1" in err


def test_an_injected_formula_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "x"
    path = rulebook(tmp_path, UNCAPPED.replace(
        "expr: weight * actual / target",
        f"expr: \"__import__('os').system('touch {marker}')\""))
    for args in (("rules", "check", path), ("rules", "show", path),
                 ("score", "--rulebook", path, str(SEED))):
        code, _, err = run(*args)
        assert code == 2
        assert "formulas.positive.expr" in err
        assert "function calls other than min, max, abs are not allowed" in err
    assert not marker.exists()


def test_score_under_central_2020_rescores_the_seed() -> None:
    code, out, _ = run("score", "--lang", "zh-CN", "--rulebook", "central-2020", str(SEED))
    assert code == 0
    assert out.count("规则 central-2020") == 7
    assert "98.86" in out  # 智慧武昌: 8.86 + 产出 50 + 效益 40
    code, out, _ = run("verify", "--rulebook", "central-2020", str(SEED), "--format", "json")
    assert code == 1
    data = json.loads(out)
    for form in data["forms"]:
        codes = {f["code"] for f in form["findings"]}
        assert {"STRUCTURE_MISMATCH", "WEIGHTS_VS_RULEBOOK", "EXEC_POINTS_MISMATCH"} <= codes
