"""What one request may ask of the service, and the JSON error when it asks for more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Limits", "ServiceError", "error_body"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-request bounds: body bytes, forms, seconds for the body to arrive, and seconds of
    work before the request gives up."""

    max_body_bytes: int = 4 * 1024 * 1024
    max_forms: int = 200
    time_budget_s: float = 30.0
    body_timeout_s: float = 30.0


class ServiceError(Exception):
    """A request the service refuses or cannot finish: HTTP status, stable code, message."""

    def __init__(self, status: int, code: str, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail


def error_body(code: str, message: str, **detail: Any) -> dict[str, Any]:
    """The JSON of every error the service answers: ``{"error": {"code", "message", ...}}``."""
    return {"error": {"code": code, "message": message, **detail}}
