"""The tally of a verify run: outcomes per file, counted into the summary people and programs read.

Both the streaming runner and the one-shot renderers count through ``Tally``, so a summary
says the same thing whichever path produced it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scoring.exitcodes import EXIT_ERRORS, EXIT_INVALID, EXIT_OK
from scoring.i18n import DEFAULT_LANG, Lang, ui
from scoring.pipeline.check import FormReport

__all__ = ["Outcome", "Tally"]

# exit codes of a verify run: clean, an error finding, a file that could not be read
_SEVERITIES = ("error", "warning", "info")


def _pad(text: str, cols: int) -> str:
    """Pad to ``cols`` terminal columns (a CJK character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(cols - used, 0)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker sends back for one file: status, finding codes, errors and rendered output."""

    file: str
    status: str
    codes: tuple[tuple[str, str], ...] = ()
    errors: tuple[str, ...] = ()
    rendered: str | None = None
    record: dict[str, Any] | None = None

    @classmethod
    def of(cls, report: FormReport, lang: Lang = DEFAULT_LANG) -> Outcome:
        """The outcome of one report, without rendered output (errors in ``lang``)."""
        return cls(
            file=report.file,
            status=report.status,
            codes=tuple((f.severity.value, f.code) for f in report.findings),
            errors=tuple(report.error_lines(lang)),
        )


@dataclass
class Tally:
    """Running counts of a verify run: forms, statuses, findings by code, unreadable files."""

    forms: int = 0
    with_errors: int = 0
    invalid: int = 0
    skipped: list[str] = field(default_factory=list)
    codes: Counter[tuple[str, str]] = field(default_factory=Counter)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        """Count one file's outcome."""
        if o.status == "skipped":  # not a form (a reference table): listed, not counted
            self.skipped.append(o.file)
            return
        self.forms += 1
        self.with_errors += o.status == "error"
        self.invalid += o.status == "invalid"
        self.codes.update(o.codes)
        if o.status == "invalid":
            self.unreadable.append((o.file, o.errors[0] if o.errors else "unreadable"))

    def summary(self) -> dict[str, Any]:
        """The ``summary`` object of the JSON report."""
        by_code = Counter[str]()
        for (_, code), n in self.codes.items():
            by_code[code] += n
        return {
            "forms": self.forms,
            "with_errors": self.with_errors,
            "invalid": self.invalid,
            "skipped": len(self.skipped),
            "by_code": dict(sorted(by_code.items())),
        }

    def severities(self) -> dict[str, int]:
        """Findings counted by severity (error, warning, info), every severity present."""
        sev = Counter[str]()
        for (severity, _), n in self.codes.items():
            sev[severity] += n
        return {k: sev[k] for k in _SEVERITIES}

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """The closing summary for people (as ``render_summary``), then each unreadable file."""
        sev = self.severities()
        ok = self.forms - self.invalid - self.with_errors
        found = ui("text.sep", lang).join(
            ui("text.count", lang, kind=ui(k, lang), n=sev[k]) for k in _SEVERITIES if sev[k]
        ) or ui("text.none", lang)
        lines = [
            ui("text.summary", lang, forms=self.forms, ok=ok, errors=self.with_errors,
               invalid=self.invalid, found=found)
        ]  # fmt: skip
        lines += [f"  {n:>5}  {_pad(ui(s, lang), 7)} {c}" for (s, c), n in sorted(
            self.codes.items(), key=lambda item: (_SEVERITIES.index(item[0][0]), item[0][1])
        )]
        if self.skipped:
            lines.append(ui("text.passed_over", lang, files=", ".join(self.skipped)))
        if self.unreadable:
            lines.append(ui("text.unreadable", lang, n=len(self.unreadable)))
            lines += [f"  {error}" for _, error in self.unreadable]
        return "\n".join(lines)

    def exit_code(self) -> int:
        """0 clean, 1 if a form has an error finding, 2 if a file could not be read."""
        if self.invalid:
            return EXIT_INVALID
        return EXIT_ERRORS if self.with_errors else EXIT_OK

    @classmethod
    def of(cls, reports: Iterable[FormReport], lang: Lang = DEFAULT_LANG) -> Tally:
        """The tally of reports already made (reading errors in ``lang``)."""
        tally = cls()
        for r in reports:
            tally.add(Outcome.of(r, lang))
        return tally
