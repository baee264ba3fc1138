"""``jixiao rules which FORM``: the rulebook a form is scored under, how it was chosen, and why
every other built-in rulebook was not."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from scoring.cli.options import LANG, fail, format_option
from scoring.errors import InputError, InputErrors, JixiaoError, error_text
from scoring.exitcodes import EXIT_INVALID, EXIT_OK
from scoring.form.model import Form
from scoring.i18n import Lang, resolve_lang, term, ui
from scoring.i18n.phrases import localize
from scoring.pipeline.check import load_form
from scoring.rulebook.load import builtin_ids, load_builtin, load_named_rulebook
from scoring.rulebook.select import Selection, choose_rulebook, why_not

__all__ = ["which_rules"]

_FORMAT = format_option("text for people, json for programs.")


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _which_json(form: Form, chosen: Selection | None, error: str | None) -> dict[str, Any]:
    others = [{"id": i, "fits": why_not(load_builtin(i), form) is None,
               "why_not": why_not(load_builtin(i), form)} for i in builtin_ids()]  # fmt: skip
    return {
        "format": "jixiao.rules-which",
        "version": 1,
        "form": {"title": form.title, "kind": form.kind, "year": form.year,
                 "region": form.region, "rulebook": form.rulebook},
        "chosen": None if chosen is None else {
            "id": chosen.rulebook.id, "how": chosen.how, "reason": chosen.reason,
            "period_warning": chosen.period_warning},
        "passed_over": [{"id": i, "why": why} for i, why in chosen.passed_over] if chosen else [],
        "builtins": others,
        "error": error,
    }  # fmt: skip


def _which_text(
    form: Form, file: str, chosen: Selection | None, error: str | None, lang: Lang
) -> list[str]:
    lines = [ui("which.form", lang, file=file, title=form.title, kind=term(form.kind, lang),
                year=form.year, region=form.region or "—")]  # fmt: skip
    if chosen is None:
        lines += [ui("which.none", lang, error=localize(error or "", lang)), "",
                  ui("which.builtins", lang)]  # fmt: skip
        lines += [f"  {i}: {localize(why_not(load_builtin(i), form) or '', lang) or ui('which.fits', lang)}"
                  for i in builtin_ids()]  # fmt: skip
        return lines
    lines += [ui("which.chosen", lang, id=chosen.rulebook.id, title=chosen.rulebook.title),
              ui("which.why", lang, reason=localize(chosen.reason, lang))]  # fmt: skip
    if chosen.period_warning:
        lines.append(ui("which.warning", lang, warning=localize(chosen.period_warning, lang)))
    passed = chosen.passed_over or tuple(
        (i, why_not(load_builtin(i), form) or ui("which.not_named", "en"))
        for i in builtin_ids() if i != chosen.rulebook.id
    )  # fmt: skip
    lines += ["", ui("which.passed_over", lang)]
    lines += [f"  {i}: {localize(why, lang)}" for i, why in passed]
    return lines


@click.command("which")
@click.argument("form_file", metavar="FORM", type=click.Path(exists=True, dir_okay=False))
@click.option("--rulebook", "rulebook", metavar="ID|FILE", default=None,
              help="the rulebook --rulebook would give (overrides the form's choice).")
@_FORMAT
@LANG
def which_rules(form_file: str, rulebook: str | None, fmt: str, lang: str | None) -> None:
    """Which rulebook scores a form, how it was chosen, and why every other one was not.

    Exit 0 when a rulebook is chosen, 2 when none fits (or the form cannot be read).
    """
    language = resolve_lang(lang)
    try:
        form, _ = load_form(form_file)
        override = load_named_rulebook(rulebook)
    except (JixiaoError, InputErrors) as exc:
        fail(error_text(exc, language))
    chosen: Selection | None = None
    error: str | None = None
    try:
        chosen = choose_rulebook(form, form_file, override)
    except JixiaoError as exc:
        error = exc.problem if isinstance(exc, InputError) else str(exc)
    if fmt == "json":
        _json(_which_json(form, chosen, error))
    else:
        click.echo("\n".join(_which_text(form, form_file, chosen, error, language)))
    sys.exit(EXIT_OK if chosen is not None else EXIT_INVALID)
