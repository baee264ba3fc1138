"""The form as written down: funds, indicators and everything the document states about it.

A form keeps each printed value as printed (``Printed``: text, exact value, unit, comparator)
and ties every stated number to where it is printed: the form itself (``reported``) or a
section of the narrative (``narrative``). Nothing here knows any scoring rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from scoring.values import Op, Printed, parse_printed

__all__ = [
    "Actual",
    "Block",
    "Form",
    "Funds",
    "Grade",
    "Indicator",
    "IndicatorStatement",
    "Part",
    "PrintedNumber",
    "PrintedText",
    "Source",
    "Statement",
    "Subtotal",
    "Target",
]

Grade = Literal["达成", "部分达成", "未达成"]
"""The three grades of a qualitative indicator (备注3)."""


def _printed_text(value: Any) -> str:
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


def _to_printed_text(value: Any) -> Printed:
    return parse_printed(_printed_text(value))


def _to_printed_number(value: Any) -> Printed:
    printed = parse_printed(_printed_text(value))
    if printed.value is None:
        raise ValueError(f"expected a number as printed, got {printed.text!r}")
    return printed


def _to_amount(value: Any) -> Printed:
    printed = _to_printed_number(value)
    assert printed.value is not None
    if printed.op is not None or printed.unit not in (None, "万元", "元"):
        raise ValueError(f"expected a plain amount in 万元, got {printed.text!r}")
    if printed.value < 0:
        raise ValueError(f"an amount cannot be negative, got {printed.text!r}")
    return printed


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
    _json_string("a number as printed, with its unit if any", ["17.72", "88.6%"]),
]
"""A printed number, kept with its text (``"17.72"``, ``"88.6%"``, ``"4,557.3"``)."""

Amount = Annotated[
    Printed,
    PlainValidator(_to_amount),
    _SERIALIZE,
    _json_string("a non-negative amount in 万元 as printed", ["1,960.42"]),
]
"""A non-negative amount in 万元 as printed."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Source(_Model):
    """Where the form is published: the document and its section."""

    document: str = Field(examples=["000_e485ed8fa9295d32.txt"])
    section: str = Field(examples=["2022年度网络建设运转维护项目自评表"])


class Funds(_Model):
    """The budget-execution block: 预算数 A and 执行数 B, in 万元."""

    budget: Amount = Field(description="预算数 A (万元)", examples=["1960.42"])
    executed: Amount = Field(description="执行数 B (万元)", examples=["1736.1"])


