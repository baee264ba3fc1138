"""The funds block as printed: 年初预算数, 全年预算数 (调整后), 全年执行数 and their 其中 rows.

Every amount may be blank (not printed). Amounts are kept as printed and read in 万元 through
``Funds.wan``: a bare amount is in ``unit``, the unit the block's header prints (万元 unless
it says 元 or 亿元); an amount that prints its own unit ("900000元") is in that unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import Field, WithJsonSchema, field_validator

from scoring.fold import fold, spellings
from scoring.form.printed import Amount, AmountUnit, FormModel, PrintedNumber, to_wan
from scoring.values import Printed

__all__ = ["AmountField", "Funds", "FundsRow"]

AmountField = Literal["year_start", "budget", "executed"]
"""The three amount columns of a funds row."""


class _Amounts(FormModel):
    blankable = ("year_start", "budget", "executed", "points", "rate", "score")

    year_start: Amount | None = Field(default=None, description="年初预算数", examples=["1800"])
    budget: Amount | None = Field(
        default=None,
        description="全年预算数 (调整后): the budget as adjusted in the year, 预算数 A of most templates",
        examples=["1960.42"],
    )
    executed: Amount | None = Field(default=None, description="全年执行数 B", examples=["1736.1"])

    def amount(self, name: AmountField) -> Printed | None:
        """The printed amount of one column, None when blank."""
        chosen: Printed | None = getattr(self, name)
        return chosen


class FundsRow(_Amounts):
    """A 其中 row of the funds block (财政拨款, 其他资金, 基本支出, 项目支出…) as printed."""

    name: str = Field(examples=["财政拨款"])
    group: str | None = Field(
        default=None,
        description="rows that split the total one way share a group (资金来源: 财政拨款 / "
        "其他资金; 支出类型: 基本支出 / 项目支出); omitted: one group",
        examples=["资金来源"],
    )
    points: PrintedNumber | None = Field(default=None, description="分值 printed on the row")
    rate: PrintedNumber | None = Field(default=None, description="执行率 printed on the row")
    score: PrintedNumber | None = Field(default=None, description="得分 printed on the row")


class Funds(_Amounts):
    """The budget-execution block: 年初预算数, 全年预算数 (调整后), 全年执行数 and 其中 rows."""

    unit: Annotated[
        AmountUnit,
        WithJsonSchema({"type": "string",
                        "enum": [w for u in get_args(AmountUnit) for w in spellings(u)]}),
    ] = Field(default="万元", description="the unit of a bare amount, as the block's header prints it")
    rows: tuple[FundsRow, ...] = Field(
        default=(), description="其中 rows below the total row, in printed order"
    )

    @field_validator("unit", mode="before")
    @classmethod
    def _folded_unit(cls, value: object) -> object:
        return fold(value) if isinstance(value, str) else value  # a header printing 萬元

    def wan(self, name: AmountField, row: FundsRow | None = None) -> Decimal | None:
        """One amount of the total row (or of ``row``) in 万元, exactly; None when blank."""
        printed = (row or self).amount(name)
        return None if printed is None else to_wan(printed, self.unit)

    def shown(self, name: AmountField, row: FundsRow | None = None) -> str:
        """An amount as printed ("1,730.62", "900000元"; a bare amount in 元 or 亿元 with the
        header's unit), or "not printed"."""
        printed = (row or self).amount(name)
        if printed is None:
            return "not printed"
        return printed.text if printed.unit or self.unit == "万元" else f"{printed.text}{self.unit}"

    def groups(self) -> dict[str, tuple[FundsRow, ...]]:
        """The 其中 rows by group, in printed order."""
        out: dict[str, list[FundsRow]] = {}
        for row in self.rows:
            out.setdefault(row.group or "其中", []).append(row)
        return {k: tuple(v) for k, v in out.items()}
