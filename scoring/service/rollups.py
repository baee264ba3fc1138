"""``POST /v1/aggregate``: the uploaded forms rolled up as ``jixiao aggregate`` does, with a
``kind: reference`` document among them as its ``--reference``."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Literal

from scoring.errors import InputError, InputErrors, JixiaoError
from scoring.form.model import Form
from scoring.i18n import Lang
from scoring.io.located import Located
from scoring.io.xlsx import read_workbook_forms
from scoring.io.yamlsrc import read_yaml
from scoring.pipeline.check import load_form_text, parse_form
from scoring.report.rollup import rollup_dict
from scoring.rollup.aggregate import aggregate
from scoring.rollup.check import check_reference
from scoring.rollup.reference import Reference, load_reference_text
from scoring.rulebook.model import Rulebook
from scoring.service.inputs import Document, within
from scoring.service.limits import ServiceError

__all__ = ["aggregate_documents"]


def _workbook_forms(doc: Document) -> list[tuple[str, Form]]:
    """Every form of an uploaded workbook, named as ``jixiao aggregate`` names them."""
    assert doc.data is not None
    found = read_workbook_forms(doc.name, io.BytesIO(doc.data))
    return [(f"{doc.name}!{w.sheet}" if len(found) > 1 else doc.name, parse_form(w.src))
            for w in found]  # fmt: skip


def _is_reference(doc: Document) -> bool:
    try:
        data = read_yaml(doc.text, doc.name).data
    except (InputError, InputErrors):
        return False
    return isinstance(data, dict) and data.get("kind") == "reference"


def _split(
    documents: Sequence[Document], deadline: float
) -> tuple[list[tuple[str, Form]], tuple[Reference, Located] | None]:
    forms: list[tuple[str, Form]] = []
    reference = None
    for doc in documents:
        within(deadline, "while reading the forms")
        try:
            if doc.data is not None:
                forms += _workbook_forms(doc)
            elif _is_reference(doc):
                if reference is not None:
                    raise ServiceError(422, "two_references", "send at most one kind: reference file")
                reference = load_reference_text(doc.text, doc.name)
            else:
                forms.append((doc.name, load_form_text(doc.text, doc.name)[0]))
        except (InputError, InputErrors) as exc:
            raise ServiceError(422, "invalid_form", f"cannot roll up {doc.name}",
                               errors=str(exc).splitlines()) from exc  # fmt: skip
    return forms, reference


def aggregate_documents(
    documents: Sequence[Document],
    rulebook: Rulebook | None,
    by: Literal["budget", "executed"] | None,
    title: str | None,
    trace: bool,
    lang: Lang,
    deadline: float,
) -> dict[str, Any]:
    """The jixiao.aggregate document of the uploaded forms (and reference, if one is sent)."""
    forms, reference = _split(documents, deadline)
    try:
        rollup = aggregate([f for _, f in forms], by=by, title=title,
                           files=[n for n, _ in forms], rulebook=rulebook)  # fmt: skip
        checks, found = check_reference(rollup, *reference) if reference else ([], [])
    except JixiaoError as exc:
        raise ServiceError(422, "cannot_aggregate", str(exc)) from exc
    return rollup_dict(rollup, checks, found, with_trace=trace, lang=lang)