class _TextOrMapping(_Model):
    """A model that may also be written as its printed text alone."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        """A bare string or number is the printed text."""
        return {"text": _printed_text(data)} if not isinstance(data, dict) else data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": ["string", "number"]}, handler(core)]}


class Target(_TextOrMapping):
    """年初目标值: the printed text, with explicit fields that win over reading the text."""

    text: str = Field(examples=["≥3亿条"])
    op: Op | None = Field(default=None, examples=[">="])
    value: Decimal | None = Field(default=None, allow_inf_nan=False, examples=["3"])
    unit: str | None = Field(default=None, examples=["亿条"])

    def printed(self) -> Printed:
        """The target read from its text, with explicit fields applied."""
        return _override(parse_printed(self.text), self.op, self.value, self.unit)


class Actual(_TextOrMapping):
    """实际完成值: the printed text, explicit value or unit, and the grade of a qualitative one."""

    text: str = Field(examples=["3.75亿条", "完成"])
    value: Decimal | None = Field(default=None, allow_inf_nan=False, examples=["3.75"])
    unit: str | None = Field(default=None, examples=["亿条"])
    grade: Grade | None = Field(default=None, examples=["达成"])

    def printed(self) -> Printed:
        """The actual read from its text, with explicit fields applied."""
        return _override(parse_printed(self.text), None, self.value, self.unit)


def _override(p: Printed, op: Op | None, value: Decimal | None, unit: str | None) -> Printed:
    if op is None and value is None and unit is None:
        return p
    base = parse_printed(f"{value}{unit or ''}") if value is not None else p
    return Printed(
        text=p.text,
        value=base.value,
        unit=unit if unit is not None else base.unit,
        base_unit=base.base_unit if (unit is not None or value is not None) else p.base_unit,
        scale=base.scale,
        op=op if op is not None else p.op,
        decimals=base.decimals,
    )


class Indicator(_Model):
    """One row of the indicator table: 一级/二级/三级指标, weight, target, actual, printed score."""

    level1: str = Field(examples=["产出指标"])
    level2: str = Field(examples=["数量指标"])
    name: str = Field(examples=["数据归集总量"])
    weight: PrintedNumber = Field(examples=["20"])
    weight_at: str | None = Field(
        default=None,
        description="section where the weight is printed; null when the document never prints it",
        examples=["二(二)2(1) 指标满分 20 分"],
    )
    block: str | None = Field(default=None, description="label of the heading block it sits under")
    kind: Literal["quantitative", "qualitative"] | None = Field(
        default=None, description="inferred when omitted: numeric target and actual -> quantitative"
    )
    target: Target
    actual: Actual
    reported_score: PrintedNumber | None = Field(default=None, examples=["20"])
    note: str | None = None
    applicable: bool = Field(
        default=True,
        description="false: marked not applicable (不适用) on the form; the rulebook's "
        "indicators.not_applicable says whether it scores 0 or the total is rescaled",
    )
    value_type: Literal["absolute", "relative"] | None = Field(
        default=None,
        description="how parts combine: absolute values are summed, relative ones averaged "
        "weighted by fund (备注2); omitted: relative for % and ‰, else absolute",
    )
    parts: tuple[Part, ...] = Field(
        default=(),
        description="the indicator reported in parts (funds, sub-units, places): combined first, "
        "then scored; `actual` (and `reported_score`) state the combined value",
    )

    @model_validator(mode="after")
    def _check_parts(self) -> Indicator:
        if self.parts:
            _validate_parts(self)
        return self


class Part(_Model):
    """One part of an indicator reported in parts: its fund amount and its value or score."""

    name: str = Field(examples=["疫情防控经费"])
    fund: Amount | None = Field(
        default=None,
        description="the amount (万元) that weights this part; omitted: budget or executed, "
        "as the rulebook's aggregation.by says",
        examples=["44"],
    )
    budget: Amount | None = Field(default=None, examples=["44"])
    executed: Amount | None = Field(default=None, examples=["40.2"])
    actual: Actual | None = Field(default=None, description="completion value (quantitative)")
    target: Target | None = Field(
        default=None, description="the part's own target, combined like the actuals"
    )
    score: PrintedNumber | None = Field(default=None, description="score (qualitative)")
    weight: PrintedNumber | None = Field(
        default=None, description="the weight the score is given on; omitted: the indicator's"
    )

    @model_validator(mode="after")
    def _complete(self) -> Part:
        if self.fund is None and (self.budget is None or self.executed is None):
            raise ValueError("a part needs `fund`, or both `budget` and `executed`, to weight it")
        if (self.actual is None) == (self.score is None):
            raise ValueError("a part needs exactly one of `actual` (quantitative) or `score`")
        if self.score is not None and self.target is not None:
            raise ValueError("a qualitative part (with `score`) takes no `target`")
        for name, p in (("actual", self.actual), ("target", self.target)):
            if p is not None and not p.printed().numeric:
                raise ValueError(f"the {name} of a quantitative part must be a number: {p.text!r}")
        return self

    def amount(self, by: Literal["budget", "executed"]) -> Decimal:
        """The amount that weights the part: ``fund`` if given, else its budget or executed."""
        chosen = self.fund if self.fund is not None else getattr(self, by)
        assert chosen is not None and chosen.value is not None
        return Decimal(chosen.value)


def _validate_parts(ind: Indicator) -> None:
    """Parts all quantitative or all qualitative, unique names, fund amounts with positive sums."""
    parts = ind.parts
    if len({p.actual is None for p in parts}) > 1:
        raise ValueError("parts must all have `actual` (quantitative) or all `score` (qualitative)")
    kind = "quantitative" if parts[0].actual is not None else "qualitative"
    if ind.kind is not None and ind.kind != kind:
        raise ValueError(f"the indicator is declared {ind.kind}, but its parts are {kind}")
    if len({p.target is None for p in parts}) > 1:
        raise ValueError("give every part its own `target`, or none of them")
    names = [p.name for p in parts]
    if len(set(names)) < len(names):
        raise ValueError(f"part names must be unique: {names}")
    for by in ("budget", "executed"):
        if sum(p.amount(by) for p in parts) <= 0:
            raise ValueError(f"the parts' fund amounts ({by}) add up to 0: nothing to weight by")


class Subtotal(_Model):
    """A stated level-1 subtotal (产出指标得分 80 分，得分率 100%)."""

    score: PrintedNumber | None = Field(default=None, examples=["80"])
    score_rate: PrintedNumber | None = Field(default=None, examples=["100%"])
    points: PrintedNumber | None = Field(default=None, examples=["40"])


class IndicatorStatement(_Model):
    """What a narrative section states about one indicator (指标满分 20 分，评价得分 20 分)."""

    score: PrintedNumber | None = Field(default=None, examples=["20"])
    weight: PrintedNumber | None = Field(default=None, examples=["20"])


class Block(_Model):
    """A heading that states the points of a block of the form (年度绩效目标（80分）)."""

    label: str = Field(examples=["年度绩效目标"])
    points: PrintedText = Field(examples=["80", "XX"])


class Statement(_Model):
    """Numbers one place in the document states about the form, tied to that place."""

    section: str | None = Field(default=None, examples=["十三(二)2"])
    budget: Amount | None = None
    budget_basis: Literal["adjusted", "year_start"] | None = Field(
        default=None, description="what the statement calls its budget: 调整后预算 or 年初预算"
    )
    executed: Amount | None = None
    execution_points: PrintedNumber | None = Field(default=None, examples=["20"])
    execution_rate: PrintedNumber | None = Field(default=None, examples=["88.6%"])
    execution_score: PrintedNumber | None = Field(default=None, examples=["17.72"])
    execution_score_rate: PrintedNumber | None = Field(default=None, examples=["88.6%"])
    blocks: tuple[Block, ...] = ()
    level1: dict[str, Subtotal] = Field(default_factory=dict)
    indicators: dict[str, IndicatorStatement] = Field(default_factory=dict)
    indicator_count: int | None = Field(
        default=None,
        ge=0,
        description="how many indicators the section says were set (共设定绩效目标 5 个)",
    )
    total: PrintedNumber | None = Field(default=None, examples=["97.72"])
    grade: str | None = Field(default=None, examples=["优"])
    note: str | None = None


class Form(_Model):
    """One self-evaluation form (项目自评表 or 部门整体绩效自评表) and what the document states about it."""

    kind: Literal["project", "department"]
    title: str = Field(examples=["网络建设运转维护"])
    unit: str = Field(examples=["武汉市武昌区大数据中心"])
    year: int = Field(ge=1990, le=2100, examples=[2022])
    region: str | None = Field(default=None, examples=["湖北省武汉市武昌区"])
    rulebook: str | None = Field(default=None, examples=["hubei-2022"])
    source: Source
    funds: Funds
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    reported: Statement = Field(default_factory=Statement)
    narrative: tuple[Statement, ...] = ()

    @model_validator(mode="after")
    def _narrative_sections(self) -> Form:
        for i, st in enumerate(self.narrative):
            if not st.section:
                raise ValueError(f"narrative[{i}] needs a section saying where it is printed")
        return self
