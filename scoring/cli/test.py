"""``jixiao test CASES...``: run expected-result cases, as ``openfisca test`` runs a country's.

One line per case (PASS / FAIL / ERROR), each difference listed under a failing case, then a
summary. Exit 0 when every case passes, 1 when a case fails, 2 when a case cannot be read or
its form or rulebook cannot be loaded.
"""

from __future__ import annotations

import sys

import click

from scoring.cli.options import fail
from scoring.exitcodes import EXIT_ERRORS, EXIT_INVALID, EXIT_OK
from scoring.rulebook.model import Rulebook
from scoring.testing.cases import CaseResult, expand_cases, run_case

__all__ = ["cases_command"]

_LABEL = {"pass": "PASS", "fail": "FAIL", "error": "ERROR"}


def _echo(result: CaseResult) -> None:
    click.echo(f"{_LABEL[result.status]} {result.file}")
    for line in result.differences:
        click.echo(f"  - {line}")
    if result.error is not None:
        for line in result.error.splitlines():
            click.echo(f"  ! {line}")


@click.command("test")
@click.argument("cases", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="resolve the form and rulebook files cases name against this folder "
    "[default: each case's own folder].",
)
def cases_command(cases: tuple[str, ...], root: str | None) -> None:
    """Run YAML expected-result cases: a form and a rulebook, the numbers they must give and
    the complete list of findings (docs/testing.md).

    Folders are searched for *.yaml cases (forms and rulebooks beside them are left out).
    Exit 0 all pass, 1 a case fails, 2 a case cannot be read.
    """
    files = list(expand_cases(cases))
    if not files:
        fail("no case files (*.yaml, *.yml) under " + " ".join(cases))
    counts = dict.fromkeys(_LABEL, 0)
    cache: dict[str, Rulebook] = {}
    for f in files:
        try:
            result = run_case(f, root, cache)
        except Exception as exc:  # a bug of ours: named for this case, and the run goes on
            result = CaseResult(str(f), error=f"internal error: {type(exc).__name__}: {exc}")
        counts[result.status] += 1
        _echo(result)
    click.echo(
        f"{len(files)} case{'s' if len(files) != 1 else ''}: {counts['pass']} passed, "
        f"{counts['fail']} failed, {counts['error']} could not be read"
    )
    if counts["error"]:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_ERRORS if counts["fail"] else EXIT_OK)
