"""预算数 A and 执行数 B for the execution rate, read from the funds block as printed.

A is the column the rulebook's ``execution.basis`` names: 全年预算数 (调整后) for ``adjusted``,
年初预算数 for ``year_start``. When that column is blank but the other budget is printed, the
other is used and the choice is named as an assumption; when the total row is blank but every
其中 row of one group prints the amount, their sum is used, likewise named. Amounts are in 万元,
converted exactly from 元 or 亿元; the text shown keeps the printed amount.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from scoring.form.funds import AmountField, Funds
from scoring.values import Printed, parse_printed

__all__ = ["BASIS_NAMES", "FundsAB", "resolve_funds"]

BASIS_NAMES: dict[AmountField, str] = {
    "budget": "全年预算数 (调整后)",
    "year_start": "年初预算数",
    "executed": "全年执行数",
}


@dataclass(frozen=True, slots=True)
class FundsAB:
    """A and B in 万元 as the execution rate uses them (None: not printed), with assumptions."""

    a: Printed | None
    b: Printed | None
    assumed: tuple[str, ...] = ()


def _wan(funds: Funds, name: AmountField) -> Printed | None:
    printed = funds.amount(name)
    value = funds.wan(name)
    if printed is None or value is None:
        return None
    shown = printed.text if value == printed.value and printed.unit in (None, "万元") and (
        funds.unit == "万元") else f"{funds.shown(name)} = {value:f} 万元"  # fmt: skip
    return replace(parse_printed(f"{value:f}"), text=shown)


def _from_rows(funds: Funds, name: AmountField) -> tuple[Printed, str] | None:
    """The sum of one group's 其中 rows, when every row of the group prints the amount."""
    for group, rows in funds.groups().items():
        values = [funds.wan(name, r) for r in rows]
        if values and all(v is not None for v in values):
            total = sum((v for v in values if v is not None), Decimal(0))
            names = " + ".join(r.name for r in rows)
            shown = f"{names} = {total:f} 万元"
            why = (f"the total row prints no {BASIS_NAMES[name]}: the sum of its {group} rows "
                   f"({names}) is used")  # fmt: skip
            return replace(parse_printed(f"{total:f}"), text=shown), why
    return None


def resolve_funds(funds: Funds, basis: Literal["adjusted", "year_start"]) -> FundsAB:
    """A (on the rulebook's basis) and B, in 万元, and what had to be assumed to get them."""
    chosen: AmountField = "budget" if basis == "adjusted" else "year_start"
    other: AmountField = "year_start" if chosen == "budget" else "budget"
    assumed: list[str] = []
    a = _wan(funds, chosen)
    if a is None and (a := _wan(funds, other)) is not None:
        assumed.append(
            f"the form prints no {BASIS_NAMES[chosen]}, the rulebook's A: its "
            f"{BASIS_NAMES[other]} {a.text} is used"
        )
    if a is None and (summed := _from_rows(funds, chosen)) is not None:
        a, why = summed
        assumed.append(why)
    b = _wan(funds, "executed")
    if b is None and (summed := _from_rows(funds, "executed")) is not None:
        b, why = summed
        assumed.append(why)
    return FundsAB(a, b, tuple(assumed))
