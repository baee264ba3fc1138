"""Workbooks as forms: the official layouts found by their labels, cells named in every finding."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.form.model import Form
from scoring.io.xlsx import NOTES_SHEET, read_workbook_forms
from scoring.pipeline.check import check_file, check_path, load_form
from scoring.report.xlsx_forms import write_forms

SEED = sorted((Path(__file__).resolve().parents[2] / "indicators/wuchang-bigdata-2022").glob("0*.yaml"))


def _key(findings: Any) -> list[tuple[str, str, str, str | None, str | None]]:
    return sorted((f.code, f.severity.value, f.path, f.stated, f.computed) for f in findings)


@pytest.mark.parametrize("yaml_path", SEED, ids=lambda p: p.stem)
def test_seed_forms_as_workbooks_verify_alike_naming_cells(tmp_path: Path, yaml_path: Path) -> None:
    form, _ = load_form(yaml_path)
    book = tmp_path / f"{yaml_path.stem}.xlsx"
    write_forms([form], book)
    [report] = check_path(book)
    expected = check_file(yaml_path)
    assert report.form == form
    assert _key(report.findings) == _key(expected.findings) and expected.findings
    assert report.sheet is not None and expected.sheet is not None
    assert report.sheet.total.value == expected.sheet.total.value
    for f in report.findings:
        assert f.cell and re.fullmatch(r".+![A-Z]+\d+", f.cell), f
        assert f.where().startswith(f"{book}!{f.cell.split('!')[0]}!")


def test_the_layout_carries_the_form_itself(tmp_path: Path) -> None:
    """Funds, rows, reported numbers and headings come from the layout's cells; only what the
    official form has no cell for is in the notes sheet."""
    form, _ = load_form(SEED[1])
    write_forms([form], tmp_path / "f.xlsx")
    notes = openpyxl.load_workbook(tmp_path / "f.xlsx")[NOTES_SHEET]
    paths = [json.loads(row[1]) for row in notes.iter_rows(min_row=2, values_only=True)]
    assert {p[0] for p in paths} == {"region", "rulebook", "source", "indicators", "narrative"}
    assert all(p[-1] == "weight_at" for p in paths if p[0] == "indicators")
    [w] = read_workbook_forms(tmp_path / "f.xlsx")
    assert w.src.cell_of(("funds", "budget")) == f"{w.sheet}!C6"
    assert w.src.cell_of(("reported", "execution_points")) == f"{w.sheet}!A5"
    assert w.src.cell_of(("indicators", 3, "weight")) == f"{w.sheet}!G11"


def test_the_heading_cells_a_form_prints_are_kept(tmp_path: Path) -> None:
    """主管部门, 项目实施单位 and 年度总体目标 are written down as printed (nothing is scored from
    them); the two heading cells go to and come back from the official layout's cells."""
    form, _ = load_form(SEED[1])
    data = form.model_dump(mode="json", exclude_none=True) | {
        "supervisor": "武汉市武昌区政务服务和大数据管理局",
        "implementer": "武汉市武昌区大数据中心",
        "goals": {"planned": "完成 3 亿条数据归集", "achieved": "归集数据 3.75 亿条"},
    }
    printed = Form.model_validate(data)
    assert printed.goals is not None and printed.goals.achieved == "归集数据 3.75 亿条"
    write_forms([printed], tmp_path / "f.xlsx")
    [w] = read_workbook_forms(tmp_path / "f.xlsx")
    assert w.src.cell_of(("supervisor",)) == f"{w.sheet}!B4"
    assert w.src.cell_of(("implementer",)) == f"{w.sheet}!F4"
    back = Form.model_validate(w.src.data)
    assert (back.supervisor, back.implementer, back.goals) == (
        printed.supervisor, printed.implementer, printed.goals
    )


# ------------------------------------------------------------------ the national (财预〔2020〕10号) layout


