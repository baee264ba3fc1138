"""The context every verification check shares, and the comparisons they make."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from scoring.engine.sheet import ScoreSheet
from scoring.findings import Diagnosis, Finding, Severity
from scoring.io.located import FieldPath, Located, format_path
from scoring.rounding import as_fraction, round_to_step
from scoring.values import Printed

__all__ = ["CheckContext", "FindingSink", "because", "ratio_agrees", "resting", "val"]


class FindingSink:
    """Collects findings about one source file, each placed at the line of its field path.

    Subclasses provide ``src`` (None: no lines known), ``file`` and the list ``out``."""

    src: Located | None
    file: str | None
    out: list[Finding]

    def add(
        self,
        code: str,
        severity: Severity,
        path: FieldPath,
        message: str,
        *,
        section: str | None = None,
        stated: str | None = None,
        computed: str | None = None,
        diagnosis: Diagnosis | None = None,
        rule: str | None = None,
        params: Mapping[str, str] | None = None,
    ) -> None:
        """Record one finding about the value at ``path``; ``params`` make its sentence."""
        line = self.src.line_of(path) if self.src is not None else None
        cell = self.src.cell_of(path) if self.src is not None else None
        self.out.append(
            Finding(
                code=code,
                severity=severity,
                message=message,
                path=format_path(path),
                section=section,
                stated=stated,
                computed=computed,
                diagnosis=diagnosis,
                rule=rule if rule is not None else self.rule_of(section),
                file=self.file,
                line=line,
                cell=cell,
                params=_with_assumptions(message, params),
            )
        )

    def rule_of(self, section: str | None) -> str | None:
        """The rule a finding rests on when its check names none: by default, none."""
        return None


@dataclass
class CheckContext(FindingSink):
    """What every check needs: the sheet, where lines come from, and the findings so far."""

    sheet: ScoreSheet
    src: Located | None
    file: str | None
    out: list[Finding] = field(default_factory=list)

    def skip(self, path: FieldPath, check: str, why: str, section: str | None = None) -> None:
        """Record that a check was not made because a value it needs is not on the form."""
        self.add("CHECK_SKIPPED", Severity.INFO, path, f"not checked: {check}, because {why}",
                 section=section, params={"check": check, "why": why})  # fmt: skip

    def cite(self, source: str) -> str:
        rb = self.sheet.rulebook
        return f"{rb.id}: {rb.cite(source).short()}"


def val(p: Printed) -> Decimal:
    """The number of a printed value a check has already found numeric."""
    assert p.value is not None
    return p.value


def _ratio(p: Printed) -> Fraction:
    m = p.magnitude()
    assert m is not None
    return as_fraction(m)


def ratio_agrees(stated: Printed, exact: Fraction) -> bool:
    """A stated percentage agrees when the exact ratio, rounded as printed, equals it."""
    step = stated.step() / 100 if stated.percent else stated.step()
    return (
        round_to_step(exact, step) == as_fraction(_ratio(stated))
        if stated.percent
        else (round_to_step(exact, step) == val(stated))
    )


def resting(severity: Severity, assumptions: list[str] | tuple[str, ...]) -> Severity:
    """An error that rests on an assumption is a warning: it is not provable from the form."""
    return Severity.WARNING if severity is Severity.ERROR and assumptions else severity


_RESTS_ON = " (this rests on an assumption: "


def because(assumptions: list[str] | tuple[str, ...]) -> str:
    """The assumptions a finding rests on, as a clause to append ("" when none)."""
    return f"{_RESTS_ON}{'; '.join(assumptions)})" if assumptions else ""


def _with_assumptions(message: str, params: Mapping[str, str] | None) -> dict[str, str]:
    """A finding's params, with the assumptions ``because`` put in its message as ``assumed``
    (the catalogue appends them to the sentence in either language)."""
    out = dict(params or {})
    if _RESTS_ON in message and "assumed" not in out:
        out["assumed"] = message[message.rindex(_RESTS_ON) + len(_RESTS_ON) :].removesuffix(")")
    return out
