"""What scoring produces: a ScoreSheet of IndicatorResults, each number with its trace, and the
rounding Policy it was computed under."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from dataclasses import field as dataclass_field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from scoring.engine.funds import FundsAB
from scoring.findings import Problem
from scoring.form.model import Form, Grade, Indicator
from scoring.rounding import RoundingMode, as_fraction, pct, round_to_step
from scoring.rulebook.model import Alternative, Rulebook
from scoring.trace import Trace

__all__ = ["Flag", "IndicatorResult", "Kind", "Policy", "ScoreSheet"]


@dataclass(frozen=True, slots=True)
class Flag:
    """Something met while scoring that verification reports as a finding."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    field: str | None = None
    rule: str | None = None
    params: Mapping[str, str] = dataclass_field(default_factory=dict)
    """The values of the finding's sentence (``scoring.i18n``)."""



Kind = Literal["quantitative", "qualitative"]


@dataclass(frozen=True, slots=True)
class Policy:
    """The rounding steps in force: the rulebook's, or an alternative being tried."""

    rate_step: Decimal | None
    rate_mode: RoundingMode
    score_step: Decimal
    score_mode: RoundingMode

    @classmethod
    def of(cls, rb: Rulebook) -> Policy:
        """The rulebook's own declared rounding."""
        return cls(
            rate_step=rb.execution.rate_step.value,
            rate_mode=RoundingMode.HALF_UP,
            score_step=rb.rounding.score_step.value,
            score_mode=rb.rounding.score_mode.value,
        )

    def but(self, alt: Alternative) -> Policy:
        """This policy with an alternative's overrides applied."""
        return replace(
            self,
            rate_step=alt.rate_step if alt.rate_step is not None else self.rate_step,
            rate_mode=alt.rate_mode or self.rate_mode,
            score_step=alt.score_step if alt.score_step is not None else self.score_step,
            score_mode=alt.score_mode or self.score_mode,
        )

    def describe_score(self) -> str:
        """The score rounding in words, as shown in traces."""
        return f"{self.score_mode.replace('_', '-')} to {self.score_step}"


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """The computed score of one indicator, with its trace and why it is not full marks."""

    index: int
    indicator: Indicator
    kind: Kind
    score: Decimal
    trace: Trace
    grade: Grade | None = None
    band: tuple[Decimal, Decimal] | None = None
    problems: tuple[Problem, ...] = ()
    scale: Fraction = Fraction(1)  # rulebook points ÷ form points of its level-1 block
    flags: tuple[Flag, ...] = ()
    unscaled: Decimal | None = None  # the score on the form's own weight, when scaled
    derived: str | None = None  # how the weight was derived, when the form prints none
    assumed: tuple[str, ...] = ()  # what scoring assumed (a bare number's unit, a comparator)
    known: bool = True  # False: not scored (a blank cell); the score is the printed one or 0
    role: Literal["row", "parent", "breakdown"] = "row"
    bounds: tuple[Decimal, Decimal] | None = None  # the range it could take, when assumed

    @property
    def form_score(self) -> Decimal:
        """The score on the form's own weight (before any level-1 scaling): what it prints."""
        return self.score if self.unscaled is None else self.unscaled

    @property
    def form_trace(self) -> Trace:
        """The trace of ``form_score``."""
        return self.trace if self.unscaled is None else self.trace.children[0]

    @property
    def weight(self) -> Decimal:
        """The weight scored on (printed or derived); 0 for a row not scored (see ``known``)."""
        w = self.indicator.weight
        return w.value if w is not None and w.value is not None else Decimal(0)

    @property
    def counted(self) -> bool:
        """Whether the score makes the total (parents' children do; 其中 rows do not)."""
        return self.role == "row"

    @property
    def full(self) -> bool:
        """Whether the indicator earned its whole weight (scaled, if its block was)."""
        if not self.known:
            return False
        if self.scale != 1:
            return self.trace.exact >= as_fraction(self.weight) * self.scale
        return self.score >= self.weight

    @property
    def why(self) -> str | None:
        """Why the score is below the weight (or was scaled), in one line; None at full marks."""
        if self.full and self.scale == 1:
            return None
        if not self.known:  # the branch says why; there is no formula to show
            return self.trace.branch
        return f"{self.trace.branch}: {self.trace.formula}"


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """Everything computed for one form under one rulebook and policy."""

    form: Form
    rulebook: Rulebook
    policy: Policy
    execution_rate: Trace
    execution: Trace
    indicators: tuple[IndicatorResult, ...]
    subtotals: dict[str, Trace]
    indicator_total: Trace
    total: Trace
    grade: str
    notes: tuple[str, ...] = field(default=())
    funds_ab: FundsAB = field(default=FundsAB(None, None))
    unknown: frozenset[str] = frozenset()  # "execution", "total", "level1:<name>": not computed
    scored_form: Form | None = None  # the form as scored: derived weights, assumed units

    @property
    def rows_form(self) -> Form:
        """The form as scored (derived weights filled in)."""
        return self.scored_form or self.form

    @property
    def total_range(self) -> tuple[Decimal, Decimal] | None:
        """The totals the form could have when some row's score rests on an assumption (an
        unknown or assumed grade word with no printed score); None when every row is settled."""
        rows = [(r, r.bounds) for r in self.indicators if r.bounds is not None]
        if not rows:
            return None
        down = sum((as_fraction(r.score) - as_fraction(lo) * r.scale for r, (lo, _) in rows),
                   Fraction(0))  # fmt: skip
        up = sum((as_fraction(hi) * r.scale - as_fraction(r.score) for r, (_, hi) in rows),
                 Fraction(0))  # fmt: skip
        step, mode = self.rulebook.rounding.score_step.value, self.rulebook.rounding.score_mode.value
        total = as_fraction(self.total.value)
        return round_to_step(total - down, step, mode), round_to_step(total + up, step, mode)

    def to_dict(self, with_trace: bool = False) -> dict[str, Any]:
        """The computed numbers as JSON-ready text (the ``computed`` record of the report)."""
        out: dict[str, Any] = {
            "execution_rate": pct(self.execution_rate.exact),
            "execution_rate_exact": self.execution_rate.exact_text,
            "execution_score": str(self.execution.value),
            "indicators": [
                {
                    "name": r.indicator.name,
                    "level1": r.indicator.level1,
                    "level2": r.indicator.level2,
                    "kind": r.kind,
                    **({"role": r.role} if r.role != "row" else {}),
                    "weight": str(r.weight),
                    "score": str(r.score),
                    **({"bounds": [str(b) for b in r.bounds]} if r.bounds else {}),
                    "branch": r.trace.branch,
                    "grade": r.grade,
                }
                for r in self.indicators
            ],
            "subtotals": {k: str(v.value) for k, v in self.subtotals.items()},
            "indicator_total": str(self.indicator_total.value),
            "total": str(self.total.value),
            "grade": self.grade,
            "not_computed": sorted(self.unknown),
        }
        if self.total_range is not None:
            out["total_range"] = [str(b) for b in self.total_range]
        if with_trace:
            out["trace"] = self.total.to_dict()
        return out
