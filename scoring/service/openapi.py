"""The OpenAPI document: the report JSON Schemas (schemas/*.schema.json) as its components."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from scoring.schemas import aggregate_schema, report_schema

__all__ = ["document_responses", "install_openapi"]


def _component(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def document_responses(component: str) -> dict[int | str, dict[str, Any]]:
    """The responses of an endpoint answering the document ``component``, and its errors."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        200: {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}},
        400: {"description": "no form, or text that is not UTF-8", **error},
        413: {"description": "body over its size limit, or too many forms", **error},
        408: {"description": "the body did not arrive within the time budget", **error},
        415: {"description": "a content type or file that is not a form", **error},
        422: {"description": "invalid parameters, or forms that cannot be rolled up", **error},
        503: {"description": "the request's time budget ran out", **error},
    }


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` carry the Report, Aggregate and Error schemas as components."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description,
                              routes=app.routes)  # fmt: skip
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            schemas["Report"] = _component(report_schema())
            schemas["Aggregate"] = _component(aggregate_schema())
            schemas["Error"] = _ERROR
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
