"""``jixiao test CASES...``: run expected-result cases, as ``openfisca test`` runs a country's.

One line per case (PASS / FAIL / ERROR), each difference listed under a failing case, then a
summary. Exit 0 when every case passes, 1 when a case fails, 2 when a case cannot be read or
its form or rulebook cannot be loaded.
"""

from __future__ import annotations

import sys

import click

from scoring.cli.options import LANG, fail
from scoring.exitcodes import EXIT_ERRORS, EXIT_INVALID, EXIT_OK
from scoring.i18n import Lang, resolve_lang, ui
from scoring.i18n.phrases import localize
from scoring.rulebook.model import Rulebook
from scoring.testing.cases import CaseResult, expand_cases, run_case

__all__ = ["cases_command"]

_STATUSES = ("pass", "fail", "error")


def _echo(result: CaseResult, lang: Lang) -> None:
    click.echo(f"{ui('test.' + result.status, lang)} {result.file}")
    for line in result.differences:
        click.echo(f"  - {localize(line, lang)}")
    if result.error is not None:
        for line in result.error.splitlines():
            click.echo(f"  ! {localize(line, lang)}")


@click.command("test")
@click.argument("cases", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="resolve the form and rulebook files cases name against this folder "
    "[default: each case's own folder].",
)
@LANG
def cases_command(cases: tuple[str, ...], root: str | None, lang: str | None) -> None:
    """Run YAML expected-result cases: a form and a rulebook, the numbers they must give and
    the complete list of findings (docs/testing.md).

    Folders are searched for *.yaml cases (forms and rulebooks beside them are left out).
    Exit 0 all pass, 1 a case fails, 2 a case cannot be read.
    """
    language = resolve_lang(lang)
    files = list(expand_cases(cases))
    if not files:
        fail(ui("test.none", language, paths=" ".join(cases)))
    counts = dict.fromkeys(_STATUSES, 0)
    cache: dict[str, Rulebook] = {}
    for f in files:
        try:
            result = run_case(f, root, cache)
        except Exception as exc:  # a bug of ours: named for this case, and the run goes on
            error = ui("test.internal", language, error=f"{type(exc).__name__}: {exc}")
            result = CaseResult(str(f), error=error)
        counts[result.status] += 1
        _echo(result, language)
    noun = "case" if len(files) == 1 else "cases"
    click.echo(ui("test.summary", language, n=len(files), cases=noun, passed=counts["pass"],
                  failed=counts["fail"], errors=counts["error"]))  # fmt: skip
    if counts["error"]:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_ERRORS if counts["fail"] else EXIT_OK)
