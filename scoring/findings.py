"""Findings: what does not add up on a form, where it is, and what explains it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, Literal

from scoring.i18n import DEFAULT_LANG, Lang, render_message

__all__ = ["Diagnosis", "Finding", "Problem", "Severity", "worst"]


class Severity(enum.StrEnum):
    """How bad a finding is: an error makes ``jixiao verify`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


Diagnosis = Literal[
    "rounding-policy", "tail", "propagated", "label", "placeholder", "assumption", "unexplained"
]
"""What explains a stated number that differs from the computed one."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One inconsistency: code, severity, where, stated vs computed, explanation and rule."""

    code: str
    severity: Severity
    message: str
    path: str
    section: str | None = None
    stated: str | None = None
    computed: str | None = None
    diagnosis: Diagnosis | None = None
    rule: str | None = None
    file: str | None = None
    line: int | None = None
    cell: str | None = None
    params: Mapping[str, str] = _field(default_factory=dict, hash=False)
    """The values the catalogue's sentence for ``code`` is made from (``scoring.i18n``)."""

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """The finding's sentence in ``lang``, numbers as the form prints them."""
        fields = {
            "stated": self.stated,
            "computed": self.computed,
            "section": self.section,
            "path": self.path,
        }
        return render_message(self.code, self.params, fields, lang, fallback=self.message)

    def where(self) -> str:
        """File, line (or workbook cell: ``form.xlsx!Sheet1!F12``) and field path in one string."""
        place = self.file or "<form>"
        if self.cell is not None:
            place += f"!{self.cell}"
        if self.line is not None:
            place += f":{self.line}"
        return f"{place}: {self.path}"

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """A JSON-ready dictionary (the shape in schemas/report.schema.json); ``message`` is the
        sentence in ``lang``, ``params`` what it is made from."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "cell": self.cell,
            "section": self.section,
            "stated": self.stated,
            "computed": self.computed,
            "diagnosis": self.diagnosis,
            "message": self.text(lang),
            "params": dict(self.params),
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """Something scoring met on one indicator, turned into a finding by verification."""

    code: str
    field: str
    text: str
    severity: Severity = Severity.ERROR
    rule: str | None = None  # the clause it rests on, when not the row's scoring rule
    params: Mapping[str, str] = _field(default_factory=dict, hash=False)
    """The values of the catalogue's sentence (the indicator's name is added by verify)."""


def worst(findings: list[Finding]) -> Severity | None:
    """The most severe level among findings, or None when there are none."""
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)
