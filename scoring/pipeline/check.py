"""The one pipeline every entry point shares: load → score → verify, per file, never stopping early."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from scoring.engine.score import score
from scoring.engine.sheet import ScoreSheet
from scoring.errors import FormError, InputError, InputErrors, JixiaoError, Location, error_text
from scoring.findings import Finding, Severity, worst
from scoring.form.model import Form
from scoring.i18n import DEFAULT_LANG, Lang
from scoring.io.located import Located
from scoring.io.validation import validation_to_errors
from scoring.io.xlsx import NoForm, is_workbook, read_workbook_forms
from scoring.io.xlsx_cells import WORKBOOK_SUFFIXES
from scoring.io.yamlsrc import STDIN, read_yaml, read_yaml_file
from scoring.rulebook.citation import localize_rule
from scoring.rulebook.model import Rulebook, require_rulebook
from scoring.rulebook.select import Selection, choose_rulebook
from scoring.verify.core import verify
from scoring.verify.nationwide import rest_on_nationwide

__all__ = [
    "FormReport",
    "check_file",
    "check_form",
    "check_path",
    "check_text",
    "expand_paths",
    "load_form",
    "load_form_text",
    "load_forms",
    "parse_form",
]

FORM_SUFFIXES = (".yaml", ".yml", *WORKBOOK_SUFFIXES)
REFERENCE_NOTE = (
    "not a form: reference figures (kind: reference) for `jixiao aggregate --reference`"
)
RULEBOOK_NOTE = "not a form: a rulebook (named by the forms beside it, or `--rulebook`)"
RULEBOOK_KEYS = frozenset({"extends", "execution", "formulas"})


@dataclass(frozen=True, slots=True)
class FormReport:
    """The outcome for one input: the form, its score sheet and findings, or why it could not be read."""

    file: str
    form: Form | None = None
    sheet: ScoreSheet | None = None
    findings: tuple[Finding, ...] = ()
    error: JixiaoError | None = None
    skipped: str | None = None
    selection: Selection | None = None

    @property
    def status(self) -> str:
        """``invalid`` (unreadable), ``error`` (an error finding), ``skipped`` (not a form), or ``ok``."""
        if self.skipped is not None:
            return "skipped"
        if self.error is not None:
            return "invalid"
        return "error" if worst(list(self.findings)) is Severity.ERROR else "ok"

    def error_lines(self, lang: Lang = DEFAULT_LANG) -> list[str]:
        """The reading errors, one line each, in ``lang``."""
        if isinstance(self.error, InputErrors):
            return [e.text(lang) for e in self.error.errors]
        return [error_text(self.error, lang)] if self.error else []

    def to_dict(self, with_trace: bool = False, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The form's JSON record: file, status, computed numbers and findings (messages in
        ``lang``), or its reading errors."""
        record: dict[str, Any] = {"file": self.file, "status": self.status}
        if self.form is not None:
            f = self.form
            record |= {
                "title": f.title,
                "kind": f.kind,
                "year": f.year,
                "unit": f.unit,
                "funds": {"budget": _amount(f.funds.wan("budget")),
                          "executed": _amount(f.funds.wan("executed"))},
            }
        else:
            record["title"] = None
        if self.sheet is not None:
            record["rulebook"] = self.sheet.rulebook.id
            if self.sheet.rulebook.origin is not None:
                record["rulebook_file"] = self.sheet.rulebook.origin
            record["computed"] = self.sheet.to_dict(with_trace)
        cites = self.sheet.rulebook.sources.values() if self.sheet is not None else ()
        record["findings"] = [f.to_dict(lang) | {"rule": localize_rule(f.rule, cites, lang) or None}
                              for f in self.findings]  # fmt: skip
        record["errors"] = self.error_lines(lang)
        return record


def parse_form(src: Located) -> Form:
    """Validate read YAML as a form; every problem named with file, line and field."""
    try:
        return Form.model_validate(src.data)
    except ValidationError as exc:
        raise validation_to_errors(exc, src, Form, error=FormError) from exc


def load_form(path: str | Path) -> tuple[Form, Located]:
    """Read one form file: the validated form and the located source (for line numbers).

    A workbook must hold one form; ``load_forms`` reads every form of a workbook."""
    if is_workbook(path):
        forms = load_forms(path)
        if len(forms) > 1:
            problem = f"the workbook holds {len(forms)} forms; load_forms reads each"
            raise FormError(Location(str(path)), problem)
        return forms[0]
    src = read_yaml_file(path, error=FormError)
    return parse_form(src), src


def load_forms(path: str | Path) -> list[tuple[Form, Located]]:
    """Read a form file, or every form of a workbook (one per sheet)."""
    if not is_workbook(path):
        return [load_form(path)]
    return [(parse_form(w.src), w.src) for w in read_workbook_forms(path)]


def load_form_text(text: str, file: str = "<input>") -> tuple[Form, Located]:
    """Read one form from YAML text."""
    src = read_yaml(text, file, error=FormError)
    return parse_form(src), src


def check_form(
    form: Form,
    src: Located | None = None,
    file: str | None = None,
    rulebook: Rulebook | None = None,
) -> FormReport:
    """Score and verify an already loaded form."""
    name = file or (src.file if src else "<form>")
    require_rulebook(rulebook)
    try:
        chosen = choose_rulebook(form, src.file if src else file, rulebook)
    except InputError as exc:
        if exc.location.file.startswith("<"):  # no rulebook fits, or the named one does not exist
            field = exc.location.path if form.rulebook is None else "rulebook"
            line = src.line_of((field,)) if src else None
            exc.location = Location(name, line, field)
        return FormReport(name, form=form, error=exc)
    sheet = score(form, chosen.rulebook)
    found = verify(sheet, source=src, file=name)
    automatic = chosen.how == "automatic"
    found = rest_on_nationwide(found, chosen.rulebook, automatic, form.region)
    findings = selection_findings(chosen, src, name) + found
    return FormReport(name, form=form, sheet=sheet, findings=tuple(findings), selection=chosen)


