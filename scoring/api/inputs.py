"""What the embedding API accepts, turned into a Form and a Rulebook, or a TypeError saying what
was expected.

A form may be given as a path (``pathlib.Path`` or a string ending in .yaml/.yml), YAML text, a
mapping shaped as the form schema (numbers as ``int``, ``str`` or ``Decimal``; a ``float`` is
refused, since it cannot hold 0.1 exactly), or a ``Form``. A rulebook may be given as a built-in
id, a path to a rulebook file, or a ``Rulebook``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

from scoring.errors import FormError, InputError, InputErrors, Location
from scoring.form.model import Form
from scoring.io.located import Located
from scoring.pipeline.check import (
    FORM_SUFFIXES,
    FormReport,
    check_file,
    check_form,
    parse_form,
)
from scoring.rulebook.load import load_named_rulebook
from scoring.rulebook.model import Rulebook

__all__ = [
    "FormInput",
    "RulebookInput",
    "as_form",
    "as_rulebook",
    "check_input",
    "load_input",
    "plain_data",
]

FormInput: TypeAlias = "str | os.PathLike[str] | Mapping[str, Any] | Form"
"""A form as a path, YAML text, a mapping of the form schema, or a Form."""
RulebookInput: TypeAlias = "str | os.PathLike[str] | Rulebook | None"
"""A rulebook as a built-in id, a rulebook file, a Rulebook, or None (the one the form names)."""

_SUFFIXES = FORM_SUFFIXES


def _expected(what: str, value: object, expected: str) -> TypeError:
    return TypeError(f"{what}: expected {expected}, got {type(value).__name__} {value!r:.60}")


def plain_data(value: Any, path: str = "") -> Any:
    """A mapping's values as the YAML reader gives them: numbers as their exact text.

    ``int`` and ``Decimal`` become text; a ``float`` raises a TypeError naming its field.
    """
    where = path or "form"
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        raise TypeError(
            f"{where}: a float ({value!r}) cannot hold a printed amount exactly; give it as "
            f"text (\"{value!r}\") or a Decimal"
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{where}: {value} is not a number a form can print")
        return format(value, "f")
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _expected(f"{where} key", key, "text keys as in the form schema")
            out[key] = plain_data(item, f"{path}.{key}" if path else key)
        return out
    if isinstance(value, Sequence):
        return [plain_data(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise _expected(where, value, "text, int, Decimal, a mapping or a list")


def _is_path(value: str | os.PathLike[str]) -> bool:
    if not isinstance(value, str):
        return True
    return "\n" not in value and value.strip().endswith(_SUFFIXES)


def as_form(form: FormInput) -> tuple[Form, Located | None, str]:
    """The Form, its located source (for line numbers, when read from text) and its name.

    A path is read by ``check_input`` instead, so that an unreadable file becomes a report.
    """
    if isinstance(form, Form):
        return form, None, "<form>"
    if isinstance(form, Mapping):
        data = plain_data(form)
        src = Located(data, "<dict>", {})
        return parse_form(src), src, "<dict>"
    if isinstance(form, str) and not _is_path(form):
        from scoring.pipeline.check import load_form_text

        parsed, src = load_form_text(form, "<text>")
        return parsed, src, "<text>"
    raise _expected("form", form, "a path, YAML text, a mapping of the form schema, or a Form")


def as_rulebook(rulebook: RulebookInput) -> Rulebook | None:
    """The Rulebook an argument names: a built-in id, a rulebook file, or the object itself."""
    if rulebook is None or isinstance(rulebook, Rulebook):
        return rulebook
    if isinstance(rulebook, (str, os.PathLike)):
        return load_named_rulebook(os.fspath(rulebook))
    raise _expected("rulebook", rulebook, "a built-in id such as 'hubei-2022', a rulebook "
                    "file, a Rulebook, or None")


def check_input(form: FormInput, rulebook: RulebookInput = None) -> FormReport:
    """Load (if need be), score and verify one form given in any accepted shape.

    A form that cannot be read gives a report with its error, as ``check_file`` does; a wrong
    argument type raises a TypeError.
    """
    rb = as_rulebook(rulebook)
    if isinstance(form, (str, os.PathLike)) and _is_path(form):
        return check_file(Path(form), rb)
    try:
        parsed, src, name = as_form(form)
    except InputError as exc:
        return FormReport(exc.location.file, error=exc)
    except InputErrors as exc:
        return FormReport(exc.errors[0].location.file if exc.errors else "<form>", error=exc)
    return check_form(parsed, src, name, rb)


def load_input(form: FormInput) -> tuple[Form, Located | None, str]:
    """The Form of any accepted shape, a path included; an unreadable one raises its error."""
    if isinstance(form, (str, os.PathLike)) and _is_path(form):
        from scoring.pipeline.check import load_form

        try:
            parsed, src = load_form(Path(form))
        except OSError as exc:
            raise FormError(Location(os.fspath(form)), f"cannot read: {exc.strerror}") from None
        return parsed, src, os.fspath(form)
    return as_form(form)
