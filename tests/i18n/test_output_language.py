"""Every command speaks the language asked for: Chinese by default, English on ``--lang en`` or
an English ``LANG``. The commands run over the bundled forms (indicators/) and the test forms
(tests/forms/), on their error paths too; the output is searched for words of the other
language outside a small allow-list (tests/i18n/leaks.py)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from leaks import (
    CJK,
    WORD,
    cjk_leaks,
    english_leaks,
    html_text,
    input_texts,
    input_words,
    json_messages,
    parse_json,
)

from scoring.cli.main import main
from scoring.i18n.help import HELP

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
FORMS = ROOT / "tests" / "forms"
BUILTIN = ROOT / "scoring" / "rulebook" / "builtin"
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
EN = {"LANG": "en_US.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


def _inputs() -> list[Path]:
    return sorted([*ROOT.joinpath("indicators").rglob("*.yaml"), *FORMS.rglob("*.yaml")])


@cache
def _form_words() -> frozenset[str]:
    """The words of the forms' text, and the ids of the test rulebooks."""
    ids = {yaml.safe_load(f.read_text("utf-8")).get("id", "") for f in FORMS.rglob("rules/*.yaml")}
    return input_words(_inputs()) | {w for i in ids for w in WORD.findall(i)}


def _rulebook_identifiers() -> frozenset[str]:
    """What ``jixiao rules show`` prints as the rulebook writes it: keys, enum values and the
    names in formulas; never a clause or note in words."""
    keys: set[str] = set()
    words: set[str] = set()
    for f in BUILTIN.glob("*.yaml"):
        k, values = input_texts([f])
        keys |= k
        for v in values:
            if (not CJK.search(v) and " " not in v.strip()) or any(c in v for c in "*/()<>=≥≤"):
                words.update(WORD.findall(v) if not CJK.search(v) else [])
    return frozenset(keys | words | {w for k in keys for w in WORD.findall(k)} | {"null", "true", "false"})


@cache
def _data_texts() -> frozenset[str]:
    """Chinese that English output may show as data: the forms' text and the rulebooks' (a
    rulebook text given in both languages shows its English one)."""
    _, values = input_texts(_inputs())
    values |= set(HELP)  # the English help names some things in Chinese on purpose
    for f in BUILTIN.glob("*.yaml"):
        values |= set(_texts_without_zh(yaml.safe_load(f.read_text("utf-8"))))
    return frozenset(values | _engine_terms())


ENGINE = ("engine", "verify", "rollup", "form", "formula", "rulebook", "pipeline", "io", "batch")
"""Where the engine names the form's own terms (预算执行得分, 全年预算数) in Chinese, in every
language; our sentences for people are in scoring/i18n, reports and commands, never here."""


def _engine_terms() -> set[str]:
    terms: set[str] = set()
    for folder in ENGINE:
        for f in (ROOT / "scoring" / folder).rglob("*.py"):
            for literal in re.findall(r'"([^"\n]*)"', f.read_text("utf-8")):
                terms.update(CJK.findall(literal))
    return terms


def _texts_without_zh(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield str(k)
            if k != "zh":
                yield from _texts_without_zh(v)
    elif isinstance(data, list):
        for v in data:
            yield from _texts_without_zh(v)
    elif isinstance(data, str):
        yield data


def _run(args: list[str], env: dict[str, str | None]) -> str:
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    if "--help" in args:  # click wraps a long help anywhere, even inside a word: rejoin it
        return re.sub(r"(?<=[A-Za-z./])\n\s+(?=[A-Za-z])", "", result.output)
    return result.output


def _tables(tmp: Path) -> Path:
    folder = tmp / "table"
    folder.mkdir()
    forms = [{"form_id": "a", "rulebook": "hubei-2022", "budget": "1,960.42", "executed": "1736.1",
              "reported_total": "97.71"},
             {"form_id": "b", "rulebook": "no-such-2022", "budget": "1", "executed": "1",
              "reported_total": ""}]  # fmt: skip
    rows = [{"form_id": "a", "level1": "产出指标", "level2": "数量指标", "name": "数据归集总量",
             "weight": "80", "op": ">=", "target": "3", "actual": "3.75", "kind": "",
             "grade": "", "reported_score": "80"},
            {"form_id": "b", "level1": "产出指标", "level2": "数量指标", "name": "n",
             "weight": "80", "op": ">=", "target": "x", "actual": "1", "kind": "", "grade": "",
             "reported_score": ""}]  # fmt: skip
    for name, table in (("forms.csv", forms), ("indicators.csv", rows)):
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)
    return folder


def _bad_inputs(tmp: Path) -> list[str]:
    (tmp / "syntax.yaml").write_text("title: [1,\n", "utf-8")
    (tmp / "schema.yaml").write_text("title: 某项目\nyear: 二〇二二\nweight: 3\n", "utf-8")
    (tmp / "empty.yaml").write_text("", "utf-8")
    return [str(tmp / n) for n in ("syntax.yaml", "schema.yaml", "empty.yaml")]


