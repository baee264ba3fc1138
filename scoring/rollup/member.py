"""The members of a roll-up: each form with its score sheet and the fund that weighs it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.sheet import ScoreSheet
from scoring.form.model import Form

__all__ = ["Key", "Member"]

Key = tuple[str, str, str]
"""An indicator's place in every member: level-1, level-2 and name."""


@dataclass(frozen=True, slots=True)
class Member:
    """One rolled-up form: its label in the roll-up, file, the form, its score sheet and fund."""

    label: str
    file: str | None
    form: Form
    sheet: ScoreSheet
    fund: Decimal

    @property
    def budget(self) -> Decimal:
        """预算数 A of the member (万元)."""
        return self.form.funds.wan("budget") or Decimal(0)

    @property
    def executed(self) -> Decimal:
        """执行数 B of the member (万元)."""
        return self.form.funds.wan("executed") or Decimal(0)

    @property
    def total(self) -> Decimal:
        """The member's own computed total."""
        return self.sheet.total.value
