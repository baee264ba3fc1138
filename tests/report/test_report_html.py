"""The HTML report: every form, its numbers as in JSON, its findings, escaped text, no resources."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from scoring.cli.main import main
from scoring.cli.runner import verify_files
from scoring.pipeline.check import FormReport, check_file, check_form, expand_paths, load_form_text
from scoring.report.html import render_html

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
FIRST = SEED / "01-network-operation.yaml"


class _Page(HTMLParser):
    """Collects the tags, the attributes that could load something, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _seed() -> list[FormReport]:
    return [check_file(p) for p in expand_paths([SEED])]


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_every_seed_form_with_its_numbers_and_findings() -> None:
    reports = _seed()
    page = render_html(reports)
    text = "".join(_parse(page).text)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert '<meta charset="utf-8">' in page
    for r in reports:
        assert r.form is not None and r.form.title in text
        record = r.to_dict()
        assert record["computed"]["total"] in text  # the same string as the JSON report
        assert record["computed"]["execution_rate"] in text
    assert "97.71" in text
    assert "rounded to 0.1 % before multiplying" in text
    assert "TOTAL_NOT_SUM_OF_ROWS" in text
    assert "hubei-2022" in text


def test_self_contained_no_script_no_remote_resource() -> None:
    page = render_html(_seed())
    parsed = _parse(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert all(link.startswith("#") for link in parsed.links)
    assert "http://" not in page and "https://" not in page


def test_title_with_markup_is_escaped() -> None:
    hostile = FIRST.read_text(encoding="utf-8").replace(
        "title: 网络建设运转维护", "title: '<script>alert(1)</script>网络'"
    )
    form, src = load_form_text(hostile, "hostile.yaml")
    page = render_html([check_form(form, src, "hostile.yaml", None)])
    assert "<script>" not in page
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
    scored = runner.invoke(main, ["score", "--format", "html", str(SEED)])
    assert scored.exit_code == 0, scored.output
    assert "97.71" in scored.output and scored.output.count("<html") == 1


def test_verify_files_page_equals_render_html() -> None:
    import io

    files = sorted(expand_paths([SEED]))
    out = io.StringIO()
    code = verify_files(files, None, "html", jobs=1, out=out, err=io.StringIO())
    assert code == 1
    assert out.getvalue().rstrip("\n") == render_html(_seed()).rstrip("\n")
