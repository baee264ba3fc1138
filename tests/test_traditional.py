"""Forms transcribed in traditional characters (繁體) read like simplified ones.

The folding (scoring/fold.py) and its committed table, each matcher that uses it, and a
property: converting any built-in form's text to traditional characters (OpenCC s2t, s2tw,
s2hk) changes no score and no finding.
"""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.fold import TABLE_FILE, fold, parse_table, same
from scoring.form.funds import Funds
from scoring.form.model import Actual, Indicator
from scoring.form.printed import is_blank
from scoring.pipeline.check import FormReport, check_file, check_text
from scoring.rulebook.load import load_builtin
from scoring.values import Op, parse_printed

ROOT = Path(__file__).resolve().parent.parent
FORMS = sorted(
    p for p in [*(ROOT / "indicators").rglob("*.yaml"), *(ROOT / "tests" / "forms").rglob("*.yaml")]
    if "traditional" not in p.parts and "references" not in p.parts
)  # fmt: skip


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("t2s_table", ROOT / "tools" / "t2s_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["t2s_table"] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the table


def test_the_committed_table_is_what_the_script_makes() -> None:
    committed = (ROOT / "scoring" / TABLE_FILE).read_text(encoding="utf-8")
    assert committed == _tool().build(), "stale: run python tools/t2s_table.py"


def test_the_table_never_folds_a_character_a_vocabulary_uses() -> None:
    vocabulary = _tool().vocabulary_characters()
    pairs = parse_table((ROOT / "scoring" / TABLE_FILE).read_text(encoding="utf-8"))
    assert len(pairs) > 100
    assert not set(pairs) & vocabulary  # 著 of 显著 stays 著
    assert set(pairs.values()) <= vocabulary
    for word in ("显著", "产出指标", "达成预期指标", "不低于", "万元", "控制率"):
        assert fold(word) == word


def test_fold() -> None:
    assert fold("產出指標") == "产出指标"
    assert fold("達成預期指標") == "达成预期指标"
    assert fold("１０％") == "10%"  # NFKC
    assert fold("100m²") == "100m²"  # but m² stays a unit
    assert fold(fold("質量指標")) == fold("質量指標") == "质量指标"
    assert same("滿意度指標", "满意度指标") and not same("产出指标", "效益指标")


# ---------------------------------------------------------------- the matchers


def test_values_read_traditional_comparators_units_and_magnitudes() -> None:
    p = parse_printed("不低於95%")
    assert (p.op, p.value, p.unit) == (Op.GE, Decimal(95), "%")
    amount = parse_printed("3.5萬元")
    assert (amount.unit, amount.base_unit, amount.magnitude()) == ("万元", "元", Decimal(35000))
    assert amount.text == "3.5萬元"  # the text stays as printed
    assert parse_printed("≥3億條").magnitude() == Decimal(300000000)
    assert parse_printed("10個以上").op is Op.GE
    assert parse_printed("不少於10項").unit == "项"
    assert parse_printed("100%覆蓋").value == Decimal(100)


def test_blank_and_illegible_marks_in_traditional_characters() -> None:
    assert is_blank("無") and is_blank("無法辨認") and is_blank("字跡不清")
    assert not is_blank("無償")


def test_funds_unit_actual_grade_and_nature_as_printed() -> None:
    assert Funds.model_validate({"unit": "萬元", "budget": "1"}).unit == "万元"
    assert Actual.model_validate({"text": "達成預期目標", "grade": "達成"}).grade == "达成"
    row = Indicator.model_validate({"level1": "產出指標", "level2": "質量指標", "name": "驗收",
                                    "nature": "定性指標", "target": "合格", "actual": "合格"})
    assert row.nature == "定性" and row.level1 == "產出指標"


def test_grade_words_and_negations() -> None:
    from scoring.engine.qualitative import read_words

    rb = load_builtin("hubei-2023")
    assert read_words("達成預期指標", "", rb).grade == "达成"
    assert read_words("部分達成", "", rb).grade == "部分达成"
    assert read_words("未達成", "", rb).grade == "未达成"
    assert read_words("滿意", "", rb).grade == "达成"
    assert read_words("較好", "", rb).grade == "达成"
    assert read_words("已按期完成", "按期完成", rb).how == "target"
    assert read_words("未按期完成", "按期完成", rb).how != "target"  # 未 is a negation
    assert read_words("尚未按期完成", "按期完成", rb).how != "target"


def test_direction_words() -> None:
    from scoring.engine.direction import infer_direction

    rb = load_builtin("central-2020")
    for level2, name in (("成本指標", "項目總投資"), ("質量指標", "公用經費控制率"),
                         ("質量指標", "設備單價"), ("社會效益指標", "投訴次數"),
                         ("質量指標", "安全事故發生數")):  # fmt: skip
        found = infer_direction("產出指標", level2, name, rb)
        assert found is not None and found.op == "<=", name
    assert infer_direction("滿意度指標", "滿意度", "投訴處理率", rb) is None  # an except word


def test_level1_blocks_regions_and_labels() -> None:
    from scoring.io.csvtext import canonical_column
    from scoring.io.xlsx_labels import INDICATOR_COLUMNS, norm, printed_span

    rb = load_builtin("chongqing-department-2020")
    assert rb.covers("重慶市渝北區") and not rb.covers("四川省")
    assert canonical_column("三級指標") == "name" and canonical_column("預算數(A)") == "budget"
    assert INDICATOR_COLUMNS["level1"](norm("一級指標"))
    assert printed_span("年度績效目標1（80分）", 0, 7) == "年度績效目標1"


def _level1_report(level1: str) -> FormReport:
    rows = "\n".join(
        f"  - {{level1: {block}, level2: 數量指標, name: 指標{i}, weight: \"{w}\", target: ≥1個, "
        f"actual: 1個, reported_score: \"{w}\"}}"
        for i, (block, w) in enumerate(((level1, 50), ("效益指標", 30), ("滿意度指標", 10)))
    )
    text = (f"kind: project\ntitle: 示例\nunit: 示例單位\nyear: 2022\nregion: 安徽省\n"
            f"source: {{document: 示例, section: 自評表}}\n"
            f"funds: {{budget: \"100\", executed: \"100\"}}\nindicators:\n{rows}\n")  # fmt: skip
    return check_text(text, "form.yaml")


def test_a_traditional_level1_block_is_the_rulebooks_block() -> None:
    report = _level1_report("產出指標")
    assert report.error is None and report.sheet is not None
    assert {f.code for f in report.findings} == {"RULEBOOK_SELECTED"}
    assert report.sheet.total.value == Decimal("100.00")
    unknown = _level1_report("產出")  # a block the rulebook has not, still said
    assert "STRUCTURE_UNKNOWN_BLOCK" in {f.code for f in unknown.findings}


# ---------------------------------------------------------------- the property


def _outcome(report: FormReport, shift: int = 0) -> tuple[object, ...]:
    """The numbers and the findings (code, severity, diagnosis, line less ``shift``)."""
    if report.error is not None or report.sheet is None:
        return ("unreadable", type(report.error).__name__)
    sheet = report.sheet
    scores = tuple(str(r.score) for r in sheet.indicators)
    found = sorted((f.code, str(f.severity), f.diagnosis or "", (f.line or shift) - shift)
                   for f in report.findings)  # fmt: skip
    return (str(sheet.total.value), str(sheet.execution.value), scores, found)


_CONVERTERS = {name: opencc.OpenCC(name) for name in ("s2t", "s2tw", "s2hk")}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMS), st.sampled_from(sorted(_CONVERTERS)))
def test_traditional_characters_change_no_score_and_no_finding(form: Path, config: str) -> None:
    simplified = check_file(form)
    if simplified.skipped is not None:
        return
    text = _CONVERTERS[config].convert(form.read_text(encoding="utf-8"))
    traditional = check_text(text, str(form))
    assert _outcome(traditional) == _outcome(simplified)


