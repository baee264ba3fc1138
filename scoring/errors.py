"""Exceptions raised by jixiao.

Every error a user can cause names where it happened and what was expected::

    JixiaoError                      base of everything raised on purpose
    ├── InputError                   one problem in one input file: file, line, field path,
    │   │                            what was expected, an example of a good value
    │   ├── FormError                a form (indicators/*.yaml) is malformed
    │   └── RulebookError            a rulebook is malformed, or its formulas fail their proofs
    ├── ValueParseError              a printed value ("≥3亿条") cannot be read
    ├── FormulaError                 a formula string breaks the grammar or its whitelist
    ├── FormulaEvaluationError       a formula met inputs it cannot take (division by zero)
    ├── InputErrors                  several InputErrors found in one file, kept together
    ├── AggregateError               forms that cannot be rolled up together
    └── BatchError                   a table that cannot be scored at all (missing column,
                                     float column, unknown format); also a ValueError
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scoring.i18n import DEFAULT_LANG, Lang, ui
from scoring.i18n.phrases import localize
from scoring.i18n.ui import UI

__all__ = [
    "AggregateError",
    "BatchError",
    "FormError",
    "FormulaError",
    "FormulaEvaluationError",
    "InputError",
    "InputErrors",
    "JixiaoError",
    "Location",
    "OutputError",
    "RulebookError",
    "ValueParseError",
    "error_text",
]


class JixiaoError(Exception):
    """Base class of every error jixiao raises on purpose."""


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, 1-based line (if known) and field path like ``indicators[2].weight``.

    In a workbook ``cell`` names the sheet and cell (``Sheet1!F12``) instead of a line.
    """

    file: str = "<input>"
    line: int | None = None
    path: str = ""
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.cell is not None:
            where += f"!{self.cell}"
        if self.line is not None:
            where += f":{self.line}"
        if self.path:
            where += f": {self.path}"
        return where


@dataclass
class InputError(JixiaoError):
    """One problem in one input: where it is, what is wrong, what was expected, an example."""

    location: Location
    problem: str
    expected: str = ""
    example: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """The problem in one line, in ``lang`` (English: as it was raised)."""
        where = str(self.location)
        if f"place.{self.location.file}" in UI:
            where = where.replace(self.location.file, ui(f"place.{self.location.file}", lang), 1)
        text = ui("error.line", lang, where=where, problem=localize(self.problem, lang))
        if self.expected:
            text += ui("error.expected", lang, expected=localize(self.expected, lang))
        if self.example:
            text += ui("error.example", lang, example=self.example)
        return text


class FormError(InputError):
    """A form file is malformed."""


class RulebookError(InputError):
    """A rulebook is malformed or one of its formulas fails a proof."""


class ValueParseError(JixiaoError, ValueError):
    """A printed value cannot be read as a number, comparator and unit."""


@dataclass
class FormulaError(JixiaoError):
    """A formula string breaks the grammar or uses a name outside the whitelist."""

    text: str
    position: int
    problem: str

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"{self.problem} at column {self.position + 1} of formula {shown!r}"


class InputErrors(JixiaoError):
    """Every problem found in one input, printed as a list ending in "... and N more"."""

    def __init__(self, errors: Sequence[InputError], shown: int = 10) -> None:
        if not errors:
            raise ValueError("InputErrors needs at least one error")
        self.errors = list(errors)
        self.shown = shown
        super().__init__(self.text("en"))

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """The problems, one a line, in ``lang``."""
        lines = [e.text(lang) for e in self.errors[: self.shown]]
        if len(self.errors) > self.shown:
            lines.append(ui("error.more", lang, n=len(self.errors) - self.shown))
        return "\n".join(lines)


def error_text(error: BaseException, lang: Lang = DEFAULT_LANG) -> str:
    """What a user reads of an error of ours, in ``lang``."""
    if isinstance(error, InputError | InputErrors):
        return error.text(lang)
    return localize(str(error), lang)


class FormulaEvaluationError(JixiaoError):
    """A formula could not be evaluated on given inputs (division by zero, missing input)."""


class AggregateError(JixiaoError):
    """Forms that cannot be rolled up together: none, different years or rulebooks, no funds."""


class BatchError(JixiaoError, ValueError):
    """A table that cannot be scored at all (missing column, float column, unknown format)."""


class OutputError(JixiaoError, OSError):
    """A result could not be written (disk full, no permission, read-only file system)."""
