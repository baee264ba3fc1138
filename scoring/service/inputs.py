"""What a request carries: form documents from a YAML/JSON body or a multipart upload, read in
memory within the body limit (nothing is written to disk), and the pipeline run on them
within the request's time budget."""

from __future__ import annotations

import email.parser
import email.policy
import io
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import TypeVar

from scoring.pipeline.check import FormReport, check_path, check_text
from scoring.rulebook.model import Rulebook
from scoring.service.limits import Limits, ServiceError

__all__ = ["BODY_TYPES", "FORM_SUFFIXES", "Document", "Upload", "check_documents", "read_upload"]

BODY_TYPES = (
    "application/json",
    "application/yaml",
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
)
"""Content types of a body that is one form document (YAML, or JSON, which YAML reads too)."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
"""Workbooks read from an upload's bytes in memory (.xls and .et are converted through files by
an office suite, so the service asks for them saved as .xlsx)."""
FORM_SUFFIXES = (".yaml", ".yml", ".json", *WORKBOOK_SUFFIXES)
"""Uploaded file names read as form documents (YAML, JSON, or a workbook)."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Document:
    """One uploaded form document: the name it is reported under, and its text (a YAML or
    JSON form) or its bytes (a workbook)."""

    name: str
    text: str
    data: bytes | None = None


@dataclass
class Upload:
    """A request's documents and its plain form fields (``lang``, ``errors_only``…)."""

    documents: list[Document] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


async def _read(stream: AsyncIterator[bytes], declared: str | None, limits: Limits) -> bytes:
    limit = limits.max_body_bytes
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ServiceError(413, "body_too_large", f"the body has {declared} bytes; at most {limit}",
                           limit=limit)  # fmt: skip
    chunks, size = [], 0
    async for chunk in stream:
        size += len(chunk)
        if size > limit:
            raise ServiceError(413, "body_too_large", f"the body exceeds {limit} bytes", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _charset(content_type: str) -> str | None:
    """The ``charset`` a content type names (``text/yaml; charset=gb18030``), if any."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"').lower()
    return None


def _text(name: str, data: bytes, charset: str | None = None) -> str:
    """The text of a document: UTF-8 (a BOM allowed), or the charset its sender names."""
    codec = "utf-8-sig" if charset in (None, "utf-8", "utf8") else charset
    try:
        return data.decode(codec or "utf-8-sig")
    except LookupError as exc:
        raise ServiceError(400, "unknown_charset", f"{name}: unknown charset {charset!r}") from exc
    except UnicodeDecodeError as exc:
        raise ServiceError(400, "not_utf8", f"{name} is not {codec} text: {exc.reason}") from exc


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _parts(content_type: str, body: bytes) -> list[EmailMessage]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    message = parser.parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise ServiceError(400, "bad_multipart", "the multipart body cannot be read")
    return [p for p in message.iter_parts() if isinstance(p, EmailMessage)]


def _multipart(content_type: str, body: bytes, limits: Limits) -> Upload:
    upload = Upload()
    for part in _parts(content_type, body):
        data = part.get_payload(decode=True)
        payload = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename is None:
            name = part.get_param("name", header="content-disposition")
            if isinstance(name, str):
                upload.fields[name] = _text(name, payload)
            continue
        if not filename and not payload:  # an empty file input of a browser form
            continue
        if _suffix(filename) not in FORM_SUFFIXES:
            also = "; save an .xls or .et workbook as .xlsx" if _suffix(filename) in (".xls", ".et") else ""
            raise ServiceError(415, "unsupported_file",
                               f"{filename}: send forms as {', '.join(FORM_SUFFIXES)}{also}")  # fmt: skip
        if _suffix(filename) in WORKBOOK_SUFFIXES:
            upload.documents.append(Document(filename, "", payload))
        else:
            charset = part.get_content_charset()
            upload.documents.append(Document(filename, _text(filename, payload, charset)))
        if len(upload.documents) > limits.max_forms:
            raise ServiceError(413, "too_many_forms", f"at most {limits.max_forms} forms a request",
                               limit=limits.max_forms)  # fmt: skip
    return upload


async def read_upload(
    stream: AsyncIterator[bytes], content_type: str, declared: str | None, limits: Limits
) -> Upload:
    """The documents of a request: one body document, or every file of a multipart upload."""
    media = content_type.split(";")[0].strip().lower()
    if media != "multipart/form-data" and media not in BODY_TYPES:
        raise ServiceError(415, "unsupported_media_type",
                           f"send YAML or JSON ({', '.join(BODY_TYPES)}) or multipart/form-data, "
                           f"not {media or 'no content type'}")  # fmt: skip
    body = await _read(stream, declared, limits)
    upload = _multipart(content_type, body, limits) if media == "multipart/form-data" else (
        Upload([Document("<body>", _text("the body", body, _charset(content_type)))])
    )
    if not upload.documents or not any(d.text.strip() or d.data for d in upload.documents):
        raise ServiceError(400, "no_form", "the request carries no form")
    return upload


def within(deadline: float, what: str) -> None:
    """Stop a request whose time budget is spent (checked between forms)."""
    if time.monotonic() > deadline:
        raise ServiceError(503, "time_budget_exceeded", f"the request's time budget ran out {what}")


def each_within(
    items: Sequence[T], deadline: float, fn: Callable[[T], list[FormReport]]
) -> list[FormReport]:
    """``fn`` on every item, giving up when the deadline passes."""
    out = []
    for i, item in enumerate(items):
        within(deadline, f"after {i} of {len(items)} files")
        out += fn(item)
    return out


def _check(document: Document, rulebook: Rulebook | None) -> list[FormReport]:
    """A document's reports: one for a YAML or JSON form, one per form of a workbook."""
    if document.data is not None:
        return check_path(document.name, rulebook, io.BytesIO(document.data))
    return [check_text(document.text, document.name, rulebook)]


def check_documents(
    documents: Sequence[Document], rulebook: Rulebook | None, deadline: float
) -> list[FormReport]:
    """Load, score and verify every document, as ``jixiao verify`` does each file."""
    return each_within(documents, deadline, lambda d: _check(d, rulebook))