@pytest.mark.parametrize(
    "form", [ROOT / "indicators/wuchang-bigdata-2022/02-zhihui-wuchang-phase3.yaml",
             ROOT / "indicators/real/sichuan-zhongjiang/01-water-gauges.yaml"],
)  # fmt: skip
def test_the_committed_traditional_copies_read_as_their_forms(form: Path) -> None:
    copy = next(p for p in (ROOT / "tests" / "forms" / "traditional").glob("*.yaml")
                if p.name.endswith(form.name))  # fmt: skip
    assert "產出指標" in copy.read_text(encoding="utf-8")
    assert _outcome(check_file(copy), shift=2) == _outcome(check_file(form))  # 2 lines of heading


def _workbook(form_path: Path, book: Path, config: str | None) -> Path:
    """A seed form as jixiao writes it into the official layout, its notes sheet dropped (the
    cells alone are read), every text cell converted to traditional characters when asked."""
    import openpyxl

    from scoring.io.xlsx import NOTES_SHEET
    from scoring.pipeline.check import load_form
    from scoring.report.xlsx_forms import write_forms

    form, _ = load_form(form_path)
    write_forms([form], book)
    wb = openpyxl.load_workbook(book)
    if NOTES_SHEET in wb.sheetnames:
        del wb[NOTES_SHEET]
    for ws in wb.worksheets if config else ():
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    cell.value = _CONVERTERS[config].convert(cell.value)
    wb.save(book)
    return book


