"""check, score and aggregate: the three calls budget software makes, whatever shape its forms take.

::

    import scoring
    report = scoring.check({"kind": "project", ...}, rulebook="hubei-2022")
    report.findings, report.to_dict()
    sheet = scoring.score("form.yaml")           # ScoreSheet: every number with its trace
    rolled = scoring.aggregate(["a.yaml", "b.yaml"], by="budget")
    rolled.to_dict()                             # the jixiao.aggregate JSON document
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scoring.api.inputs import FormInput, RulebookInput, as_rulebook, check_input, load_input
from scoring.engine.parts import By
from scoring.engine.score import score as score_sheet
from scoring.engine.sheet import ScoreSheet
from scoring.findings import Finding
from scoring.form.model import Form
from scoring.i18n import DEFAULT_LANG, Lang
from scoring.pipeline.check import FormReport
from scoring.report.rollup import all_findings, rollup_dict
from scoring.rollup.aggregate import Rollup
from scoring.rollup.aggregate import aggregate as roll_up
from scoring.rollup.check import ReferenceCheck, check_reference
from scoring.rollup.reference import load_reference
from scoring.rulebook.select import choose_rulebook

__all__ = ["RollupReport", "aggregate", "check", "score"]


def check(form: FormInput, rulebook: RulebookInput = None) -> FormReport:
    """Score and verify one form: its score sheet and findings, or why it could not be read."""
    return check_input(form, rulebook)


def score(form: FormInput, rulebook: RulebookInput = None) -> ScoreSheet:
    """Every number of one form, computed exactly with its trace (no verification).

    An unreadable form raises its InputError / InputErrors; a wrong argument, a TypeError.
    """
    parsed, src, name = load_input(form)
    rb = choose_rulebook(parsed, src.file if src else name, as_rulebook(rulebook)).rulebook
    return score_sheet(parsed, rb)


@dataclass(frozen=True, slots=True)
class RollupReport:
    """A roll-up with the reference figures checked against it, if any were given."""

    rollup: Rollup
    checks: tuple[ReferenceCheck, ...] = ()
    reference_findings: tuple[Finding, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the roll-up: the derived form's and the reference check's."""
        return all_findings(self.rollup, self.reference_findings)

    def to_dict(self, with_trace: bool = False, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The jixiao.aggregate JSON document (schemas/aggregate.schema.json), finding
        messages in ``lang``."""
        return rollup_dict(self.rollup, self.checks, self.reference_findings, with_trace, lang)


def aggregate(
    forms: Sequence[FormInput],
    *,
    by: By | None = None,
    title: str | None = None,
    rulebook: RulebookInput = None,
    reference: str | None = None,
    department: FormInput | None = None,
) -> RollupReport:
    """Roll forms up by fund amount into one derived form, scored and verified.

    ``reference`` is a file of the figures the tables print (``kind: reference``) and
    ``department`` the department form they are compared with.
    """
    if isinstance(forms, (str, bytes)) or not isinstance(forms, Sequence):
        raise TypeError(f"forms: expected a list of forms, got {type(forms).__name__}")
    loaded = [load_input(f) for f in forms]
    members: list[Form] = [f for f, _, _ in loaded]
    rollup = roll_up(members, by=by, title=title, files=[n for _, _, n in loaded],
                     rulebook=as_rulebook(rulebook))
    if reference is None:
        return RollupReport(rollup)
    ref, src = load_reference(reference)
    dep = load_input(department)[0] if department is not None else None
    checks, found = check_reference(rollup, ref, src, dep)
    return RollupReport(rollup, tuple(checks), tuple(found))


