"""``jixiao aggregate``: roll forms up into one derived form, scored and verified, members beside it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import click

from scoring.cli.options import LANG, PATHS, fail, format_option, rulebook_option
from scoring.errors import InputError, InputErrors, JixiaoError, error_text
from scoring.exitcodes import EXIT_ERRORS, EXIT_OK
from scoring.findings import Finding, Severity, worst
from scoring.form.model import Form
from scoring.i18n import Lang, resolve_lang, ui
from scoring.pipeline.check import expand_paths, load_forms
from scoring.rollup.aggregate import aggregate
from scoring.rollup.check import ReferenceCheck, check_reference
from scoring.rulebook.load import load_named_rulebook

__all__ = ["aggregate_command"]



def _load(path: Path, lang: Lang) -> list[Form]:
    try:
        return [form for form, _ in load_forms(path)]
    except (InputError, InputErrors) as exc:
        fail(ui("aggregate.failed", lang, file=path, error=error_text(exc, lang)))
    except OSError as exc:
        fail(ui("read.failed", lang, file=path, why=exc.strerror))


@click.command("aggregate")
@PATHS
@click.option(
    "--by",
    type=click.Choice(["budget", "executed"]),
    default=None,
    help="the fund amount that weights each form [default: the rulebook's aggregation.by].",
)
@format_option("text for people, json for programs (schemas/aggregate.schema.json).")
@click.option(
    "--reference",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="figures the tables print (a kind: reference file), checked against the roll-up.",
)
@click.option(
    "--department",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="the department form, compared with the reference's department figures.",
)
@click.option("--title", default=None, help="title of the derived form.")
@rulebook_option("score under this rulebook.")
@click.option("--trace", is_flag=True, help="include the traces in the JSON.")
@LANG
def aggregate_command(
    paths: tuple[str, ...],
    by: Literal["budget", "executed"] | None,
    fmt: str,
    reference: str | None,
    department: str | None,
    title: str | None,
    rulebook: str | None,
    trace: bool,
    lang: str | None,
) -> None:
    """Roll forms up into one (funds summed, the same indicator combined by fund, 备注2/3).

    Prints the derived form's score, each form beside it with the fund-weighted mean of their
    totals, where aggregate-then-score and score-then-aggregate differ and why, and the
    reference lines checked. Exit 0 clean, 1 with an error finding, 2 if an input is unreadable.
    """
    from scoring.report.rollup import all_findings, render_rollup_json, render_rollup_text
    from scoring.rollup.reference import load_reference

    language = resolve_lang(lang)
    files = list(expand_paths(paths))
    if not files:
        fail(ui("no_forms", language, paths=" ".join(paths)))
    loaded = [(f, form) for f in files for form in _load(f, language)]
    forms = [form for _, form in loaded]
    try:
        rollup = aggregate(
            forms, by=by, title=title, files=[str(f) for f, _ in loaded],
            rulebook=load_named_rulebook(rulebook),
        )  # fmt: skip
        checks: list[ReferenceCheck] = []
        found: list[Finding] = []
        if reference is not None:
            ref, src = load_reference(reference)
            dep = _load(Path(department), language)[0] if department else None
            checks, found = check_reference(rollup, ref, src, dep)
    except JixiaoError as exc:
        fail(error_text(exc, language))
    if fmt == "json":
        click.echo(render_rollup_json(rollup, checks, found, with_trace=trace, lang=language))
    else:
        click.echo(render_rollup_text(rollup, checks, found, language))
    sys.exit(EXIT_ERRORS if worst(all_findings(rollup, found)) is Severity.ERROR else EXIT_OK)
