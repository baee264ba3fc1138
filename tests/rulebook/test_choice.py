"""Which rulebook scores a form and why; the vocabulary and direction words as rulebook data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from scoring.cli.main import main
from scoring.engine.direction import direction_of
from scoring.engine.qualitative import band_of_score, normalize_word, read_grade
from scoring.errors import RulebookError
from scoring.form.model import Form, Indicator
from scoring.pipeline.check import check_file
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.select import choose_rulebook

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "tests" / "forms" / "rulebooks"
HUBEI_2023 = FORMS / "hubei-2023-project.yaml"


def _form(year: int, region: str | None, kind: str = "project", **extra: Any) -> Form:
    data = {"kind": kind, "title": "t", "unit": "u", "year": year, "region": region,
            "source": {"document": "d", "section": "s"}, "funds": {"budget": "10", "executed": "9"},
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "n", "weight": "80",
                            "target": "≥1个", "actual": "1个"}], **extra}  # fmt: skip
    return Form.model_validate(data)


def _row(**fields: Any) -> Indicator:
    base = {"level1": "产出指标", "level2": "数量指标", "name": "n", "weight": "10",
            "target": "≥1", "actual": "1"}  # fmt: skip
    return Indicator.model_validate({**base, **fields})


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("year", "region", "kind", "chosen"),
    [
        (2020, "湖北省武汉市", "project", "hubei-2020"),
        (2021, "湖北省宜昌市", "department", "hubei-2020"),
        (2022, "湖北省武汉市武昌区", "project", "hubei-2022"),
        (2023, "湖北省武汉市", "project", "hubei-2023"),
        (2024, "湖北省", "department", "hubei-2023"),
        (2022, "四川省成都市", "project", "sichuan-2020"),
        (2022, "安徽省合肥市", "project", "anhui-2020"),
        (2022, "北京市东城区", "project", "beijing-2020"),
        (2022, "重庆市渝中区", "department", "chongqing-department-2020"),
        (2022, "重庆市渝中区", "project", "central-2020"),  # the Chongqing rules are 部门整体 only
        (2022, "广东省广州市", "project", "central-2020"),
        (2022, None, "project", "central-2020"),
    ],
)
def test_automatic_choice_by_year_region_and_kind(
    year: int, region: str | None, kind: str, chosen: str
) -> None:
    picked = choose_rulebook(_form(year, region, kind))
    assert picked.rulebook.id == chosen and picked.how == "automatic"
    assert str(year) in picked.reason
    assert {i for i, _ in picked.passed_over} == set(builtin_ids()) - {chosen}


def test_no_edition_of_the_forms_own_region_is_refused_not_scored_nationally() -> None:
    with pytest.raises(RulebookError, match="no rulebook of 湖北省 is in force in 2025") as exc:
        choose_rulebook(_form(2025, "湖北省武汉市"))
    assert "hubei-2023 2023-01-01 – 2024-12-31" in str(exc.value)
    assert "rulebook: hubei-2023" in str(exc.value)  # the nearest edition as the example
    with pytest.raises(RulebookError, match="no rulebook in force for year 2015"):
        choose_rulebook(_form(2015, None))


def test_a_form_before_every_edition_is_pointed_to_the_nearest_one_that_covers_it() -> None:
    # a 2015 Hebei form: the nationwide template's edition, not another province's
    with pytest.raises(RulebookError, match="no rulebook in force for year 2015") as exc:
        choose_rulebook(_form(2015, "河北省廊坊市"))
    assert "rulebook: central-2020" in str(exc.value)
    assert "hubei" not in str(exc.value)


def test_a_2019_form_of_a_region_without_its_own_rulebook_takes_the_central_template() -> None:
    # 廊坊市食品工程学校 2019 prints the central template of the 2016 notice
    picked = choose_rulebook(_form(2019, "河北省廊坊市"))
    assert picked.rulebook.id == "central-2020" and picked.how == "automatic"


def test_a_named_rulebook_out_of_its_period_is_used_with_a_warning() -> None:
    picked = choose_rulebook(_form(2023, "湖北省", rulebook="hubei-2022"))
    assert picked.rulebook.id == "hubei-2022" and picked.how == "named"
    assert picked.period_warning and "does not cover the form's year 2023" in picked.period_warning
    assert choose_rulebook(_form(2022, "湖北省", rulebook="hubei-2022")).period_warning is None
    override = choose_rulebook(_form(2015, "湖北省"), override=load_builtin("central-2020"))
    assert override.how == "option" and override.period_warning is not None


def test_a_rulebook_file_is_found_relative_to_the_form() -> None:
    form = FORMS / "named-file.yaml"
    report = check_file(form)
    assert report.selection is not None and report.selection.how == "file"
    assert report.sheet is not None and report.sheet.rulebook.id == "local-whole-points"
    missing = _form(2023, "湖北省", rulebook="rules/absent.yaml")
    with pytest.raises(RulebookError, match="does not exist"):
        choose_rulebook(missing, form)


def test_hubei_2023_is_no_longer_scored_under_the_national_template() -> None:
    report = check_file(HUBEI_2023)
    assert report.sheet is not None and report.sheet.rulebook.id == "hubei-2023"
    assert [f.code for f in report.findings if f.severity == "error"] == []
    national = check_file(HUBEI_2023, load_builtin("central-2020"))
    assert len([f for f in national.findings if f.severity == "error"]) >= 3  # what it used to be


def test_rules_which_explains_the_choice_and_the_others() -> None:
    code, out = run("rules", "which", str(HUBEI_2023))
    assert code == 0
    assert "rulebook hubei-2023" in out and "湖北省 covers 湖北省武汉市" in out
    assert "hubei-2022: its period 2022-01-01 – 2022-12-31 does not cover 2023" in out
    assert "sichuan-2020: its region 四川省 does not cover 湖北省武汉市" in out
    code, out = run("rules", "which", "--format", "json", str(FORMS / "process-blocks.yaml"))
    data = json.loads(out)
    assert code == 0 and data["chosen"]["id"] == "process-blocks-2020"
    assert data["chosen"]["how"] == "named"


def test_rules_which_says_why_nothing_fits(tmp_path: Path) -> None:
    text = HUBEI_2023.read_text("utf-8").replace("year: 2023", "year: 2026")
    (tmp_path / "f.yaml").write_text(text, "utf-8")
    code, out = run("rules", "which", str(tmp_path / "f.yaml"))
    assert code == 2
    assert "no rulebook of 湖北省 is in force in 2026" in out
    assert "hubei-2023: its period 2023-01-01 – 2024-12-31 does not cover 2026" in out


def test_rules_show_lists_the_vocabulary_and_direction_words() -> None:
    code, out = run("rules", "show", "sichuan-2020")
    assert code == 0
    assert "vocabulary (qualitative actual → grade)" in out
    assert "达成预期指标 [printed]" in out and "通过 [assumed]" in out
    assert "names with 控制率、成本、费用" in out and "headings with 成本指标" in out
    code, out = run("rules", "show", "hubei-2022", "--format", "json")
    data = json.loads(out)
    words = {w["word"]: w for w in data["vocabulary"]}
    assert words["达成预期指标"]["confidence"] == "seed"
    assert words["良好"] == {"word": "良好", "grade": "达成", "source": "jixiao",
                           "confidence": "assumed", "note": None}  # fmt: skip
    assert data["directions"][0]["level_words"] == ["成本指标"]


def test_every_vocabulary_entry_is_cited_or_assumed() -> None:
    for rid in builtin_ids():
        rb = load_builtin(rid)
        for word, (_, source, _) in rb.indicators.vocabulary().items():
            assert rb.cite(source).confidence in ("seed", "printed", "assumed"), (rid, word)


@pytest.mark.parametrize(
    ("fields", "op", "how"),
    [
        ({"target": "200万元", "actual": "195.5万元", "level2": "成本指标"}, "<=", "inferred"),
        ({"target": "100%", "actual": "98%", "name": "公用经费控制率"}, "<=", "inferred"),
        ({"target": "0起", "actual": "0起", "name": "安全事故"}, "<=", "inferred"),
        ({"target": "98%", "actual": "99%", "name": "投诉处理率"}, ">=", "default"),
        ({"target": "5%", "actual": "4%", "name": "成本节约率"}, ">=", "default"),
        ({"target": "≥5%", "actual": "4%", "name": "成本费用"}, ">=", "printed"),
        ({"target": "2%", "actual": "1%", "name": "故障率", "direction": "<="}, "<=", "form"),
        ({"target": "10", "actual": "9", "name": "完成数量"}, ">=", "default"),
    ],
)
def test_direction_words(fields: dict[str, str], op: str, how: str) -> None:
    row = _row(**fields)
    choice = direction_of(row, row.target.printed(), load_builtin("hubei-2022"))
    assert (choice.op, choice.how) == (op, how)


@pytest.mark.parametrize(
    ("target", "actual", "grade", "how"),
    [
        ("达到标准", "达成预期指标", "达成", "word"),
        ("按期完成", "已按期完成。", "达成", "target"),
        ("按期完成", "未按期完成", None, "unknown"),
        ("无安全事故", "无安全事故", "达成", "target"),
        ("有", "否", "未达成", "assumed"),
        ("验收合格", "通过", "达成", "assumed"),
        ("提升", "有待提高", None, "unknown"),
        ("完成", " 部分完成 ", "部分达成", "word"),
    ],
)
def test_grade_readings(target: str, actual: str, grade: str | None, how: str) -> None:
    reading = read_grade(_row(target=target, actual=actual), load_builtin("hubei-2022"))
    assert (reading.grade, reading.how) == (grade, how)


@given(st.decimals(min_value=0, max_value=100, places=2), st.sampled_from(["10", "20", "7.5"]))
def test_every_score_within_the_weight_has_exactly_one_band(score: Decimal, weight: str) -> None:
    for rid in ("hubei-2022", "central-2020"):
        rb, w = load_builtin(rid), Decimal(weight)
        grade = band_of_score(rb, score, w)
        assert (grade is not None) == (score <= w)


@given(st.text(alphabet="达成良好 。，\t", max_size=8))
def test_normalizing_a_word_is_idempotent(text: str) -> None:
    assert normalize_word(normalize_word(text)) == normalize_word(text)


def test_an_unknown_word_with_no_score_is_never_a_silent_zero() -> None:
    report = check_file(ROOT / "tests" / "forms" / "qualitative" / "words.yaml")
    sheet = report.sheet
    assert sheet is not None and sheet.total_range == (Decimal("74.00"), Decimal("94.00"))
    words = str(ROOT / "tests" / "forms" / "qualitative" / "words.yaml")
    code, out = run("score", words)
    assert code == 0 and "74.00–94.00" in out and "0–10" in out
    code, out = run("score", "--format", "json", words)
    form = json.loads(out)["forms"][0]
    assert form["computed"]["total_range"] == ["74.00", "94.00"]
    assert [r.get("bounds") for r in form["computed"]["indicators"]][1] == ["0", "10"]
    code, out = run("verify", "--format", "html", words)
    assert code == 1 and "74.00–94.00" in out  # the TOTAL_MISMATCH finding states the range