def _national(path: Path, rate_formula: bool = True, hide: int | None = None) -> None:
    """项目支出绩效自评表 as the Ministry prints it: multi-row funds header, merged cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评表"
    ws.merge_cells("A1:J1")
    ws["A1"] = "项目支出绩效自评表\n（2022年度）"
    for ref, text in {"A3": "项目名称", "C3": "示范项目", "A4": "主管部门", "C4": "示范局",
                      "F4": "实施单位", "H4": "示范中心"}.items():  # fmt: skip
        ws[ref] = text
    ws.merge_cells("A5:B8")
    ws["A5"] = "项目资金\n（万元）"
    for ref, text in {"D5": "年初\n预算数", "E5": "全年\n预算数", "F5": "全年\n执行数", "G5": "分值",
                      "H5": "执行率", "I5": "得分"}.items():  # fmt: skip
        ws[ref] = text
    ws["C6"], ws["D6"], ws["E6"], ws["F6"], ws["G6"] = "年度资金总额", 90, 100, 80, 10
    ws["H6"] = "=F6/E6" if rate_formula else 0.8
    ws["H6"].number_format = "0.00%"
    ws["I6"] = "=ROUND(G6*H6,2)" if rate_formula else 8
    ws["C7"], ws["C8"] = "其中：当年财政拨款", "上年结转资金"
    ws.merge_cells("A9:B10")
    ws["A9"] = "绩效指标"
    for col, text in zip("CDEFGHIJ", ("一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值",
                                      "分值", "得分", "偏差原因分析及改进措施"), strict=True):  # fmt: skip
        ws[f"{col}9"] = text
        ws.merge_cells(f"{col}9:{col}10")
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "120人次", 30, 30),
            ("产出指标", "质量指标", "合格率", "≥95%", "96%", 20, 20),
            ("效益指标", "社会效益指标", "群众满意", "达成", "完成", 30, 27),
            ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%", 10, 10)]  # fmt: skip
    for i, row in enumerate(rows, start=11):
        for col, value in zip("CDEFGHI", row, strict=True):
            ws[f"{col}{i}"] = value
    ws["C12"] = None
    ws.merge_cells("C11:C12")  # 产出指标 once, over both its rows
    if hide is not None:
        ws.row_dimensions[hide].hidden = True
    ws["A15"], ws["H15"], ws["I15"] = "总分", 100, 95
    wb.save(path)


def _cache(path: Path, values: dict[str, str]) -> None:
    """Give formula cells a cached value, as an office suite stores one."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        cell = rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)(?:<v\s*/>|<v></v>)?'
        xml, n = re.subn(cell, rf"\1\2<v>{value}</v>", xml)
        assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_the_national_layout_is_found_by_its_labels(tmp_path: Path) -> None:
    book = tmp_path / "national.xlsx"
    _national(book)
    _cache(book, {"H6": "0.8", "I6": "8"})
    [report] = check_path(book, _central())
    assert report.error is None, report.error_lines()
    form = report.form
    assert form is not None and form.year == 2022 and form.title == "示范项目" and form.unit == "示范中心"
    assert (form.funds.budget.text, form.funds.executed.text) == ("100", "80")
    assert form.reported.execution_points is not None and form.reported.execution_points.text == "10"
    assert [i.level1 for i in form.indicators] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert form.indicators[0].weight_at == "自评表!H11"
    assert report.form is not None and report.form.reported.total is not None
    assert report.form.reported.total.text == "95"
    assert not [f for f in report.findings if f.code.startswith("XLSX_")]


def test_a_formula_disagreeing_with_its_cached_value_is_a_finding(tmp_path: Path) -> None:
    book = tmp_path / "stale.xlsx"
    _national(book)
    _cache(book, {"H6": "0.9", "I6": "9"})  # F6/E6 is 0.8: recalculation was off
    [report] = check_path(book, _central())
    stale = {f.cell: f for f in report.findings if f.code == "XLSX_FORMULA_MISMATCH"}
    assert set(stale) == {"自评表!H6"}  # I6 = ROUND(G6*H6,2) agrees with the 0.9 shown in H6
    assert stale["自评表!H6"].path == "reported.execution_rate"
    assert "90.00%" in stale["自评表!H6"].message and "80.00%" in stale["自评表!H6"].message
    assert report.form is not None and report.form.reported.execution_rate is not None
    assert report.form.reported.execution_rate.text == "90.00%"  # the value shown is read


def test_an_uncached_formula_is_computed_and_said_so(tmp_path: Path) -> None:
    book = tmp_path / "fresh.xlsx"
    _national(book)
    [report] = check_path(book, _central())
    codes = {(f.code, f.cell) for f in report.findings}
    assert ("XLSX_FORMULA_UNCACHED", "自评表!H6") in codes
    assert report.form is not None and report.form.reported.execution_score is not None
    assert report.form.reported.execution_score.text == "8"


def test_hidden_rows_are_passed_over_and_reported(tmp_path: Path) -> None:
    book = tmp_path / "hidden.xlsx"
    _national(book, rate_formula=False, hide=14)
    [report] = check_path(book, _central())
    assert report.form is not None and [i.name for i in report.form.indicators][-1] == "群众满意"
    [hidden] = [f for f in report.findings if f.code == "XLSX_HIDDEN_ROW"]
    assert hidden.cell == "自评表!E14"


def test_errors_name_the_cell(tmp_path: Path) -> None:
    book = tmp_path / "bad.xlsx"
    _national(book, rate_formula=False)
    wb = openpyxl.load_workbook(book)
    wb["自评表"]["H12"] = "二十"
    wb.save(book)
    [report] = check_path(book, _central())
    assert report.status == "invalid"
    assert any(line.startswith(f"{book}!自评表!H12: indicators[1].weight") for line in report.error_lines())


