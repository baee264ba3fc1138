"""Files written by a real office suite: LibreOffice (headless) fills, recalculates and converts.

.ci/run installs LibreOffice Calc when ``soffice`` is missing; these tests need it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.pipeline.check import check_path
from scoring.rulebook.load import load_builtin


def _soffice(tmp_path: Path, source: Path, to: str) -> Path:
    """Convert ``source`` with LibreOffice headless (its own profile, so runs do not collide)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is needed: .ci/run installs libreoffice-calc"
    out = tmp_path / f"lo-{to}"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    [made] = out.glob(f"{source.stem}.{to}")
    return made


def _fill(template: Path, filled: Path) -> None:
    """Fill the template's white cells as a unit would."""
    wb = openpyxl.load_workbook(template)
    ws = wb["自评表"]
    ws["A1"] = "2022年度示范项目自评表"
    for ref, value in {"B2": "示范中心", "B3": "示范项目", "B4": "示范局", "F4": "示范中心",
                       "C6": 1960.42, "D6": 1736.1}.items():  # fmt: skip
        ws[ref] = value
    rows = [("产出指标", "数量指标", "数据归集总量", "≥3亿条", "3.5亿条", 40, 40),
            ("效益指标", "社会效益指标", "智慧场景", "按期完成", "完成", 40, 36)]  # fmt: skip
    for r, row in enumerate(rows, start=8):
        for c, value in enumerate(row, start=2):
            ws.cell(r, c).value = value
    wb.save(filled)


def test_a_template_filled_and_saved_by_libreoffice_verifies(tmp_path: Path) -> None:
    template, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    result = CliRunner().invoke(main, ["template", "--rulebook", "hubei-2022", "-o", str(template)])
    assert result.exit_code == 0, result.output
    _fill(template, filled)
    for saved in (_soffice(tmp_path, filled, to) for to in ("xlsx", "xls", "ods")):
        [report] = check_path(saved)
        assert report.status == "ok", (saved, report.error_lines(), report.findings)
        assert report.sheet is not None and report.sheet.rulebook.id == "hubei-2022"
        form = report.form
        assert form is not None and form.reported.execution_score is not None
        assert form.reported.execution_score.text == "17.71"  # ROUND(20 × 1736.1 ÷ 1960.42, 2)
        assert form.reported.total is not None and form.reported.total.text == "93.71"
        assert str(report.sheet.total.value) == "93.71"
        assert not [f for f in report.findings if f.code.startswith("XLSX_")]


FILLED = {"A1": "2022年度示范项目自评表", "B2": "示范中心", "B3": "示范项目", "B4": "示范局",
          "F4": "示范中心", "C6": 1960.42, "D6": 1736.1,
          "B8": "产出指标", "C8": "数量指标", "D8": "数据归集总量", "E8": "≥3亿条", "F8": "3.5亿条",
          "G8": 40, "H8": 40, "B9": "效益指标", "C9": "社会效益指标", "D9": "智慧场景",
          "E9": "按期完成", "F9": "完成", "G9": 40, "H9": 36}  # fmt: skip


def test_a_template_typed_in_by_libreoffice_verifies(tmp_path: Path) -> None:
    """LibreOffice itself fills the template (over UNO, cell by cell), computes its formulas
    and saves it: the form verifies clean with the rulebook's numbers."""
    template, filled = tmp_path / "blank.xlsx", tmp_path / "typed.xlsx"
    result = CliRunner().invoke(main, ["template", "--rulebook", "hubei-2022", "-o", str(template)])
    assert result.exit_code == 0, result.output
    python = "/usr/bin/python3"  # the system Python, with LibreOffice's uno (python3-uno)
    script = Path(__file__).with_name("lo_fill.py")
    subprocess.run([python, str(script), str(template), str(filled), json.dumps(FILLED),
                    str(tmp_path / "uno-profile")], check=True, timeout=300)  # fmt: skip
    [report] = check_path(filled)
    assert report.status == "ok", (report.error_lines(), report.findings)
    form = report.form
    assert form is not None and form.title == "示范项目" and form.unit == "示范中心"
    assert form.reported.execution_score is not None and form.reported.total is not None
    assert (form.reported.execution_score.text, form.reported.total.text) == ("17.71", "93.71")
    assert report.sheet is not None and str(report.sheet.total.value) == "93.71"
    assert not [f for f in report.findings if f.code.startswith("XLSX_")]


