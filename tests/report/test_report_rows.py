"""How the score table shows rows that are not scored on their own: a 其中 row (no weight, no
score: it details its parent's actual) and a parent row (the sum of the rows under it)."""

from __future__ import annotations

import re
from pathlib import Path

from scoring.pipeline.check import check_file
from scoring.report.html import html_record, render_html
from scoring.report.text import render_score

SHAPES = Path(__file__).resolve().parents[1] / "forms" / "shapes"


def _row(text: str, name: str) -> str:
    [line] = [line for line in text.splitlines() if re.search(rf"\s{name}\s", line)]
    return line


def test_a_breakdown_row_shows_no_weight_and_no_score_and_says_why() -> None:
    report = check_file(SHAPES / "breakdown-rows.yaml")
    assert report.sheet is not None
    text = render_score(report.sheet, "f.yaml")
    breakdown = [r.indicator for r in report.sheet.indicators if r.role == "breakdown"]
    assert breakdown
    for ind in breakdown:
        line = _row(text, ind.name)
        assert f"其中行：细分“{ind.parent}”的完成值，不计分" in line
        assert not re.search(r"\s0(\.00)?\s", line), line  # never "0  0"
    english = render_score(report.sheet, "f.yaml", "en")
    assert f"其中 row: details the actual of “{breakdown[0].parent}”" in english
    rows = html_record(report, "zh")["computed"]["indicators"]
    shown = [
        r for r, res in zip(rows, report.sheet.indicators, strict=True) if res.role == "breakdown"
    ]
    assert all((r["weight"], r["score"]) == ("", "") for r in shown)
    assert "其中行：细分" in render_html([report])


def test_a_parent_row_says_it_is_not_counted_again_and_subtotals_count_it_once() -> None:
    report = check_file(SHAPES / "parent-rows.yaml")
    assert report.sheet is not None
    sheet = report.sheet
    parents = [r for r in sheet.indicators if r.role == "parent"]
    assert parents
    text = render_score(sheet, "f.yaml")
    for r in parents:
        assert "上级行：其下各行之和，不再计入总分" in _row(text, r.indicator.name)
    computed = html_record(report, "zh")["computed"]
    for name in sheet.subtotals:
        counted = sum(
            r.weight for r in sheet.indicators if r.counted and r.indicator.level1 == name
        )
        assert computed["subtotal_weights"][name] == str(counted)
        assert re.search(rf"{name}\s+小计\s+{counted}\s", text)


def test_a_subtotal_over_a_row_not_scored_is_shown_as_not_computed() -> None:
    # 衡山 2020: 政策性挂账利息补贴保障率 prints 无 as its actual, so 效益指标 is not computed; the
    # table showed the scored rows' 24.00 as if it were the subtotal.
    form = (
        Path(__file__).resolve().parents[2]
        / "indicators/real/hunan-hengshan/01-xianji-chubeiliang.yaml"
    )
    report = check_file(form)
    assert report.sheet is not None
    text = render_score(report.sheet, "f.yaml")
    benefit = [line for line in text.splitlines() if line.lstrip().startswith("效益指标 ")]
    assert len(benefit) == 1 and benefit[0].rstrip().endswith("未计算"), benefit
    output = [line for line in text.splitlines() if line.lstrip().startswith("产出指标 ")]
    assert output[0].rstrip().endswith("50.00")
    english = render_score(report.sheet, "f.yaml", "en")
    assert any(line.lstrip().startswith("效益指标 ") and "not computed" in line
               for line in english.splitlines())  # fmt: skip


def test_the_page_shows_what_is_not_computed_as_such_and_charts_only_what_is() -> None:
    """The HTML report, like the text: a subtotal, total and grade that are not computed read
    未计算 (or —), never the sum of the rows scored; nothing is marked as differing from them,
    the summary sorts them last and the charts leave them out."""
    form = (
        Path(__file__).resolve().parents[2]
        / "indicators/real/hunan-hengshan/01-xianji-chubeiliang.yaml"
    )
    report = check_file(form)
    assert report.sheet is not None and "total" in report.sheet.unknown
    computed = html_record(report, "zh")["computed"]
    assert computed["subtotals_shown"]["效益指标"] == "未计算"
    assert computed["subtotals_shown"]["产出指标"] == "50.00"
    assert (computed["total_shown"], computed["grade_shown"], computed["total_sort"]) == (
        "未计算", "—", ""
    )
    page = render_html([report])
    section = page[page.index('<section class="form"'):]
    assert "未计算" in section and 'class="num diff"' not in section
    clean = check_file(SHAPES / "parent-rows.yaml")
    both = render_html([report, clean])
    assert html_record(clean, "zh")["computed"]["total_known"]
    assert 'data-v="99.00">99.00<' in both and 'data-v="">未计算<' in both


def test_a_row_not_scored_shows_no_zero_and_says_why_once() -> None:
    form = (
        Path(__file__).resolve().parents[2]
        / "indicators/real/hunan-hengshan/01-xianji-chubeiliang.yaml"
    )
    report = check_file(form)
    assert report.sheet is not None
    line = _row(render_score(report.sheet, "f.yaml"), "政策性挂账利息补贴保障率")
    assert re.search(r"\s6\s+—\s+未计分：实际完成值未填列；不计分$", line), line
    [row] = [r for r in html_record(report, "zh")["computed"]["indicators"]
             if r["name"] == "政策性挂账利息补贴保障率"]  # fmt: skip
    assert (row["score"], row["why"]) == ("—", "未计分：实际完成值未填列；不计分")


def test_charts_with_nothing_computed_say_so_instead_of_drawing_zeros() -> None:
    real = Path(__file__).resolve().parents[2] / "indicators" / "real"
    report = check_file(real / "hunan-hengshan" / "01-xianji-chubeiliang.yaml")
    page = render_html([report])
    assert page.count("没有算出总分的表，无从统计") == 2 and 'id="chart-totals"' not in page
    seed = Path(__file__).resolve().parents[2] / "indicators" / "wuchang-bigdata-2022"
    page = render_html([check_file(seed / "02-zhihui-wuchang-phase3.yaml")])
    assert 'id="chart-totals"' in page and "无从统计" not in page