def _aggregate() -> list[str]:
    return ["aggregate", str(SEED / "05-epidemic-prevention.yaml"),
            str(SEED / "06-tax-relief-special-fund.yaml"), "--reference",
            str(ROOT / "indicators" / "references" / "wuchang-bigdata-2022.yaml"),
            "--title", "2100410 突发公共卫生事件应急处理"]  # fmt: skip


def _commands(tmp: Path) -> list[list[str]]:
    """Every command over the forms, with their error paths."""
    seed, forms = str(SEED), str(FORMS)
    one = str(SEED / "02-zhihui-wuchang-phase3.yaml")
    bad = _bad_inputs(tmp)
    aggregate = _aggregate()
    real = str(ROOT / "indicators" / "real")
    runs = [
        ["score", seed, forms, real],
        ["verify", "-j", "1", seed, forms, real],
        ["verify", "-j", "1", *bad],
        ["score", *bad],
        ["explain", one],
        ["explain", str(FORMS / "qualitative" / "words.yaml")],
        ["explain", bad[1]],
        aggregate,
        ["aggregate", str(SEED)],
        ["aggregate", bad[1]],
        ["rules", "list"],
        ["rules", "which", one],
        ["rules", "which", str(FORMS / "rulebooks" / "named-file.yaml")],
        ["rules", "which", str(FORMS / "rulebooks")],
        ["rules", "which", real],  # forms of regions without a rulebook, and with no region
        ["rules", "check", "hubei-2022"],
        ["verify", str(tmp / "missing.yaml")],
        ["verify", "--rulebook", "no-such-2022", one],
        ["verify", "--format", "xlsx", one],
        ["rules", "show", "no-such-2022"],
        ["batch", str(_tables(tmp)), "--out", str(tmp / "out.csv")],
        ["batch", str(tmp), "--out", str(tmp / "out.csv")],
        ["test", "--root", str(ROOT), str(ROOT / "tests" / "cases")],
        ["test", str(ROOT / "tests" / "cases" / "seed")],
        ["template", "--rulebook", "hubei-2022", "-o", str(tmp / "t.xlsx")],
        ["template", "--rulebook", "hubei-2022", "-o", str(tmp / "t.txt")],
        ["import", str(tmp / "t.xlsx"), "-o", str(tmp / "imported")],
        ["import", bad[0], "-o", str(tmp / "imported")],
        ["import", str(ROOT / "tests" / "fuzz" / "regressions" / "excel_reader" / "read-seed.xlsx"),
         "-o", str(tmp / "seed")],
        ["verify", str(ROOT / "tests" / "fuzz" / "regressions" / "excel_reader" / "read-seed.xlsx")],
    ]
    runs += [["rules", "show", f.stem] for f in sorted(BUILTIN.glob("*.yaml"))]
    runs += [["--help"], *([c, "--help"] for c in COMMANDS), *(["rules", c, "--help"] for c in RULES)]
    return runs


COMMANDS = ("score", "verify", "explain", "aggregate", "batch", "import", "template", "rules",
            "serve", "test")
RULES = ("list", "show", "which", "check")
HELP_WORDS = frozenset({
    # metavars, choices and names a help text gives as they are typed
    "COMMAND", "ARGS", "PATHS", "PATH", "FORM", "ID", "FILE", "SOURCE", "WORKBOOK", "CASES",
    "INTEGER", "RANGE", "TEXT", "FLOAT", "NAME", "DIRECTORY", "OUT", "text", "json", "jsonl",
    "html", "xlsx", "zh", "CN", "en", "project", "department", "budget", "executed", "csv",
    "parquet", "arrow", "stderr", "extends", "error", "kind", "reference", "utf", "gb", "gbk",
    "CSV", "UTF", "GBK", "BOM", "Excel", "Windows", "WPS", "LibreOffice", "API", "CPU", "MB",
    "Parquet", "Arrow", "LC_ALL", "LC_MESSAGES", "LANG", "ALL", "MESSAGES", "docs", "v1", "x",
    "xls", "forms", "indicators", *COMMANDS, *RULES,
})
"""What ``--help`` shows as it is typed: metavars, choices, formats and variables."""


def _outputs(tmp: Path, env: dict[str, str | None]) -> Iterator[tuple[list[str], str]]:
    for args in _commands(tmp):
        yield args, _run(args, env)
    for args in (["verify", "-j", "1", "--format", "json", str(SEED), str(FORMS)],
                 ["score", "--format", "json", str(SEED), str(FORMS)],
                 ["verify", "-j", "1", "--format", "jsonl", str(SEED), *_bad_inputs(tmp)],
                 [*_aggregate(), "--format", "json"]):  # fmt: skip
        yield args, "\n".join(json_messages(parse_json(_run(args, env))))


