"""The HTTP service: the CLI's JSON for the seed's forms, the upload page, limits as JSON errors."""

from __future__ import annotations

import json
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.cli.main import main
from scoring.service.app import create_app
from scoring.service.limits import Limits

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
REFERENCE = ROOT / "indicators" / "references" / "wuchang-bigdata-2022.yaml"
FORMS = sorted(SEED.glob("*.yaml"))
YAML = {"content-type": "application/yaml"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _cli(*args: str) -> dict[str, Any]:
    """The CLI's answer, by default in the service's default language, Chinese."""
    done = CliRunner().invoke(main, [*args] if "--lang" in args else [*args, "--lang", "zh-CN"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.output)  # type: ignore[no-any-return]


def _files(paths: list[Path]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (str(p), p.read_bytes(), "application/yaml")) for p in paths]


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_verify_answers_the_cli_json_for_each_seed_form(client: TestClient, path: Path) -> None:
    expected = _cli("verify", "--format", "json", str(path))
    answer = client.post("/v1/verify", files=_files([path]))
    assert answer.status_code == 200
    assert answer.json() == expected
    body = client.post("/v1/verify", content=path.read_bytes(), headers=YAML).json()
    named = json.dumps(expected, ensure_ascii=False).replace(json.dumps(str(path))[1:-1], "<body>")
    assert body == json.loads(named)


def test_score_with_trace_and_english_answer_the_cli_json(client: TestClient) -> None:
    expected = _cli("score", "--format", "json", "--trace", "--lang", "en", *map(str, FORMS))
    answer = client.post("/v1/score?trace=true&lang=en", files=_files(FORMS))
    assert answer.status_code == 200 and answer.json() == expected
    by_header = client.post("/v1/score", files=_files(FORMS[:1]), headers={"Accept-Language": "en-GB"})
    assert by_header.json() == _cli("score", "--format", "json", "--lang", "en", str(FORMS[0]))


def test_json_body_reads_like_yaml(client: TestClient) -> None:
    import yaml

    path = SEED / "02-zhihui-wuchang-phase3.yaml"
    as_json = json.dumps(yaml.safe_load(path.read_text("utf-8")), ensure_ascii=False, default=str)
    answer = client.post("/v1/verify", content=as_json.encode(), headers={"content-type": "application/json"})
    assert answer.status_code == 200
    assert answer.json()["forms"][0]["computed"]["total"] == "97.71"


def test_aggregate_answers_the_cli_json(client: TestClient) -> None:
    members = [SEED / "05-epidemic-prevention.yaml", SEED / "06-tax-relief-special-fund.yaml"]
    title = "2100410 突发公共卫生事件应急处理"
    expected = _cli("aggregate", "--format", "json", *map(str, members), "--reference", str(REFERENCE),
                    "--title", title)  # fmt: skip
    answer = client.post("/v1/aggregate", params={"title": title}, files=_files([*members, REFERENCE]))
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected
    assert answer.json()["computed"]["total"] == "98.70"


def test_rulebooks_health_and_openapi(client: TestClient) -> None:
    books = client.get("/v1/rulebooks").json()
    assert books == _cli("rules", "list", "--format", "json")
    health = client.get("/v1/health").json()
    assert health["status"] == "ok" and health["limits"]["max_forms"] == Limits().max_forms
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    report = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))
    assert schemas["Report"]["properties"] == report["properties"]
    assert "Aggregate" in schemas and "Error" in schemas
    for path in ("/v1/verify", "/v1/score", "/v1/aggregate"):
        ok = doc["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].startswith("#/components/schemas/")
    assert client.get("/docs").status_code == 200


def test_upload_page_and_the_report_it_shows(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="zh-CN">' in page.text
    assert 'enctype="multipart/form-data"' in page.text and 'type="file"' in page.text
    assert 'action="/report"' in page.text
    report = client.post("/report", files=_files([SEED / "02-zhihui-wuchang-phase3.yaml"]),
                         data={"lang": "zh-CN"})  # fmt: skip
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "绩效自评表核查报告" in report.text and "97.71" in report.text
    english = client.post("/report", files=_files(FORMS), data={"lang": "en", "errors_only": "1"})
    assert '<html lang="en">' in english.text and english.text.count('class="form compact"') == 2


def _error(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    return body  # type: ignore[no-any-return]


def test_limits_answer_clear_json_errors() -> None:
    small = TestClient(create_app(Limits(max_body_bytes=20_000, max_forms=2)))
    _error(small.post("/v1/verify", content=b"a: 1\n" * 5000, headers=YAML), 413, "body_too_large")
    chunked = small.post("/v1/verify", content=iter([b"a: 1\n" * 3000] * 3), headers=YAML)
    _error(chunked, 413, "body_too_large")
    _error(small.post("/v1/verify", files=_files(FORMS[:3])), 413, "too_many_forms")
    _error(small.post("/v1/verify", content=b"{}", headers={"content-type": "image/png"}),
           415, "unsupported_media_type")  # fmt: skip
    _error(small.post("/v1/verify", files=[("files", ("x.docx", b"PK", "application/zip"))]),
           415, "unsupported_file")  # fmt: skip
    old_book = small.post("/v1/verify", files=[("files", ("/etc/x.xls", b"\xd0\xcf", "x"))])
    assert ".xlsx" in _error(old_book, 415, "unsupported_file")["error"]["message"]
    _error(small.post("/v1/verify", content=b"", headers=YAML), 400, "no_form")
    _error(small.post("/v1/verify", content=b"\xff\xfe\x00", headers=YAML), 400, "not_utf8")
    odd = {"content-type": "text/yaml; charset=klingon"}
    _error(small.post("/v1/verify", content=b"a: 1", headers=odd), 400, "unknown_charset")
    outside = small.post("/v1/verify?rulebook=../../etc/passwd", files=_files(FORMS[:1]))
    _error(outside, 422, "unknown_rulebook")
    _error(small.post("/v1/verify?lang=fr", files=_files(FORMS[:1])), 422, "invalid_request")
    bad = [("files", ("bad.yaml", b"kind: project\ntitle: [\n", "application/yaml"))]
    _error(small.post("/v1/aggregate", files=_files(FORMS[:1]) + bad), 422, "invalid_form")
    _error(small.post("/v1/aggregate", files=_files([REFERENCE, REFERENCE])), 422, "two_references")
    spent = TestClient(create_app(Limits(time_budget_s=0)))
    _error(spent.post("/v1/verify", files=_files(FORMS[:1])), 503, "time_budget_exceeded")


def test_a_body_sent_too_slowly_is_refused() -> None:
    import anyio
    import httpx

    async def slowly() -> AsyncIterator[bytes]:
        yield b"kind: project\n"
        await anyio.sleep(60)  # never reached in full: the service gives up first
        yield b"title: x\n"

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(Limits(body_timeout_s=0.05)))
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            return await client.post("/v1/verify", content=slowly(), headers=YAML)

    _error(anyio.run(post), 408, "body_timeout")


def test_a_body_in_the_charset_it_names(client: TestClient) -> None:
    text = FORMS[1].read_text(encoding="utf-8")
    gbk = {"content-type": "text/yaml; charset=gb18030"}
    answer = client.post("/v1/verify", content=text.encode("gb18030"), headers=gbk)
    assert answer.status_code == 200 and answer.json()["forms"][0]["computed"]["total"] == "97.71"
    part = [("files", ("02.yaml", text.encode("gb18030"), "application/yaml; charset=gb18030"))]
    title = client.post("/v1/verify", files=part).json()["forms"][0]["title"]
    assert title == "“智慧武昌”大数据中心项目第三期"


def test_unreadable_form_is_reported_as_the_cli_does(client: TestClient) -> None:
    answer = client.post("/v1/verify?lang=en", content=b"kind: project\ntitle: [\n", headers=YAML)
    assert answer.status_code == 200
    form = answer.json()["forms"][0]
    assert form["status"] == "invalid" and "YAML syntax error" in form["errors"][0]
    zh = client.post("/v1/verify", content=b"kind: project\ntitle: [\n", headers=YAML).json()
    assert "YAML 语法错误" in zh["forms"][0]["errors"][0]


def _workbook_bytes() -> bytes:
    """The seed's 02 form as a workbook in the official layout, made in memory."""
    import io

    from scoring.pipeline.check import load_form
    from scoring.report.xlsx_forms import write_forms

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        write_forms([load_form(FORMS[1])[0]], path)
        return io.BytesIO(path.read_bytes()).getvalue()


def test_no_uploaded_file_touches_the_disk(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    book = _workbook_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was written to a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = b"# " + b"x" * 1_500_000 + b"\n" + FORMS[1].read_bytes()  # over a spooled file's memory
    answer = client.post("/v1/verify", files=[("files", ("big.yaml", big, "application/yaml"))])
    assert answer.status_code == 200 and answer.json()["forms"][0]["computed"]["total"] == "97.71"
    answer = client.post("/v1/verify", files=[("files", ("book.xlsx", book, "application/zip"))])
    assert answer.status_code == 200 and answer.json()["forms"][0]["computed"]["total"] == "97.71"


def test_an_unexpected_failure_is_a_json_500_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.service.inputs as inputs

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(inputs, "check_text", broken)
    answer = TestClient(create_app(), raise_server_exceptions=False).post(
        "/v1/verify", files=_files(FORMS[:1])
    )
    body = _error(answer, 500, "internal_error")
    assert "Traceback" not in json.dumps(body)


def test_jixiao_serve_answers_on_its_port() -> None:
    import http.client
    import socket
    import subprocess
    import sys
    import time

    assert "serve" in CliRunner().invoke(main, ["--help"]).output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    jixiao = Path(sys.executable).parent / "jixiao"
    server = subprocess.Popen([str(jixiao), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        health = None
        for _ in range(300):  # at most about 30 s to start
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/v1/health")
                health = json.loads(conn.getresponse().read())
                break
            except OSError:
                time.sleep(0.1)
        assert health is not None and health["status"] == "ok"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/v1/verify", body=FORMS[1].read_bytes(), headers=YAML)
        assert json.loads(conn.getresponse().read())["forms"][0]["computed"]["total"] == "97.71"
    finally:
        server.terminate()
        server.wait(timeout=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=600) | st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    kind=st.sampled_from(["application/yaml", "application/json", "multipart/form-data; boundary=b",
                          "text/plain; charset=gb18030", "image/png", ""]),
)  # fmt: skip
def test_no_request_body_breaks_the_service(client: TestClient, body: bytes, kind: str) -> None:
    answer = client.post("/v1/verify", content=body, headers={"content-type": kind} if kind else {})
    assert answer.status_code in (200, 400, 413, 415), answer.text
    doc = answer.json()
    assert ("forms" in doc) if answer.status_code == 200 else doc["error"]["code"]


def test_a_workbook_upload_answers_the_cli_json(client: TestClient, tmp_path: Path) -> None:
    from scoring.pipeline.check import load_form
    from scoring.report.xlsx_forms import write_forms

    book = tmp_path / "seed.xlsx"
    write_forms([load_form(p)[0] for p in FORMS[:2]], book)
    expected = _cli("verify", "--format", "json", str(book))
    files = [("files", (str(book), book.read_bytes(), "application/vnd.ms-excel"))]
    answer = client.post("/v1/verify", files=files)
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected
    assert [f["file"] for f in answer.json()["forms"]] == [f"{book}!{s}" for s in _sheets(book)]
    page = client.post("/report", files=files)
    assert "“智慧武昌”大数据中心项目第三期" in page.text


def _sheets(book: Path) -> list[str]:
    from scoring.io.xlsx import read_workbook_forms

    return [w.sheet for w in read_workbook_forms(book)]
