"""The message catalogue: every finding code in Chinese and English, numbers as printed."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from scoring.cli.main import main
from scoring.codes import CATALOGUE
from scoring.findings import Finding
from scoring.i18n import message_key, render_message, resolve_lang
from scoring.i18n.messages import MESSAGES
from scoring.i18n.numbers import amount, grouped, percent
from scoring.i18n.terms import TERMS
from scoring.i18n.ui import UI
from scoring.pipeline.check import check_file, expand_paths
from scoring.rollup.aggregate import aggregate
from scoring.rollup.check import check_reference
from scoring.rollup.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
PACKAGE = ROOT / "scoring"


def raised_codes() -> dict[str, str]:
    """The codes raised anywhere in scoring/, as tests/test_codes.py scans them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_codes_scan", ROOT / "tests" / "test_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.raised_codes()  # type: ignore[no-any-return]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_raised_or_catalogued_has_both_templates() -> None:
    codes = set(raised_codes()) | set(CATALOGUE)
    keyed = {key.split(".")[0] for key in MESSAGES}
    missing = sorted(codes - keyed)
    assert not missing, f"add zh-CN and English templates to scoring/i18n/messages.py: {missing}"
    assert keyed <= set(CATALOGUE), f"templates for codes not in scoring/codes.py: {keyed - set(CATALOGUE)}"
    for key, message in MESSAGES.items():
        assert message.zh.strip() and message.en.strip(), key
        assert re.search(r"[\u4e00-\u9fff]", message.zh), f"{key}: the zh-CN template is not Chinese"


def test_both_languages_use_the_same_values() -> None:
    for key, message in MESSAGES.items():
        assert _fields(message.zh) == _fields(message.en), key
        values = {name: "1" for name in _fields(message.zh)}
        for lang in ("zh-CN", "en"):
            code, _, variant = key.partition(".")
            params = values | ({"variant": variant} if variant else {})
            assert render_message(code, params, {}, lang, strict=True)


def test_every_variant_named_in_the_source_has_a_template() -> None:
    source = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py"))
    named = set(re.findall(r'"variant": "([a-z_]+)"', source))
    named |= set(re.findall(r'_problem\([^)]*?, "([a-z_]+)"', source, flags=re.S))
    named |= set(re.findall(r'"variant": "([a-z_]+)" if', source))
    variants = {key.partition(".")[2] for key in MESSAGES}
    assert named and named <= variants, named - variants


def _seed_rollup_findings() -> list[Finding]:
    files = sorted(SEED.glob("0[1-6]-*.yaml"))
    forms = [f.form for f in map(check_file, files) if f.form is not None]
    rollup = aggregate(forms)
    ref, src = load_reference(ROOT / "indicators" / "references" / "wuchang-bigdata-2022.yaml")
    dep = check_file(SEED / "07-department-overall.yaml").form
    _, found = check_reference(rollup, ref, src, dep)
    return [*rollup.findings, *found]


def test_every_finding_met_renders_from_its_template_in_both_languages() -> None:
    reports = [check_file(p) for p in expand_paths([ROOT / "indicators", ROOT / "tests"])]
    findings = [f for r in reports for f in r.findings] + _seed_rollup_findings()
    assert len({f.code for f in findings}) >= 15
    for f in findings:
        fields = {"stated": f.stated, "computed": f.computed, "section": f.section, "path": f.path}
        for lang in ("zh-CN", "en"):
            assert message_key(f.code, f.params) in MESSAGES, (f.code, f.params)
            assert render_message(f.code, f.params, fields, lang, strict=True) == f.text(lang)
            assert "{" not in f.text(lang), f.text(lang)


def test_seed_sentences_as_the_form_prints_them() -> None:
    report = check_file(SEED / "02-zhihui-wuchang-phase3.yaml")
    [exec_score] = [f for f in report.findings if f.code == "EXEC_SCORE_MISMATCH"][:1]
    assert exec_score.text() == (
        "17.72 = 20 × 88.6%（即原表所列执行率）：执行率先四舍五入到 0.1% 再相乘；精确得分为 17.71"
        "（20 × 1,736.1 万元 ÷ 1,960.42 万元 = 17.7115107987…）"
    )
    assert exec_score.text("en").startswith("17.72 = 20 × 88.6% (the rate as printed): the rate was")
    assert exec_score.code == "EXEC_SCORE_MISMATCH" and exec_score.params["variant"] == "rate"


def test_numbers_as_printed() -> None:
    assert amount("1960.42") == "1,960.42 万元"
    assert amount("1,960.42") == "1,960.42 万元"
    assert amount("4794.98万元") == "4,794.98 万元"
    assert amount("+2460.86") == "+2,460.86 万元"
    assert amount("五十") == "五十"
    assert percent("88.6 %") == "88.6%" and percent("88.6%") == "88.6%" and percent("—") == "—"
    assert grouped("1234567") == "1,234,567" and grouped("≥3亿条") == "≥3亿条"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**12, max_value=10**12))
