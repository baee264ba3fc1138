"""Cells as printed: text, numbers, amounts, and the cells a form leaves blank or illegible.

A blank cell (``""``, ``/``, ``—``, ``无``) or an illegible one (``?``, ``[illegible]``) is
"not printed": the field holds ``None`` (numbers) or keeps the mark as its text (target,
actual), never 0. Amounts are kept as printed ("900000元", "1,960.42") and converted to 万元
exactly by ``to_wan``; a bare amount is in the unit its column header prints (``funds.unit``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from scoring.fold import fold
from scoring.limits import number_problem
from scoring.values import Printed, parse_printed

__all__ = [
    "BLANK_MARKS",
    "ILLEGIBLE_MARKS",
    "Amount",
    "AmountUnit",
    "FormModel",
    "PrintedNumber",
    "PrintedText",
    "blank_to_none",
    "is_blank",
    "is_illegible",
    "printed_text",
    "to_wan",
]

BLANK_MARKS = frozenset({"", "/", "／", "—", "——", "-", "--", "－", "无", "空白"})
"""Marks a form prints in a cell that holds nothing."""
ILLEGIBLE_MARKS = frozenset({"?", "？", "[illegible]", "illegible", "无法辨认", "字迹不清"})
"""Marks a transcriber writes for a cell that is printed but cannot be read."""

_MARKS = frozenset(fold(m) for m in BLANK_MARKS | ILLEGIBLE_MARKS)  # 無 and 無法辨認 as well

AmountUnit = Literal["元", "万元", "亿元"]
"""The units amounts are printed in; a bare amount takes its column header's unit."""

_WAN = {"元": Decimal(1) / Decimal(10000), "万元": Decimal(1), "亿元": Decimal(10000)}


_ILLEGIBLE = frozenset(fold(m) for m in ILLEGIBLE_MARKS)


def is_illegible(value: Any) -> bool:
    """True for a cell the transcriber marked printed but illegible (``?``, 无法辨认)."""
    return isinstance(value, str) and fold(value).strip() in _ILLEGIBLE


def is_blank(value: Any) -> bool:
    """True for a blank or illegible cell as transcribed (None included)."""
    if value is None:
        return True
    return isinstance(value, str) and fold(value).strip() in _MARKS


def blank_to_none(data: Any, fields: tuple[str, ...]) -> Any:
    """A mapping with the blank cells among ``fields`` set to None (not printed)."""
    if not isinstance(data, dict):
        return data
    return {k: (None if k in fields and is_blank(v) else v) for k, v in data.items()}


def printed_text(value: Any) -> str:
    """The text of a cell as transcribed; numbers must come as text or exact integers."""
    if isinstance(value, bool | float):
        raise ValueError(
            f"inexact or non-numeric value {value!r}: write the number as printed, in quotes"
        )
    if isinstance(value, Printed):
        return value.text
    if isinstance(value, int | Decimal):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text as printed, got {type(value).__name__}")
    if not value.strip():
        raise ValueError("expected text as printed, got an empty string")
    return value


def bounded(printed: Printed) -> Printed:
    """A printed value whose number lies within the documented bounds (scoring/limits.py)."""
    problem = number_problem(printed.value) if printed.value is not None else None
    if problem is not None:
        raise ValueError(problem)
    return printed


def _to_printed_text(value: Any) -> Printed:
    return bounded(parse_printed(printed_text(value)))


def _to_printed_number(value: Any) -> Printed:
    printed = bounded(parse_printed(printed_text(value)))
    if printed.value is None:
        raise ValueError(
            f"expected a number as printed, got {printed.text!r} "
            "(a blank cell is written /, — or 无, or left empty)"
        )
    return printed


def _to_amount(value: Any) -> Printed:
    printed = _to_printed_number(value)
    assert printed.value is not None
    if printed.op is not None or (printed.unit is not None and printed.unit not in _WAN):
        raise ValueError(f"expected a plain amount in 元, 万元 or 亿元, got {printed.text!r}")
    if printed.value < 0:
        raise ValueError(f"an amount cannot be negative, got {printed.text!r}")
    return printed


def _to_weight(value: Any) -> Printed:
    printed = _to_printed_number(value)
    assert printed.value is not None
    if printed.op is not None or printed.value < 0:
        raise ValueError(f"a weight is a number ≥ 0, got {printed.text!r}")
    return printed


def to_wan(amount: Printed, default_unit: AmountUnit = "万元") -> Decimal:
    """An amount in 万元, exactly: "900000元" -> 90, "1.2亿元" -> 12000, bare -> default unit."""
    assert amount.value is not None
    factor = _WAN[amount.unit] if amount.unit in _WAN else _WAN[default_unit]
    if factor == 1:
        return amount.value
    exact = (amount.value * factor).normalize()
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact


def _json_string(description: str, examples: list[str]) -> WithJsonSchema:
    # YAML editors see an unquoted 20 or 1960.42 as a number: both spellings are accepted
    return WithJsonSchema(
        {"type": ["string", "number"], "description": description, "examples": examples}
    )


_SERIALIZE = PlainSerializer(lambda p: p.text, return_type=str)

PrintedText = Annotated[
    Printed,
    PlainValidator(_to_printed_text),
    _SERIALIZE,
    _json_string("text as printed; read as number, unit and comparator when numeric", ["≥3亿条"]),
]
"""Any printed text; numeric when it reads as a number (``"≥3亿条"``, ``"持续运行"``)."""

PrintedNumber = Annotated[
    Printed,
    PlainValidator(_to_printed_number),
    _SERIALIZE,
    _json_string(
        "a number as printed, with its unit if any; a blank cell (/, —, 无, empty) is null",
        ["17.72", "88.6%"],
    ),
]
"""A printed number, kept with its text (``"17.72"``, ``"88.6%"``, ``"4,557.3"``)."""

Weight = Annotated[
    Printed,
    PlainValidator(_to_weight),
    _SERIALIZE,
    _json_string("a weight (分值) ≥ 0 as printed; a blank cell is null", ["20"]),
]
"""A printed weight: a number ≥ 0 without comparator."""

Amount = Annotated[
    Printed,
    PlainValidator(_to_amount),
    _SERIALIZE,
    _json_string(
        "a non-negative amount as printed, in 元, 万元 or 亿元; bare: the column's unit "
        "(万元 unless funds.unit says otherwise); a blank cell (/, —, 无, empty) is null",
        ["1,960.42", "900000元"],
    ),
]
"""A non-negative amount as printed, converted to 万元 by ``to_wan``."""


class FormModel(BaseModel):
    """Base of the form's models: frozen, no unknown keys; the fields in ``blankable`` read a
    blank or illegible cell as None (not printed)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    blankable: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _blank_cells(cls, data: Any) -> Any:
        return blank_to_none(data, cls.blankable) if cls.blankable else data
