"""``--help`` in the language of the command line: the commands' and options' help from the
catalogue (scoring/i18n/help.py, keyed by the English text), and click's own headings.

Help is set on each command as it is about to run, from the English it was written in, so a
process that runs commands in both languages (tests, a program calling them) never mixes them.
"""

from __future__ import annotations

from typing import Any

import click

from scoring.i18n import Lang, ui
from scoring.i18n.help import HELP

__all__ = ["localize_help"]

_ENGLISH: dict[int, str] = {}
"""The help each command or option was written with, by ``id``."""


def _text(thing: click.Command | click.Option, lang: Lang) -> str | None:
    english = _ENGLISH.setdefault(id(thing), thing.help or "")
    if not english:
        return thing.help
    return HELP.get(" ".join(english.split()), english) if lang != "en" else english


class _Formatter(click.HelpFormatter):
    """Click's help layout with its headings in the language asked for."""

    lang: Lang = "en"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", ui("help.options_arg", self.lang)),
                            ui("help.usage", self.lang))  # fmt: skip

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        if self.lang != "en":
            rows = [(term, _click_help(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)

    def write_heading(self, heading: str) -> None:
        key = f"help.{heading.lower()}"
        super().write_heading(ui(key, self.lang) if key in _HEADINGS else heading)


def _click_help(text: str) -> str:
    """Click's own help of an option (``--help``, ``--version``) and its ``[default: …]``."""
    text = HELP.get(" ".join(text.split()), text)
    return text.replace("[default: ", "[默认：").replace("[required]", "[必填]")


_HEADINGS = frozenset({"help.options", "help.commands", "help.arguments"})


def _context_class(lang: Lang) -> type[click.Context]:
    formatter = type("Formatter", (_Formatter,), {"lang": lang})

    class _Context(click.Context):
        formatter_class = formatter

    return _Context


def localize_help(command: click.Command, lang: Lang, ctx: Any = None) -> None:
    """Set the help of ``command`` (and of the commands under it already loaded) in ``lang``."""
    command.help = _text(command, lang)
    command.context_class = _context_class(lang)
    for p in command.params:
        if isinstance(p, click.Option):
            p.help = _text(p, lang)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize_help(sub, lang)