def test_the_template_offers_the_rulebooks_words(tmp_path: Path) -> None:
    path = tmp_path / "dept.xlsx"
    result = CliRunner().invoke(
        main, ["template", "--rulebook", "central-2020", "--kind", "department", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    ws = wb["自评表"]
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B"] == '"产出指标,效益指标,满意度指标"'  # central-2020 fixes the level-1 blocks
    assert "达成" in lists["F"] and "≥" in lists["E"]
    # a department form has no 项目名称 rows: the funds block is rows 3 (header) and 4
    assert ws.protection.sheet and not ws["C4"].protection.locked and ws["A3"].protection.locked
    assert str(ws["E4"].value).startswith("=IF(")
    assert "填表说明" in wb.sheetnames and "central-2020" in str(wb["填表说明"]["A1"].value)
    rb = load_builtin("central-2020")
    assert f"（{rb.execution.points.value}分）" in str(ws["A3"].value)


def test_xlsx_report_opens_and_prints_to_pdf(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[2] / "indicators/wuchang-bigdata-2022"
    out = tmp_path / "report.xlsx"
    args = ["verify", str(seed), "--lang", "zh", "--format", "xlsx", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # the seed has error findings
    wb = openpyxl.load_workbook(out)
    summary = wb["汇总"]
    assert summary.auto_filter.ref == "A1:N8" and len(wb.sheetnames) == 8
    header = [c.value for c in summary[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in summary.iter_rows(min_row=2, values_only=True)}
    net = rows[str(seed / "01-network-operation.yaml")]
    assert (net["填报总分"], net["计算总分"], net["错误"]) == (98.22, 100, 1)  # numbers, to sort
    assert rows[str(seed / "02-zhihui-wuchang-phase3.yaml")]["执行率"] == 0.8856
    sheet = wb[wb.sheetnames[1]]
    total = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "reported.total")
    assert total[2].comment is not None and "TOTAL_NOT_SUM_OF_ROWS" in total[2].comment.text
    assert total[2].fill.start_color.rgb.endswith("F8CBAD")
    pdf = _soffice(tmp_path, out, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    score_out = tmp_path / "score.xlsx"
    result = CliRunner().invoke(main, ["score", str(seed), "--lang", "zh", "--format", "xlsx", "-o",
                                       str(score_out)])
    assert result.exit_code == 0 and openpyxl.load_workbook(score_out).sheetnames[0] == "汇总"


def test_seed_workbook_saved_by_libreoffice_as_xls_et_and_ods_verifies_alike(tmp_path: Path) -> None:
    from scoring.pipeline.check import check_file, load_form
    from scoring.report.xlsx_forms import write_forms

    root = Path(__file__).resolve().parents[2]
    seed = sorted((root / "indicators/wuchang-bigdata-2022").glob("0*.yaml"))
    book = tmp_path / "seed.xlsx"
    write_forms([load_form(p)[0] for p in seed], book)
    xls = _soffice(tmp_path, book, "xls")
    et = xls.with_suffix(".et")  # WPS's own format is the same BIFF file
    shutil.copy(xls, et)
    for saved in (xls, et, _soffice(tmp_path, book, "ods")):
        reports = check_path(saved)
        assert len(reports) == 7
        for report, yaml_path in zip(reports, seed, strict=True):
            expected = check_file(yaml_path)
            assert report.form == expected.form
            key = sorted((f.code, f.severity, f.path, f.stated, f.computed) for f in report.findings)
            assert key == sorted((f.code, f.severity, f.path, f.stated, f.computed)
                                 for f in expected.findings)  # fmt: skip
            assert all(f.cell for f in report.findings)
