"""The smallest form that shows one cause, for the focused tests of the false alarms real
published forms exposed (tests/verify/test_real_forms_*.py)."""

from __future__ import annotations

from typing import Any

from scoring.findings import Severity
from scoring.form.model import Form
from scoring.pipeline.check import check_form

__all__ = ["codes", "minimal_form"]


def minimal_form(region: str, year: int, section: str, changes: dict[str, Any]) -> Form:
    """A project form of ``region`` and ``year`` with fully spent funds and no rows, with
    ``changes`` (which may change the region and year too)."""
    base: dict[str, Any] = {
        "kind": "project",
        "title": "示例项目",
        "unit": "示例单位",
        "year": year,
        "region": region,
        "source": {"document": "example", "section": section},
        "funds": {"budget": "100", "executed": "100"},
        "indicators": [],
    }
    return Form.model_validate(base | changes)


def codes(form: Form, severity: Severity | None = None) -> list[str]:
    """The codes of the form's findings (of one severity, if given); the form must read."""
    report = check_form(form)
    assert report.error is None, report.error_lines()
    return [f.code for f in report.findings if severity is None or f.severity is severity]
