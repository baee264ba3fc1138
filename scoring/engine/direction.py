"""Which way an indicator points when its target is printed without a comparator.

In order: the comparator printed with the target; the form's own ``direction`` for the row;
the rulebook's ``indicators.directions`` (words of the headings or the name, e.g. 成本指标,
控制率 → ≤); the rulebook's ``indicators.default_op``. Only the printed comparator is the
form's own word: the others are assumptions a finding names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scoring.fold import fold
from scoring.values import Op, Printed

if TYPE_CHECKING:
    from scoring.form.model import Indicator
    from scoring.rulebook.model import Rulebook

__all__ = ["DirectionChoice", "direction_of", "infer_direction"]


@dataclass(frozen=True, slots=True)
class DirectionChoice:
    """The comparator an indicator is scored with, how it was chosen, and the word that chose it."""

    op: Op
    how: Literal["printed", "form", "inferred", "default"]
    word: str | None = None
    source: str | None = None

    def describe(self) -> str:
        """Why this comparator, in words (empty for a printed one)."""
        if self.how == "printed":
            return ""
        if self.how == "form":
            return f"no comparator printed: {self.op} as the form's direction says"
        if self.how == "inferred":
            return f"no comparator printed: {self.op} inferred from “{self.word}”"
        return f"no comparator printed: {self.op} by default"


def direction_of(ind: Indicator, target: Printed, rb: Rulebook) -> DirectionChoice:
    """The comparator of a quantitative indicator and how it was chosen."""
    if target.op is not None:
        return DirectionChoice(target.op, "printed")
    if ind.direction is not None:
        return DirectionChoice(ind.direction, "form")
    inferred = infer_direction(ind.level1, ind.level2, ind.name, rb)
    if inferred is not None:
        return inferred
    default = rb.indicators.default_op
    return DirectionChoice(default.value, "default", None, default.source)


def infer_direction(level1: str, level2: str, name: str, rb: Rulebook) -> DirectionChoice | None:
    """The comparator the rulebook's direction words give a row's headings and name, if any
    (all folded: 成本指標 is 成本指标)."""
    param = rb.indicators.directions
    level1, level2, name = fold(level1), fold(level2), fold(name)
    for rule in param.value:
        if any(fold(w) in name for w in rule.except_words):
            continue
        word = next((w for w in rule.level_words if fold(w) in level1 or fold(w) in level2), None)
        word = word or next((w for w in rule.name_words if fold(w) in name), None)
        if word is not None:
            return DirectionChoice(rule.op, "inferred", word, rule.source or param.source)
    return None
