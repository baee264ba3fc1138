"""The ``jixiao`` command: a thin shell over the pipeline (load → score → verify → render)."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import click

from scoring.cli.guard import command_lang, guarded, usage_errors
from scoring.cli.help import localize_help
from scoring.cli.options import (
    ERRORS_ONLY,
    LANG,
    PATHS,
    cannot_write,
    fail,
    format_option,
    rulebook_option,
)
from scoring.cli.runner import Format, verify_files
from scoring.errors import JixiaoError, error_text
from scoring.exitcodes import EXIT_INVALID, EXIT_OK
from scoring.i18n import Lang, resolve_lang, ui
from scoring.pipeline.check import FormReport, check_path, expand_paths
from scoring.pipeline.tally import Tally
from scoring.rulebook.extends import PARENTS_ANYWHERE
from scoring.rulebook.load import load_named_rulebook
from scoring.rulebook.model import Rulebook

__all__ = ["main"]


def _inputs(
    paths: tuple[str, ...], rulebook: str | None, lang: Lang
) -> tuple[Rulebook | None, list[Path]]:
    try:
        rb = load_named_rulebook(rulebook)
    except JixiaoError as exc:
        fail(error_text(exc, lang))
    files = list(expand_paths(paths))
    if not files:
        fail(ui("no_forms", lang, paths=" ".join(paths)))
    return rb, files


def _reports(paths: tuple[str, ...], rulebook: str | None, lang: Lang) -> list[FormReport]:
    rb, files = _inputs(paths, rulebook, lang)
    return [r for f in files for r in check_path(f, rb)]


_FORMAT = format_option(
    "text for people, json for programs (schemas/report.schema.json), html: one page to send, "
    "xlsx: a workbook (needs -o).",
    choices=("text", "json", "html", "xlsx"),
)
_OUT = click.option("-o", "--out", "out", type=click.Path(dir_okay=False), default=None,
                    help="the .xlsx to write with --format xlsx.")  # fmt: skip


def _write_xlsx(reports: list[FormReport], out: str | None, lang: Lang) -> None:
    from scoring.report.xlsx import write_xlsx

    if out is None or not out.lower().endswith(".xlsx"):
        fail(ui("xlsx.needs_out", lang))
    try:
        write_xlsx(reports, out, lang)
    except OSError as exc:
        cannot_write(out, exc, lang)
_RULEBOOK = rulebook_option("score under this rulebook instead of the one each form names.")


class _Commands(click.Group):
    """A group whose commands from other modules are imported only when run or listed, so a
    command's start never pays for another's imports (``main.add_lazy(name, "module:attr")``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}
        self.lang: Lang = "en"

    def add_lazy(self, name: str, target: str) -> None:
        """Register ``module:attribute`` as the command ``name``, imported on first use."""
        self.lazy[name] = target

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            localize_help(command, self.lang)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command under scoring/cli/guard.py: exit codes, not tracebacks."""
        return guarded(lambda: super(_Commands, self).invoke(ctx))

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:  # fmt: skip
        """Run as click does, but say a usage error in the language asked for."""
        argv = list(sys.argv[1:] if args is None else args)
        self.lang = command_lang(argv)
        localize_help(self, self.lang)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, **extra)
        return usage_errors(
            lambda alone: super(_Commands, self).main(argv, prog_name, complete_var, alone,
                                                      **extra),
            argv,
        )  # fmt: skip


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao")
@click.option(
    "--parents-anywhere",
    is_flag=True,
    help="let a rulebook file's `extends:` name a file outside its own folder "
    "(refused by default: a rulebook of unknown origin must not read files elsewhere).",
)
def main(parents_anywhere: bool) -> None:
    """Score and verify budget-performance self-evaluation forms (绩效自评表)."""
    if parents_anywhere:  # workers and every loader see it
        os.environ[PARENTS_ANYWHERE] = "1"


@main.command()
@PATHS
@_FORMAT
@_RULEBOOK
@click.option("--trace", is_flag=True, help="include each form's trace in the JSON.")
@LANG
@ERRORS_ONLY
@_OUT
def score(
    paths: tuple[str, ...],
    fmt: str,
    rulebook: str | None,
    trace: bool,
    lang: str | None,
    errors_only: bool,
    out: str | None,
) -> None:
    """Compute every score of each form: a table per form, with why a row is not full marks."""
    from scoring.report import text

    language = resolve_lang(lang)
    reports = _reports(paths, rulebook, language)
    if fmt == "xlsx":
        _write_xlsx(reports, out, language)
    elif fmt == "json":
        from scoring.report.jsonreport import render_json

        click.echo(render_json(reports, with_trace=trace, lang=language))
    elif fmt == "html":
        from scoring.report.html import render_html

        click.echo(render_html(reports, language, errors_only))
    else:
        for r in reports:
            if r.sheet is None:
                click.echo(text.render_findings(r, language))
            else:
                click.echo(text.render_score(r.sheet, r.file, language))
            click.echo()
    sys.exit(EXIT_INVALID if any(r.status == "invalid" for r in reports) else EXIT_OK)


@main.command()
@PATHS
@format_option(
    "text for people; json: one document (schemas/report.schema.json); jsonl: one line "
    "per form as it is done, in input order, then a summary line (for piping huge runs); "
    "html: one self-contained page, written when every form is done (not streamed); "
    "xlsx: a workbook, a summary sheet and a sheet per form (needs -o).",
    choices=("text", "json", "jsonl", "html", "xlsx"),
)
@_RULEBOOK
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="worker processes for many files [default: the number of CPUs].",
)
@LANG
@ERRORS_ONLY
@_OUT
def verify(
    paths: tuple[str, ...],
    fmt: Format | Literal["xlsx"],
    rulebook: str | None,
    jobs: int | None,
    lang: str | None,
    errors_only: bool,
    out: str | None,
) -> None:
    """Check every stated number; exit 0 clean, 1 if a form has an error finding, 2 if unreadable.

    Directories are searched for *.yaml forms; many files are checked in parallel, with a
    progress bar when stderr is a terminal, and every unreadable file is listed at the end.
    """
    if fmt == "xlsx":
        reports = _reports(paths, rulebook, resolve_lang(lang))
        _write_xlsx(reports, out, resolve_lang(lang))
        sys.exit(Tally.of(reports).exit_code())
    _, files = _inputs(paths, rulebook, resolve_lang(lang))
    if "-" in paths:  # standard input can be read only here, not in a worker
        jobs = 1
    code = verify_files(
        files, rulebook, fmt, jobs, lang=resolve_lang(lang), errors_only=errors_only
    )
    sys.exit(code)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_RULEBOOK
@LANG
def explain(path: str, rulebook: str | None, lang: str | None) -> None:
    """Print the trace of every number of one form (each form of a workbook) as a tree."""
    from scoring.report import text

    language = resolve_lang(lang)
    reports = _reports((path,), rulebook, language)
    for report in reports:
        if report.sheet is None:
            click.echo(text.render_findings(report, language), err=True)
            sys.exit(EXIT_INVALID)
    for report in reports:
        click.echo(text.render_explain(report.sheet, report.file, language))  # type: ignore[arg-type]


main.add_lazy("aggregate", "scoring.cli.aggregate:aggregate_command")
main.add_lazy("batch", "scoring.cli.batch:batch")
main.add_lazy("import", "scoring.cli.excel:import_command")
main.add_lazy("template", "scoring.cli.excel:template_command")
main.add_lazy("rules", "scoring.cli.rules:rules_command")
main.add_lazy("serve", "scoring.cli.serve:serve")
main.add_lazy("test", "scoring.cli.test:cases_command")
