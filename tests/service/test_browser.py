"""In a real browser (Debian's chromium, driven by Playwright; no browser is downloaded): the
upload page takes a form and shows the Chinese report, whose table sorts and filters, whose
Chinese text is drawn in a CJK font (not boxes), and whose errors-only print of 300 forms is
a few pages of A4. ``.ci/run`` installs chromium and fonts-noto-cjk when they are missing."""

from __future__ import annotations

import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from scoring.pipeline.check import check_file, expand_paths
from scoring.report.html import render_html
from scoring.service.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
CJK_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "Source Han", "Droid Sans Fallback")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(400):  # at most 20 s for the server to listen
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the service did not start"
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _fonts(page: Page, selector: str) -> list[dict[str, Any]]:
    """The fonts chromium actually drew the element's text with (family, glyph count)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return list(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])


def _column(page: Page, index: int) -> list[str]:
    cells = page.locator(f"#forms tbody tr:not(.hidden) td:nth-child({index})")
    return [c.strip() for c in cells.all_inner_texts()]


def test_upload_a_form_and_read_the_chinese_report(browser: Browser, server: str, tmp_path: Path) -> None:
    page = browser.new_page(locale="zh-CN")  # a browser in a Chinese budget office
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "上传自评表"
    page.set_input_files("#files", [str(SEED / "02-zhihui-wuchang-phase3.yaml")])
    with page.expect_navigation():
        page.click("#check")
    assert page.locator("h1").inner_text() == "绩效自评表核查报告"
    body = page.locator("body").inner_text()
    assert "执行率先四舍五入到 0.1% 再相乘" in body and "97.71" in body and "1,960.42 万元" in body
    fonts = _fonts(page, "h1")
    assert fonts and all(any(c in f["familyName"] for c in CJK_FONTS) for f in fonts), fonts
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    page.close()


def test_drop_several_forms_on_the_page(browser: Browser, server: str) -> None:
    page = browser.new_page(locale="en-US")
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Upload forms"  # Accept-Language: en-US
    files = [str(p) for p in sorted(SEED.glob("*.yaml"))]
    page.set_input_files("#files", files)
    page.check("input[name=errors_only]")
    page.select_option("select[name=lang]", "en")
    with page.expect_navigation():
        page.click("#check")
    assert page.locator("section.form").count() == 2  # the two forms with an error
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


def test_a_form_dropped_on_the_page_is_checked(browser: Browser, server: str) -> None:
    page = browser.new_page(locale="zh-CN")
    page.goto(server + "/")
    path = SEED / "05-epidemic-prevention.yaml"
    dropped = page.evaluate_handle(
        """([name, text]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, {type: "application/yaml"}));
            return dt;
        }""",
        [path.name, path.read_text(encoding="utf-8")],
    )
    with page.expect_navigation():
        page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    assert page.locator("h1").inner_text() == "绩效自评表核查报告"
    assert "疫情防控经费" in page.locator("#forms").inner_text()
    page.close()


def test_the_table_sorts_and_filters(browser: Browser, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(render_html([check_file(p) for p in expand_paths([SEED])]), encoding="utf-8")
    page = browser.new_page()
    page.goto(report.as_uri())
    assert page.locator("#controls").is_visible()
    header = page.locator("#forms thead th").nth(5)  # 总分
    header.click()
    totals = [float(t) for t in _column(page, 6)]
    assert totals == sorted(totals) and len(totals) == 7
    header.click()
    assert [float(t) for t in _column(page, 6)] == sorted(totals, reverse=True)
    page.locator("#forms thead th").nth(2).click()  # 项目, by Chinese collation
    assert len(_column(page, 3)) == 7
    page.fill("#filter", "疫情")
    assert _column(page, 3) == ["疫情防控经费"]
    assert page.locator("section.form:not(.hidden)").count() == 1
    page.fill("#filter", "")
    page.check("#only-errors")
    assert sorted(_column(page, 3)) == sorted(["网络建设运转维护", "“智慧武昌”大数据中心项目第三期"])
    fonts = _fonts(page, "#forms tbody tr td:nth-child(3)")
    assert any(any(c in f["familyName"] for c in CJK_FONTS) for f in fonts), fonts
    page.close()


def _three_hundred_forms(folder: Path) -> list[Path]:
    """258 synthetic forms (benchmarks/generate.py) and six copies of the seed's seven."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import write_forms
    finally:
        sys.path.pop(0)
    write_forms(folder, 258)
    for k in range(6):
        for seed in sorted(SEED.glob("*.yaml")):
            shutil.copy(seed, folder / f"seed-{k}-{seed.name}")
    return sorted(expand_paths([folder]))


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_three_hundred_forms_print_summary_first_and_errors_only_in_a_few_pages(
    browser: Browser, tmp_path: Path
) -> None:
    files = _three_hundred_forms(tmp_path / "forms")
    assert len(files) == 300
    reports = [check_file(p) for p in files]
    short = tmp_path / "errors.html"
    short.write_text(render_html(reports, errors_only=True), encoding="utf-8")
    page = browser.new_page()
    page.goto(short.as_uri())
    first = page.evaluate("document.querySelector('section').id")
    assert first == "summary"
    pages = _pages(page.pdf(format="A4", print_background=True))
    with_errors = sum(r.status == "error" for r in reports)
    assert with_errors >= 12
    assert 1 <= pages <= 36, pages  # a few dozen at most; the full report is hundreds
    page.close()
