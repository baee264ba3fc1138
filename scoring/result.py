"""The computed score of one indicator row, with its trace, and what it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .findings import Problem
from .form.model import Grade, Indicator
from .rounding import as_fraction
from .trace import Trace

if TYPE_CHECKING:
    from .variants import Flag

__all__ = ["IndicatorResult", "Kind"]

Kind = Literal["quantitative", "qualitative"]
"""How an indicator is scored: by a formula, or by the band of its grade."""


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
    assumed: tuple[str, ...] = ()  # what scoring assumed (a bare number's unit)
    known: bool = True  # False: not scored (a blank cell); the score is the printed one or 0
    role: Literal["row", "parent", "breakdown"] = "row"

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
        return (
            None if self.full and self.scale == 1 else f"{self.trace.branch}: {self.trace.formula}"
        )
