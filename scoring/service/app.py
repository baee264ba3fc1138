"""The FastAPI application: ``create_app(limits)``.

``POST /v1/verify``, ``/v1/score`` and ``/v1/aggregate`` answer the JSON documents of
``jixiao verify|score|aggregate --format json`` (their JSON Schemas are the OpenAPI components
``Report`` and ``Aggregate``); ``GET /v1/rulebooks`` and ``/v1/health``; ``/`` is the upload
page and ``POST /report`` the HTML report it shows. Every refusal is a JSON error
(``limits.error_body``) with its HTTP status.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib.metadata import version
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse

from scoring.i18n import Lang, resolve_lang
from scoring.report.jsonreport import report_dict
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.model import Rulebook
from scoring.service.inputs import BODY_TYPES, Upload, check_documents, read_upload
from scoring.service.limits import Limits, ServiceError, error_body
from scoring.service.openapi import document_responses, install_openapi
from scoring.service.pages import upload_page
from scoring.service.rollups import aggregate_documents

__all__ = ["create_app"]

T = TypeVar("T")

LangQuery = Annotated[
    Literal["zh-CN", "zh", "en"] | None,
    Query(description="language of the messages: zh-CN (default) or en; else Accept-Language"),
]
RulebookQuery = Annotated[
    str | None, Query(description="score under this built-in rulebook instead of the form's own")
]
TraceQuery = Annotated[bool, Query(description="include each form's trace")]
_BODY = {
    "required": True,
    "content": {
        **{t: {"schema": {"type": "string"}} for t in BODY_TYPES},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
            }
        },
    },
}


def _lang(request: Request, option: str | None) -> Lang:
    if option:
        return resolve_lang(option)
    accept = request.headers.get("accept-language", "").strip().lower()
    return "en" if accept.startswith("en") else "zh-CN"


def _rulebook(spec: str | None) -> Rulebook | None:
    if spec is None:
        return None
    if spec not in builtin_ids():
        raise ServiceError(422, "unknown_rulebook", f"no built-in rulebook {spec!r}",
                           known=list(builtin_ids()))  # fmt: skip
    return load_builtin(spec)


async def _within_budget(limits: Limits, work: Callable[[float], T]) -> T:
    """Run the pipeline in a worker thread; a request over its budget is answered 503 at once,
    and the worker stops at its next form."""
    deadline = time.monotonic() + limits.time_budget_s
    try:
        with anyio.fail_after(limits.time_budget_s):
            return await anyio.to_thread.run_sync(lambda: work(deadline), abandon_on_cancel=True)
    except TimeoutError as exc:
        raise ServiceError(503, "time_budget_exceeded",
                           f"the request took more than {limits.time_budget_s} s",
                           limit=limits.time_budget_s) from exc  # fmt: skip


async def _upload(request: Request, limits: Limits) -> Upload:
    """The request's documents, read within the time budget (a body sent too slowly is a 408)."""
    try:
        with anyio.fail_after(limits.body_timeout_s):
            return await read_upload(
                request.stream(),
                request.headers.get("content-type", ""),
                request.headers.get("content-length"),
                limits,
            )
    except TimeoutError as exc:
        raise ServiceError(408, "body_timeout",
                           f"the body did not arrive within {limits.body_timeout_s} s",
                           limit=limits.body_timeout_s) from exc  # fmt: skip


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def refused(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, **exc.detail), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"loc": list(map(str, e["loc"])), "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse(error_body("invalid_request", "the request's parameters are not valid",
                                       problems=problems), status_code=422)  # fmt: skip

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:  # no traceback leaves
        return JSONResponse(error_body("internal_error", f"{type(exc).__name__}: {exc}"), status_code=500)


def create_app(limits: Limits | None = None) -> FastAPI:
    """The service with these per-request limits."""
    limits = limits or Limits()
    app = FastAPI(
        title="jixiao 绩效自评核查",
        version=version("jixiao"),
        description="Score and verify budget-performance self-evaluation forms (绩效自评表). "
        "The same pipeline and JSON as the `jixiao` command.",
    )
    _install_errors(app)
    install_openapi(app)
    _report_routes(app, limits)
    _info_routes(app, limits)
    _page_routes(app, limits)
    return app


