"""The HTML report: summary first, every form with its numbers and findings (worst first, each
with its trace), Chinese by default, self-contained, escaped, and an errors-only print."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.cli.main import main
from scoring.cli.runner import verify_files
from scoring.i18n.numbers import percent
from scoring.pipeline.check import FormReport, check_file, check_form, expand_paths, load_form_text
from scoring.report.html import render_html

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
FIRST = SEED / "01-network-operation.yaml"
RANK = {"error": 2, "warning": 1, "info": 0}


class _Page(HTMLParser):
    """Collects the tags, what could load something, visible text, and each form's findings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.sections: list[str] = []
        self.findings: dict[str, list[str]] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "action")]
        self.ids += [a["id"] or ""] if a.get("id") else []
        if tag == "script":
            self.scripts.append(a)
        classes = (a.get("class") or "").split()
        if tag == "section" and "form" in classes:
            self.sections.append(a.get("id") or "")
            self.findings[self.sections[-1]] = []
        if tag == "div" and "finding" in classes and self.sections:
            self.findings[self.sections[-1]].append(classes[1])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _seed() -> list[FormReport]:
    return [check_file(p) for p in expand_paths([SEED])]


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_every_seed_form_with_its_numbers_and_findings_in_chinese() -> None:
    reports = _seed()
    page = render_html(reports)
    text = "".join(_parse(page).text)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert '<meta charset="utf-8">' in page
    for r in reports:
        assert r.form is not None and r.form.title in text
        record = r.to_dict()
        assert record["computed"]["total"] in text  # the same string as the JSON report
        assert percent(record["computed"]["execution_rate"]) in text
    assert "97.71" in text and "1,960.42 万元" in text and "88.56%" in text
    assert "执行率先四舍五入到 0.1% 再相乘" in text
    assert "TOTAL_NOT_SUM_OF_ROWS" in text and "hubei-2022" in text
    assert "绩效自评表核查报告" in text and "得分：填报与核算" in text


def test_english_on_request() -> None:
    page = render_html(_seed(), "en")
    assert '<html lang="en">' in page
    assert "the rate was rounded to 0.1% before multiplying" in page
    assert "Scores: printed and computed" in page


def test_summary_first_with_counts_charts_and_a_table_of_forms() -> None:
    reports = _seed()
    page = render_html(reports)
    parsed = _parse(page)
    assert parsed.ids.index("summary") < parsed.ids.index("form-1")
    assert page.index('id="summary"') < page.index('<section class="form')
    # the totals chart counts every form once
    chart = page[page.index('id="chart-totals"') : page.index("</svg>")]
    assert sum(int(n) for n in re.findall(r"<title>[^<]*: (\d+)</title>", chart)) == len(reports)
    assert 'id="chart-grades"' in page
    rows = page[page.index('<table id="forms">') : page.index("</table>", page.index('<table id="forms">'))]
    assert rows.count("<tr data-status=") == len(reports)
    errors = sum(f.severity.value == "error" for r in reports for f in r.findings)
    assert f"<b>{errors}</b>" in page


def test_findings_worst_first_each_with_its_trace() -> None:
    parsed = _parse(render_html(_seed()))
    for section, severities in parsed.findings.items():
        ranks = [RANK[s] for s in severities]
        assert ranks == sorted(ranks, reverse=True), section
    page = render_html([check_file(SEED / "02-zhihui-wuchang-phase3.yaml")])
    assert '<details class="trace"><summary>计算过程：' in page
    assert "分值 × 执行率" in page and "points ×" not in page


def test_self_contained_script_only_sorts_and_filters() -> None:
    page = render_html(_seed())
    parsed = _parse(page)
    assert "link" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    assert all(link.startswith("#") for link in parsed.links)
    assert "http://" not in page and "https://" not in page
    assert parsed.scripts == [{}]  # one inline script, nothing loaded
    assert "fetch(" not in page and "XMLHttpRequest" not in page
    # without the script the controls stay hidden and every form is in the page
    assert '<div class="controls" id="controls" hidden>' in page
    assert len(parsed.sections) == 7


def test_cjk_font_stack_and_a4_print_rules() -> None:
    page = render_html(_seed())
    for family in ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun"):
        assert f'"{family}"' in page
    assert "@page { size: A4;" in page and "@media print" in page
    assert "section.form { break-before: page;" in page


def test_errors_only_keeps_the_forms_with_errors_and_only_their_errors() -> None:
    reports = _seed()
    page = render_html(reports, errors_only=True)
    parsed = _parse(page)
    with_errors = [r for r in reports if r.status == "error"]
    assert len(parsed.sections) == len(with_errors) == 2
    assert all(set(s) == {"error"} for s in parsed.findings.values())
    assert "compact" in page  # no page break forced per form: a short print


def test_title_with_markup_is_escaped() -> None:
    hostile = FIRST.read_text(encoding="utf-8").replace(
        "title: 网络建设运转维护", "title: '<script>alert(1)</script>网络'"
    )
    form, src = load_form_text(hostile, "hostile.yaml")
    page = render_html([check_form(form, src, "hostile.yaml", None)])
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;网络" in page
    assert "<script>alert(1)</script>网络" in "".join(_parse(page).text)


def test_unreadable_file_listed_with_its_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: project\ntitle: [\n", encoding="utf-8")
    report = check_file(bad)
    assert report.status == "invalid"
    page = render_html([report, *_seed()])
    text = "".join(_parse(page).text)
    assert "无法读取的文件" in text
    assert all(line in text for line in report.error_lines())


def test_cli_verify_and_score_write_the_page() -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["verify", "--format", "html", str(SEED)])
    assert done.exit_code == 1, done.output
    assert "97.71" in done.output and "TOTAL_NOT_SUM_OF_ROWS" in done.output
    assert "http://" not in done.output and "https://" not in done.output
    scored = runner.invoke(main, ["score", "--format", "html", "--lang", "en", str(SEED)])
    assert scored.exit_code == 0, scored.output
    assert "97.71" in scored.output and scored.output.count("<html") == 1
    assert '<html lang="en">' in scored.output
    short = runner.invoke(main, ["verify", "--format", "html", "--errors-only", str(SEED)])
    assert short.output.count('<section class="form compact"') == 2


def test_verify_files_page_equals_render_html() -> None:
    import io

    files = sorted(expand_paths([SEED]))
    out = io.StringIO()
    code = verify_files(files, None, "html", jobs=1, out=out, err=io.StringIO())
    assert code == 1
    assert out.getvalue().rstrip("\n") == render_html(_seed()).rstrip("\n")


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_title_stays_text(title: str) -> None:
    form, src = load_form_text(FIRST.read_text(encoding="utf-8"), "any.yaml")
    report = check_form(form.model_copy(update={"title": title, "unit": title}), src, "any.yaml")
    page = render_html([report])
    parsed = _parse(page)
    assert parsed.tags.count("script") == 1 and "img" not in parsed.tags
    assert all(link.startswith("#") for link in parsed.links)
    assert title in "".join(parsed.text)