def test_a_workbook_in_traditional_characters_reads_like_the_simplified_one(
    tmp_path: Path,
) -> None:
    from scoring.pipeline.check import check_path

    seed = ROOT / "indicators/wuchang-bigdata-2022/02-zhihui-wuchang-phase3.yaml"
    [simplified] = check_path(_workbook(seed, tmp_path / "s.xlsx", None))
    [traditional] = check_path(_workbook(seed, tmp_path / "t.xlsx", "s2t"))
    assert simplified.form is not None and traditional.form is not None
    assert traditional.form.title == _CONVERTERS["s2t"].convert(simplified.form.title)  # as printed
    assert traditional.form.indicators[0].level1 == "產出指標"
    assert traditional.form.reported.blocks[0].label == "年度績效目標1"
    assert [b.label for b in traditional.form.reported.blocks] == [
        _CONVERTERS["s2t"].convert(b.label) for b in simplified.form.reported.blocks]
    assert _outcome(traditional) == _outcome(simplified)


def test_a_batch_table_in_traditional_characters_scores_like_the_simplified_one() -> None:
    import pyarrow as pa

    from scoring.batch.score import score_tables

    names = ["form_id", "level1", "level2", "name", "weight", "op", "target", "actual", "kind",
             "grade", "reported_score"]  # fmt: skip
    rows = [  # anhui-2020 fixes 产出 50 / 效益 30 / 满意度 10: 60 / 20 / 10 rows are rescaled
        ["a", "产出指标", "数量指标", "培训人次", "30", "", "100", "120", "", "", ""],
        ["a", "产出指标", "成本指标", "单位成本", "30", "", "20", "25", "", "", ""],
        ["a", "效益指标", "社会效益指标", "群众反映", "20", "", "良好", "达成预期指标", "qualitative",
         "", ""],
        ["a", "满意度指标", "服务对象满意度指标", "满意度", "10", "", "满意", "较好", "qualitative",
         "部分达成", ""],
    ]  # fmt: skip
    forms = pa.table({"form_id": ["a"], "budget": ["100"], "executed": ["90"],
                      "rulebook": ["anhui-2020"]})  # fmt: skip

    def run(convert: bool) -> list[object]:
        cells = [[_CONVERTERS["s2t"].convert(c) if convert else c for c in r] for r in rows]
        table = pa.table({n: pa.array([r[i] for r in cells], pa.string())
                          for i, n in enumerate(names)})  # fmt: skip
        result, _ = score_tables(forms, lambda: [table])
        [got] = result.to_pylist()
        assert got["error"] is None, got
        return [got["execution_score"], got["indicator_total"], got["total"], got["grade"]]

    assert run(True) == run(False)
    assert run(False)[1] != Decimal("90")  # the blocks were rescaled and the cost cap inferred