def _report_routes(app: FastAPI, limits: Limits) -> None:
    """The three POST endpoints answering the CLI's JSON documents."""

    def _report(request: Request, lang: str | None, rulebook: str | None, trace: bool) -> Any:
        async def run() -> JSONResponse:
            upload = await _upload(request, limits)
            rb, language = _rulebook(rulebook), _lang(request, lang)
            reports = await _within_budget(limits, lambda d: check_documents(upload.documents, rb, d))
            return JSONResponse(report_dict(reports, with_trace=trace, lang=language))

        return run()

    @app.post("/v1/verify", responses=document_responses("Report"), openapi_extra={"requestBody": _BODY})
    async def verify(request: Request, lang: LangQuery = None, rulebook: RulebookQuery = None) -> Any:
        """Check every stated number of each form: the JSON of `jixiao verify --format json`."""
        return await _report(request, lang, rulebook, False)

    @app.post("/v1/score", responses=document_responses("Report"), openapi_extra={"requestBody": _BODY})
    async def score(
        request: Request, lang: LangQuery = None, rulebook: RulebookQuery = None, trace: TraceQuery = False
    ) -> Any:
        """Compute every score of each form: the JSON of `jixiao score --format json [--trace]`."""
        return await _report(request, lang, rulebook, trace)

    @app.post(
        "/v1/aggregate", responses=document_responses("Aggregate"), openapi_extra={"requestBody": _BODY}
    )
    async def aggregate(
        request: Request,
        lang: LangQuery = None,
        rulebook: RulebookQuery = None,
        by: Annotated[Literal["budget", "executed"] | None, Query()] = None,
        title: Annotated[str | None, Query(max_length=200)] = None,
        trace: TraceQuery = False,
    ) -> Any:
        """Roll the uploaded forms up (a `kind: reference` file among them is the reference):
        the JSON of `jixiao aggregate --format json`."""
        upload = await _upload(request, limits)
        rb, language = _rulebook(rulebook), _lang(request, lang)
        doc = await _within_budget(
            limits, lambda d: aggregate_documents(upload.documents, rb, by, title, trace, language, d)
        )
        return JSONResponse(doc)


def _info_routes(app: FastAPI, limits: Limits) -> None:
    """What the service offers: its rulebooks and its health."""

    @app.get("/v1/rulebooks")
    async def rulebooks() -> dict[str, Any]:
        """Every built-in rulebook, as `jixiao rules list --format json`."""
        books = [load_builtin(i) for i in builtin_ids()]
        return {"format": "jixiao.rulebooks", "version": 1, "rulebooks": [
            {"id": rb.id, "title": rb.title, "region": rb.region, "extends": rb.extends,
             "kinds": list(rb.kinds), "automatic": rb.automatic,
             "period": {"start": str(rb.period.start), "end": str(rb.period.end) if rb.period.end else None}}
            for rb in books]}  # fmt: skip

    @app.get("/v1/health")
    async def health() -> dict[str, Any]:
        """Whether the service answers, its version and its limits."""
        return {"status": "ok", "version": version("jixiao"), "limits": {
            "max_body_bytes": limits.max_body_bytes, "max_forms": limits.max_forms,
            "time_budget_s": limits.time_budget_s, "body_timeout_s": limits.body_timeout_s}}  # fmt: skip


def _page_routes(app: FastAPI, limits: Limits) -> None:
    """The upload page and the HTML report it shows."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index(request: Request, lang: LangQuery = None) -> HTMLResponse:
        return HTMLResponse(upload_page(_lang(request, lang), limits))

    @app.post("/report", response_class=HTMLResponse, openapi_extra={"requestBody": _BODY})
    async def report(request: Request, lang: LangQuery = None) -> HTMLResponse:
        """The HTML report of the uploaded forms (what the upload page shows)."""
        from scoring.report.html import render_html

        upload = await _upload(request, limits)
        language = _lang(request, lang or upload.fields.get("lang"))
        errors_only = upload.fields.get("errors_only", "") not in ("", "0", "false")
        reports = await _within_budget(limits, lambda d: check_documents(upload.documents, None, d))
        return HTMLResponse(render_html(reports, language, errors_only))