def test_several_forms_in_one_workbook(tmp_path: Path) -> None:
    forms = [load_form(p)[0] for p in SEED[3:5]]
    write_forms(forms, tmp_path / "two.xlsx")
    reports = check_path(tmp_path / "two.xlsx")
    assert [r.form for r in reports] == forms
    assert [r.file.split("!")[1] for r in reports] == ["01-武昌区营商环境监督系统", "02-疫情防控经费"]
    result = CliRunner().invoke(main, ["verify", "--lang", "en", str(tmp_path)])
    assert "2 form(s)" in result.output and result.exit_code == 0
    explained = CliRunner().invoke(main, ["explain", str(tmp_path / "two.xlsx")])
    assert explained.exit_code == 0 and explained.output.count("two.xlsx!") >= 2


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("f.ods", b"PK", "not a readable .ods workbook"),
    ("f.xlsx", b"not a zip", "not a readable .xlsx workbook"),
    ("f.xls", b"not ole2", "not a readable .xls workbook"),
])  # fmt: skip
def test_unreadable_workbooks_get_a_message(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(main, ["verify", str(tmp_path / name)])
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output


def test_a_workbook_without_a_form_is_passed_over(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"  # type: ignore[index]
    wb.save(tmp_path / "table.xlsx")
    [report] = check_path(tmp_path / "table.xlsx")
    assert report.status == "skipped" and "no form found in the workbook" in str(report.skipped)
    # a folder holding forms and jixiao's own report of them: the report is passed over
    form, _ = load_form(SEED[4])
    write_forms([form], tmp_path / "form.xlsx")
    runner = CliRunner()
    runner.invoke(main, ["verify", str(tmp_path), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")])
    result = runner.invoke(main, ["verify", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 0 and "1 form(s)" in result.output, result.output


def test_import_writes_yaml_that_verifies_alike(tmp_path: Path) -> None:
    forms = [load_form(p)[0] for p in SEED]
    write_forms(forms, tmp_path / "all.xlsx")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "all.xlsx"), "-o", str(tmp_path / "y")])
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "y").glob("*.yaml"))
    assert len(written) == 7
    for book_report, yaml_path in zip(check_path(tmp_path / "all.xlsx"), written, strict=True):
        yaml_report = check_file(yaml_path)
        assert yaml_report.form == book_report.form
        assert _key(yaml_report.findings) == _key(book_report.findings)
        assert all(f.line for f in yaml_report.findings)
    text = written[1].read_text(encoding="utf-8")
    assert "  budget: '1960.42'  # 02-“智慧武昌”大数据中心项目第三期!C6\n" in text  # the cell, noted


def _central() -> Any:
    from scoring.rulebook.load import load_builtin

    return load_builtin("central-2020")


def test_forms_round_trip_through_the_model(tmp_path: Path) -> None:
    form, _ = load_form(SEED[6])
    write_forms([form], tmp_path / "d.xlsx")
    [w] = read_workbook_forms(tmp_path / "d.xlsx")
    assert Form.model_validate(w.src.data) == form
    assert [b.label for b in form.reported.blocks] == ["年度目标1", "年度目标2"]


def test_explain_aggregate_and_the_api_take_workbooks(tmp_path: Path) -> None:
    import scoring

    root = SEED[0].parent.parent
    books = []
    for yaml_path in SEED[4:6]:
        books.append(tmp_path / f"{yaml_path.stem}.xlsx")
        write_forms([load_form(yaml_path)[0]], books[-1])
    runner = CliRunner()
    reference = str(root / "references/wuchang-bigdata-2022.yaml")
    args = ["aggregate", "--reference", reference, "--format", "json"]
    from_yaml = runner.invoke(main, [*args, *map(str, SEED[4:6])])
    from_books = runner.invoke(main, [*args, *map(str, books)])
    assert from_books.exit_code == from_yaml.exit_code
    strip = re.compile(r'"(file|files|line|cell)": [^,\n]*')
    assert strip.sub("", from_books.output).replace(".xlsx", "") == strip.sub(
        "", from_yaml.output).replace(".yaml", "")  # fmt: skip
    explained = runner.invoke(main, ["explain", str(books[0])])
    assert explained.exit_code == 0 and "98.27" in explained.output
    assert scoring.check(str(books[1])).sheet.total.value == check_file(SEED[5]).sheet.total.value  # type: ignore[union-attr]


def test_a_workbook_unpacking_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.io.xlsx_cells as cells

    book = tmp_path / "big.xlsx"
    _national(book, rate_formula=False)
    monkeypatch.setattr(cells, "MAX_BYTES", 1000)
    [report] = check_path(book)
    assert "unpacks to" in report.error_lines()[0]


def test_general_format_shows_fifteen_digits() -> None:
    from decimal import Decimal

    from scoring.io.xlsx_cells import number_text

    assert number_text(Decimal("17.720000000000002"), "General") == "17.72"
    assert number_text(Decimal("0.886"), "0.0%") == "88.6%"
    assert number_text(Decimal("1730.6"), "#,##0.00") == "1,730.60"
    assert number_text(Decimal("0.885"), "0%") == "89%"