def _allowed(args: list[str]) -> frozenset[str]:
    if "--help" in args:
        return _form_words() | HELP_WORDS
    if args[0] in ("rules", "test"):
        return _form_words() | _rulebook_identifiers()
    return _form_words()


def test_chinese_output_holds_no_english(tmp_path: Path) -> None:
    leaks = [f"jixiao {' '.join(a[:2])}: {leak}" for a, out in _outputs(tmp_path, ZH)
             for leak in english_leaks(out, _allowed(a))]  # fmt: skip
    assert not leaks, "\n".join(leaks[:60]) + f"\n… {len(leaks)} lines"


def test_english_output_holds_no_chinese_of_ours(tmp_path: Path) -> None:
    leaks = [f"jixiao {' '.join(a[:2])}: {leak}" for a, out in _outputs(tmp_path, EN)
             for leak in cjk_leaks(out, _data_texts())]  # fmt: skip
    assert not leaks, "\n".join(leaks[:60]) + f"\n… {len(leaks)} lines"


def test_lang_option_wins_over_the_locale() -> None:
    one = str(SEED / "02-zhihui-wuchang-phase3.yaml")
    assert english_leaks(_run(["score", "--lang", "zh-CN", one], EN), _form_words()) == []
    assert cjk_leaks(_run(["score", "--lang", "en", one], ZH), _data_texts()) == []


@pytest.mark.parametrize("command", ["score", "verify"])
def test_html_report_fixed_text(tmp_path: Path, command: str) -> None:
    paths = [str(SEED), str(FORMS), *_bad_inputs(tmp_path)]
    zh = html_text(_run([command, "--format", "html", *paths], ZH))
    en = html_text(_run([command, "--format", "html", *paths], EN))
    assert not english_leaks(zh, _form_words()), english_leaks(zh, _form_words())[:40]
    assert not cjk_leaks(en, _data_texts()), cjk_leaks(en, _data_texts())[:40]


def test_html_shows_a_score_range_where_the_text_does() -> None:
    form = str(FORMS / "qualitative" / "words.yaml")
    text = _run(["score", "--lang", "zh", form], ZH)
    page = _run(["score", "--format", "html", "--lang", "zh", form], ZH)
    assert "0–10" in text and "74.00–94.00" in text
    assert '<td class="num">0–10</td>' in page and '<td class="num">74.00–94.00</td>' in page
    assert "有一行的等级未定" in html_text(page)


def test_upload_page_fixed_text() -> None:
    from scoring.service.limits import Limits
    from scoring.service.pages import upload_page

    zh, en = html_text(upload_page("zh-CN", Limits())), html_text(upload_page("en", Limits()))
    assert not english_leaks(zh, _form_words()), english_leaks(zh, _form_words())
    assert not cjk_leaks(en, _data_texts()), cjk_leaks(en, _data_texts())


def _cells(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                     for c in row if isinstance(c.value, str) and not c.value.startswith("="))  # fmt: skip


def test_xlsx_report_fixed_text(tmp_path: Path) -> None:
    paths = [str(SEED), str(FORMS), *_bad_inputs(tmp_path)]
    _run(["verify", "--format", "xlsx", "-o", str(tmp_path / "zh.xlsx"), *paths], ZH)
    _run(["verify", "--format", "xlsx", "-o", str(tmp_path / "en.xlsx"), *paths], EN)
    zh, en = _cells(tmp_path / "zh.xlsx"), _cells(tmp_path / "en.xlsx")
    assert not english_leaks(zh, _form_words()), english_leaks(zh, _form_words())[:40]
    assert not cjk_leaks(en, _data_texts()), cjk_leaks(en, _data_texts())[:40]


def test_the_checks_catch_known_leaks() -> None:
    """The detector itself: the leaks this test was written against are caught."""
    words = _form_words()
    for leak in ("  预算执行  A 1960.42  B 1736.1  执行率 88.56%  20  17.71  points × rate: 20 × 88.5576 %",
                 "  依据：hubei-2022: 某文件 某条 (wording as recalled, clause not checked) (recalled)",
                 "  填报 year_start，核算 adjusted",
                 "x.yaml：无法读取（1 个问题）\n  x.yaml:2: YAML"
                     " syntax error: expected the node content"):  # fmt: skip
        assert english_leaks(leak, words), leak
    assert not english_leaks("  错误  TOTAL_MISMATCH  reported.total（第 41 行） indicators[0].weight "
                             "hubei-2022 tests/forms/a.yaml", words)  # fmt: skip
    assert cjk_leaks("stated 98.22, computed 100.00 [原因不明]", _data_texts())
    assert cjk_leaks("x.yaml:2：YAML 语法错误：此处无法解析", _data_texts())
    assert cjk_leaks("总分 98.22 不等于本表各行所列得分之和（100）", _data_texts())
    assert not cjk_leaks("总分 98.22 is not the sum of the form's own printed rows (100)", _data_texts())