def selection_findings(chosen: Selection, src: Located | None, file: str) -> list[Finding]:
    """What a form should know about its rulebook: how it was chosen, and a period that does not
    cover the form's year."""
    out = []
    if chosen.how == "automatic":
        out.append(Finding("RULEBOOK_SELECTED", Severity.INFO, f"scored under "
                           f"{chosen.rulebook.id}: {chosen.reason}", "rulebook", file=file,
                           stated=chosen.rulebook.id,
                           line=src.line_of(("year",)) if src else None))  # fmt: skip
    if chosen.period_warning is not None:
        field = "rulebook" if chosen.how != "option" else "year"
        out.append(Finding("RULEBOOK_PERIOD", Severity.WARNING, chosen.period_warning, field,
                           stated=chosen.rulebook.id, file=file,
                           line=src.line_of((field,)) if src else None))  # fmt: skip
    return out


def check_file(path: str | Path, rulebook: Rulebook | None = None) -> FormReport:
    """Load, score and verify one file; a file that cannot be read gives a report with its error.

    The path ``-`` reads standard input.
    """
    name = STDIN if str(path) == "-" else str(path)
    require_rulebook(rulebook)
    if is_workbook(path):
        [*reports] = check_path(path, rulebook)
        if len(reports) == 1:
            return reports[0]
        problem = f"the workbook holds {len(reports)} forms; check_path reports each"
        return FormReport(name, error=FormError(Location(name), problem))
    try:
        src = read_yaml_file(path, error=FormError)
        if isinstance(src.data, dict) and src.data.get("kind") == "reference":
            return FormReport(name, skipped=REFERENCE_NOTE)
        if isinstance(src.data, dict) and "kind" not in src.data and RULEBOOK_KEYS & set(src.data):
            return FormReport(name, skipped=RULEBOOK_NOTE)
        form = parse_form(src)
    except (InputError, InputErrors) as exc:
        return FormReport(name, error=exc)
    except OSError as exc:
        return FormReport(name, error=FormError(Location(name), f"cannot read: {exc.strerror}"))
    return check_form(form, src, name, rulebook)


def check_path(
    path: str | Path, rulebook: Rulebook | None = None, data: BinaryIO | None = None
) -> list[FormReport]:
    """Like ``check_file``, for a form file or a workbook: one report per form in it.
    ``data``: the workbook's bytes, when they are not read from ``path`` (an upload).

    A workbook's forms are named ``book.xlsx!Sheet`` when it holds more than one; what reading
    the workbook found (formula cells, hidden rows) comes first among each form's findings.
    """
    name = str(path)
    if not is_workbook(path):
        return [check_file(path, rulebook)]
    try:
        forms = read_workbook_forms(path, data)
    except NoForm as exc:  # a workbook beside the forms (a budget table, a report): not a form
        return [FormReport(name, skipped=f"not a form: {exc.problem}")]
    except (InputError, InputErrors) as exc:
        return [FormReport(name, error=exc)]
    reports = []
    for w in forms:
        label = f"{name}!{w.sheet}" if len(forms) > 1 else name
        try:
            form = parse_form(w.src)
        except (InputError, InputErrors) as exc:
            reports.append(FormReport(label, error=exc))
            continue
        report = check_form(form, w.src, name, rulebook)
        reports.append(replace(report, file=label, findings=w.findings + report.findings))
    return reports


def check_text(text: str, name: str, rulebook: Rulebook | None = None) -> FormReport:
    """Load, score and verify one form given as YAML or JSON text (an upload, a request body);
    text that cannot be read gives a report with its error, as ``check_file`` does."""
    try:
        src = read_yaml(text, name, error=FormError)
        if isinstance(src.data, dict) and src.data.get("kind") == "reference":
            return FormReport(name, skipped=REFERENCE_NOTE)
        form = parse_form(src)
    except (InputError, InputErrors) as exc:
        return FormReport(name, error=exc)
    return check_form(form, src, name, rulebook)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and every form file under each directory, in a stable order.

    Nothing under a directory is passed over in silence: a dangling symlink or an unreadable
    file named like a form, and a folder that cannot be listed, are yielded too, so that
    reading them reports why they cannot be read.
    """
    for p in map(Path, paths):
        yield from sorted(_walk(p)) if p.is_dir() else (p,)


def _walk(top: Path) -> Iterator[Path]:
    unlistable: list[Path] = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(top, followlinks=True, onerror=lambda e: unlistable.append(
            Path(e.filename))):  # fmt: skip
        real = os.path.realpath(folder)
        if real in seen:  # a symlink loop: each folder once
            dirs.clear()
            continue
        seen.add(real)
        # an office suite's lock files (~$book.xlsx, .~lock.book.xlsx#) are not forms
        yield from (Path(folder, n) for n in names if Path(n).suffix.lower() in FORM_SUFFIXES
                    and not n.startswith(("~$", ".~lock")))  # fmt: skip
    yield from unlistable


def _amount(value: Decimal | None) -> str | None:
    """An amount in 万元 for the JSON report; None when the form prints none."""
    return None if value is None else str(value)
