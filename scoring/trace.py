"""The trace of a computed number: which rule, which clause, which formula, inputs and branch."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from scoring.rounding import fraction_to_decimal

__all__ = ["Trace"]


@dataclass(frozen=True, slots=True)
class Trace:
    """How one number was obtained; ``children`` are the numbers it was computed from."""

    label: str
    rule: str
    clause: str
    formula: str
    inputs: Mapping[str, str]
    branch: str
    exact: Fraction
    value: Decimal
    rounding: str | None = None
    children: tuple[Trace, ...] = field(default=())

    @property
    def exact_text(self) -> str:
        """The exact value as a decimal, marked with … when it does not terminate."""
        shown = fraction_to_decimal(self.exact, 10)
        return f"{shown}…" if Fraction(shown) != self.exact else str(shown)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Trace]]:
        """Every node of the tree with its depth, parents first."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of the whole tree."""
        return {
            "label": self.label,
            "rule": self.rule,
            "clause": self.clause,
            "formula": self.formula,
            "inputs": dict(self.inputs),
            "branch": self.branch,
            "exact": self.exact_text,
            "value": str(self.value),
            "rounding": self.rounding,
            "children": [c.to_dict() for c in self.children],
        }