def test_grouping_only_adds_separators(value: object) -> None:
    text = f"{value:f}"
    shown = grouped(text)
    assert shown.replace(",", "") == text
    whole = shown.lstrip("+-").split(".")[0]
    assert all(len(g) == 3 for g in whole.split(",")[1:])


def test_language_from_option_then_locale() -> None:
    assert resolve_lang("en") == "en" and resolve_lang("zh") == "zh-CN"
    assert resolve_lang(None, {}) == "zh-CN"
    assert resolve_lang(None, {"LANG": "en_US.UTF-8"}) == "en"
    assert resolve_lang(None, {"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert resolve_lang(None, {"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}) == "zh-CN"
    assert resolve_lang("zh-CN", {"LANG": "en_US.UTF-8"}) == "zh-CN"


def test_terms_and_interface_in_both_languages() -> None:
    for table in (TERMS, UI):
        for key, m in table.items():
            assert (m.zh == "") == (m.en == ""), key


def test_json_keeps_code_and_gains_params_and_the_message_in_the_language_asked() -> None:
    path = str(SEED / "02-zhihui-wuchang-phase3.yaml")
    zh = json.loads(CliRunner().invoke(main, ["verify", "--format", "json", "--lang", "zh", path]).output)
    en = json.loads(CliRunner().invoke(main, ["verify", "--format", "json", "--lang", "en", path]).output)
    pairs = list(zip(zh["forms"][0]["findings"], en["forms"][0]["findings"], strict=True))
    assert pairs
    for a, b in pairs:
        assert a["code"] == b["code"] and a["params"] == b["params"]
        assert re.search(r"[\u4e00-\u9fff]", a["message"])
        assert a["message"] != b["message"]


def test_locale_picks_english_when_no_option() -> None:
    path = str(SEED / "02-zhihui-wuchang-phase3.yaml")
    out = CliRunner(env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}).invoke(
        main, ["verify", path]
    ).output
    assert "the rate was rounded to 0.1% before multiplying" in out
    out = CliRunner(env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}).invoke(
        main, ["verify", path]
    ).output
    assert "执行率先四舍五入到 0.1% 再相乘" in out


def _sentences(path: Path, code: str) -> list[tuple[str, str]]:
    from scoring.i18n import render_message
    from scoring.pipeline.check import check_file

    found = [f for f in check_file(path).findings if f.code == code]
    assert found, code
    fields = {"path": "", "stated": None, "computed": None}
    return [(render_message(f.code, f.params, fields, "zh", strict=True),
             render_message(f.code, f.params, fields, "en", strict=True)) for f in found]  # fmt: skip


def test_an_inferred_direction_names_the_row_the_word_and_the_comparator() -> None:
    forms = Path(__file__).resolve().parents[1] / "forms" / "rulebooks"
    [(zh, en)] = _sentences(forms / "anhui-project.yaml", "DIRECTION_INFERRED")
    assert zh.startswith("公用经费控制率：") and "由“控制率”推定为 ≤" in zh
    assert en.startswith("公用经费控制率: ") and "≤ is inferred from “控制率”" in en


def test_rows_without_a_core_flag_are_named() -> None:
    forms = Path(__file__).resolve().parents[1] / "forms" / "rulebooks"
    [(zh, en)] = _sentences(forms / "chongqing-department.yaml", "CORE_FLAG_MISSING")
    assert "服务对象满意度 未标明" in zh and "服务对象满意度 do not say" in en


def test_a_failing_case_is_told_in_chinese(tmp_path: Path) -> None:
    """`jixiao test` says how a case differs in the language asked for: severity, diagnosis,
    stated value, a message that does not say what was expected, and a number."""
    from leaks import english_leaks

    root = Path(__file__).resolve().parents[2]
    case = (root / "tests" / "cases" / "seed" / "02-zhihui-wuchang-phase3.yaml").read_text("utf-8")
    wrong = (case.replace('total: "97.71"', 'total: "97.70"', 1)
             .replace("severity: warning", "severity: error", 1)
             .replace("diagnosis: rounding-policy", "diagnosis: unexplained", 1))  # fmt: skip
    assert wrong != case
    (tmp_path / "wrong.yaml").write_text(wrong, "utf-8")
    run = CliRunner().invoke(main, ["test", str(tmp_path / "wrong.yaml"), "--root", str(root),
                                    "--lang", "zh"])  # fmt: skip
    assert run.exit_code == 1, run.output
    assert "应为 97.70，核算为 97.71" in run.output and "严重程度为 warning，应为 error" in run.output
    assert english_leaks(run.output, frozenset({"warning", "error", "unexplained", "rounding",
                                                "policy", "expect", "total"})) == []  # fmt: skip
