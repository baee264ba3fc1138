"""Options, arguments and the error exit the ``jixiao`` commands share.

Only click is imported here, so a command that uses these starts as fast as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from scoring.exitcodes import EXIT_INVALID, EXIT_OUTPUT
from scoring.i18n import DEFAULT_LANG, Lang, ui

__all__ = [
    "ERRORS_ONLY",
    "LANG",
    "PATHS",
    "cannot_write",
    "fail",
    "format_option",
    "rulebook_option",
]

F = TypeVar("F", bound=Callable[..., Any])

"""The exit code of a command whose input cannot be read or is not valid."""

PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True)
)
"""The form files and folders a command reads (at least one); ``-`` reads standard input."""


LANG = click.option(
    "--lang",
    type=click.Choice(["zh-CN", "zh", "en"]),
    default=None,
    help="language of messages and reports: zh-CN (中文) or en [default: from LC_ALL, "
    "LC_MESSAGES or LANG; zh-CN unless the locale is English].",
)
"""The ``--lang`` option (parameter ``lang``); ``scoring.i18n.resolve_lang`` reads it."""

ERRORS_ONLY = click.option(
    "--errors-only",
    is_flag=True,
    help="html: only the forms with an error finding, and only their errors (a short print).",
)
"""The ``--errors-only`` flag of the HTML report."""


def format_option(help: str, choices: Sequence[str] = ("text", "json")) -> Callable[[F], F]:
    """The ``--format`` option (parameter ``fmt``), text by default; ``help`` names the schema."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default="text",
        show_default=True,
        help=help,
    )


def rulebook_option(help: str) -> Callable[[F], F]:
    """The ``--rulebook ID|FILE`` option: a built-in rulebook id or a rulebook file."""
    return click.option("--rulebook", metavar="ID|FILE", default=None, help=help)


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print ``jixiao: message`` on stderr and exit with ``code`` (bad input unless told)."""
    click.echo(f"jixiao: {message}", err=True)
    sys.exit(code)


def cannot_write(path: object, exc: OSError, lang: Lang = DEFAULT_LANG) -> NoReturn:
    """A file the user named could not be written: exit 74, as for a full standard output."""
    fail(ui("write.failed", lang, file=path, why=exc.strerror or exc), EXIT_OUTPUT)
