"""Which rulebook scores a form, and why: named by the form (an id, or a file relative to the
form), given on the command line, or chosen by the form's year, region and kind.

Automatic choice takes the rulebooks in force in the form's year, written for its kind, whose
region is a prefix of the form's, the most specific first. When rulebooks of the form's own
region exist but none is in force that year, nothing is chosen: scoring a form under another
template's points would only raise false alarms. Every choice is explained, and every
rulebook passed over says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scoring.errors import Location, RulebookError
from scoring.form.model import Form
from scoring.rulebook.load import builtin_ids, load_builtin, load_rulebook_file, names_rulebook_file
from scoring.rulebook.model import NATIONWIDE, Rulebook

__all__ = ["Selection", "choose_rulebook", "period_text", "why_not"]

How = Literal["option", "named", "file", "automatic"]


@dataclass(frozen=True, slots=True)
class Selection:
    """The rulebook a form is scored under, how it was chosen, why, and why not the others."""

    rulebook: Rulebook
    how: How
    reason: str
    passed_over: tuple[tuple[str, str], ...] = ()
    period_warning: str | None = None


def period_text(rb: Rulebook) -> str:
    """A rulebook's period as ``start – end`` (open-ended: ``start –``)."""
    return f"{rb.period.start} – {rb.period.end or ''}".rstrip()


def why_not(rb: Rulebook, form: Form) -> str | None:
    """Why a rulebook does not fit a form by year, region and kind; None when it does."""
    if not rb.in_force(form.year):
        return f"its period {period_text(rb)} does not cover {form.year}"
    if not rb.covers(form.region):
        where = form.region or "no region (only a 全国 rulebook fits)"
        return f"its region {rb.region} does not cover {where}"
    if form.kind not in rb.kinds:
        return f"it is written for {'/'.join(rb.kinds)} forms, not {form.kind}"
    if not rb.automatic:
        return "it is chosen only when a form or --rulebook names it"
    return None


def _period_warning(rb: Rulebook, form: Form) -> str | None:
    if rb.in_force(form.year):
        return None
    return (
        f"{rb.id} is in force {period_text(rb)}, which does not cover the form's year "
        f"{form.year}: the form is scored under it because it is named"
    )


def _named(value: str, form_file: str | Path | None) -> tuple[Rulebook, How, str]:
    if names_rulebook_file(value) or value.endswith((".yaml", ".yml")):
        base = Path(form_file).parent if form_file else Path()
        path = base / value
        if not path.is_file():
            raise RulebookError(
                location=Location("<form>", None, "rulebook"),
                problem=f"the rulebook file {value} does not exist (looked for {path})",
                expected="a rulebook file relative to the form, or a built-in id",
                example="rulebook: rules/my-rulebook.yaml",
            )
        return load_rulebook_file(path), "file", f"the form names the rulebook file {value}"
    return load_builtin(value), "named", f"the form names {value}"


def choose_rulebook(
    form: Form,
    form_file: str | Path | None = None,
    override: Rulebook | None = None,
    known: Mapping[str, Rulebook] | None = None,
) -> Selection:
    """The rulebook a form is scored under and why (RulebookError when none fits)."""
    if override is not None:
        reason = f"--rulebook {override.id} overrides the form's own choice"
        return Selection(override, "option", reason, (), _period_warning(override, form))
    if form.rulebook:
        how: How
        if known and form.rulebook in known:
            rb, how, reason = known[form.rulebook], "named", f"the form names {form.rulebook}"
        else:
            rb, how, reason = _named(form.rulebook, form_file)
        return Selection(rb, how, reason, (), _period_warning(rb, form))
    return _automatic(form, dict(known) if known else {i: load_builtin(i) for i in builtin_ids()})


def _none_in_force(form: Form, books: dict[str, Rulebook]) -> RulebookError:
    """No rulebook is in force in the form's year: name the nearest edition that covers its
    region and kind (a 2019 Hebei form: the nationwide central-2020), not an arbitrary one."""
    near = [
        rb for rb in books.values()
        if (rb.region == NATIONWIDE or rb.covers(form.region)) and form.kind in rb.kinds
        and rb.automatic
    ]  # fmt: skip
    nearest = min(near, key=lambda rb: (abs(rb.period.start.year - form.year), rb.id), default=None)
    where = f"; the nearest edition for it is {nearest.id} ({period_text(nearest)})" if nearest else ""
    return RulebookError(
        location=Location("<form>", None, "rulebook"),
        problem=f"no rulebook in force for year {form.year} and region "
        f"{form.region or 'unknown'}{where}",
        expected="a rulebook id in the form or --rulebook",
        example=f"rulebook: {nearest.id}" if nearest else "rulebook: central-2020",
    )


def _specificity(rb: Rulebook) -> tuple[bool, int, object]:
    return (rb.region != NATIONWIDE, len(rb.region), rb.period.start)


def _automatic(form: Form, books: dict[str, Rulebook]) -> Selection:
    fitting = [rb for rb in books.values() if why_not(rb, form) is None]
    own = [
        rb for rb in books.values()
        if rb.region != NATIONWIDE and rb.covers(form.region) and form.kind in rb.kinds
        and rb.automatic
    ]  # fmt: skip
    region_fits = [rb for rb in fitting if rb.region != NATIONWIDE]
    if own and not region_fits:
        editions = "; ".join(f"{rb.id} {period_text(rb)}" for rb in own)
        nearest = min(own, key=lambda rb: abs(rb.period.start.year - form.year))
        instead = ("; the nationwide template would score it on other points, so none is chosen"
                   if fitting else "")  # fmt: skip
        raise RulebookError(
            location=Location("<form>", None, "year"),
            problem=f"no rulebook of {own[0].region} is in force in {form.year} "
            f"({editions}){instead}",
            expected="a rulebook named with `rulebook:` (an id or a file beside the form) or "
            "--rulebook",
            example=f"rulebook: {nearest.id}",
        )
    if not fitting:
        raise _none_in_force(form, books)
    chosen = max(fitting, key=_specificity)
    region = form.region or "no region"
    if chosen.region == NATIONWIDE:
        scope = f"no rulebook of {region}'s own fits, so the nationwide {chosen.id}"
    else:
        scope = f"{chosen.region} covers {region}"
    reason = (
        f"chosen by year, region and kind: {scope}; in force {period_text(chosen)} "
        f"covers {form.year}"
    )
    passed = []
    for rb in sorted(books.values(), key=lambda b: b.id):
        if rb is chosen:
            continue
        why = why_not(rb, form) or f"{chosen.id} is more specific or more recent"
        passed.append((rb.id, why))
    return Selection(chosen, "automatic", reason, tuple(passed))
