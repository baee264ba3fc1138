"""The form as written down: funds, indicators and everything the document states about it.

A form keeps each printed value as printed (``Printed``: text, exact value, unit, comparator)
and ties every stated number to where it is printed: the form itself (``reported``) or a
section of the narrative (``narrative``). Nothing here knows any scoring rule.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from scoring.fold import fold, spellings
from scoring.form.funds import Funds
from scoring.form.printed import (
    BLANK_MARKS,
    Amount,
    FormModel,
    PrintedNumber,
    Weight,
    bounded,
    is_blank,
    is_illegible,
    printed_text,
    to_wan,
)
from scoring.form.statement import Goals, Source, Statement
from scoring.limits import MAX_ROWS, number_problem
from scoring.values import Op, Printed, parse_printed

__all__ = ["PRINTED_IN_TABLE", "Actual", "Form", "Grade", "Indicator", "Part", "Target"]

PRINTED_IN_TABLE = "表"
"""``weight_at`` of a weight the form's own table prints (分值 / 权重 column): the default."""

Grade = Literal["达成", "部分达成", "未达成"]
"""The three grades of a qualitative indicator (备注3)."""


class _Model(FormModel):
    """The form's own models."""


class _TextOrMapping(_Model):
    """A model that may also be written as its printed text alone."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        """A bare string or number is the printed text."""
        if isinstance(data, dict):
            return data
        # a blank cell's text is ""; an illegible one keeps its mark (?), so messages can say so
        return {"text": "" if is_blank(data) and not is_illegible(data) else printed_text(data)}

    @model_validator(mode="after")
    def _within_bounds(self) -> _TextOrMapping:
        explicit = getattr(self, "value", None)  # checked first: printed() formats it
        problem = number_problem(explicit) if isinstance(explicit, Decimal) else None
        if problem is not None:
            raise ValueError(f"value: {problem}")
        printed = getattr(self, "printed", None)
        if printed is not None:
            bounded(printed())
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": ["string", "number"]}, handler(core)]}


class Target(_TextOrMapping):
    """年初目标值: the printed text, with explicit fields that win over reading the text."""

    @property
    def blank(self) -> bool:
        """True when the cell is blank or illegible: nothing to score against."""
        return is_blank(self.text) and self.value is None

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
    grade: Annotated[
        Grade | None,
        WithJsonSchema({"anyOf": [{"enum": [w for g in get_args(Grade) for w in spellings(g)]},
                                  {"type": "null"}]}),
    ] = Field(default=None, examples=["达成"])

    @field_validator("grade", mode="before")
    @classmethod
    def _folded_grade(cls, value: Any) -> Any:
        return fold(value).strip() if isinstance(value, str) else value  # 達成 as printed

    @property
    def blank(self) -> bool:
        """True when the cell is blank or illegible (and no grade or value is given)."""
        return is_blank(self.text) and self.value is None and self.grade is None

    def printed(self) -> Printed:
        """The actual read from its text, with explicit fields applied."""
        return _override(parse_printed(self.text), None, self.value, self.unit)


def _override(p: Printed, op: Op | None, value: Decimal | None, unit: str | None) -> Printed:
    if op is None and value is None and unit is None:
        return p
    # fixed-point, never scientific: Decimal("0.00000008") prints as 8E-8, which reads as text
    base = parse_printed(f"{value:f}{unit or ''}") if value is not None else p
    return Printed(
        text=p.text,
        value=base.value,
        unit=fold(unit) if unit is not None else base.unit,
        base_unit=base.base_unit if (unit is not None or value is not None) else p.base_unit,
        scale=base.scale,
        op=op if op is not None else p.op,
        decimals=base.decimals,
    )


Nature = Literal["=", ">=", "<=", ">", "<", "定性", "定量", ""]
"""指标性质 as a column prints it (≥ and ≤ are read as >= and <=; "" when the cell is blank)."""

_NATURE_SPELLINGS = {"≥": ">=", "≧": ">=", "≤": "<=", "≦": "<=", "定性指标": "定性", "定量指标": "定量"}
_FULL_WIDTH = ["＝", "﹦", "＞", "﹥", "＜", "﹤"]  # read through NFKC as = > <


_NATURE_PRINTED = [
    *(w for n in [*get_args(Nature), *_NATURE_SPELLINGS] for w in spellings(n)),
    *_FULL_WIDTH,
    *(w for b in sorted(BLANK_MARKS - {""}) for w in spellings(b)),
]
PrintedNature = Annotated[
    Nature | None,
    WithJsonSchema({"anyOf": [{"enum": list(dict.fromkeys(_NATURE_PRINTED))}, {"type": "null"}]}),
]
"""The 指标性质 column as printed: a comparator in either spelling, 定性 / 定量, or a blank mark."""


class Indicator(_Model):
    """One row of the indicator table: 一级/二级/三级指标, weight, target, actual, printed score."""

    blankable = ("weight", "reported_score", "coefficient", "core")  # target, actual: their text

    level1: str = Field(examples=["产出指标"])
    level2: str = Field(examples=["数量指标"])
    name: str = Field(examples=["数据归集总量"])
    weight: Weight | None = Field(
        default=None,
        description="分值 as printed; null or omitted when the form prints no weight (the engine "
        "derives one from the heading's points and marks it derived)",
        examples=["20"],
    )
    weight_at: str | None = Field(
        default=PRINTED_IN_TABLE,
        description=(
            "where the weight is printed: the form's own 分值 / 权重 column by default (表), "
            "a section of the document, or null when the document never prints it (a weight "
            "taken from elsewhere, said by WEIGHT_NOT_PRINTED)"
        ),
        examples=["二(二)2(1) 指标满分 20 分", None],
    )
    block: str | None = Field(default=None, description="label of the heading block it sits under")
    kind: Literal["quantitative", "qualitative"] | None = Field(
        default=None, description="inferred when omitted: numeric target and actual -> quantitative"
    )
    target: Target = Field(default_factory=lambda: Target(text=""))
    actual: Actual = Field(default_factory=lambda: Actual(text=""))
    reported_score: PrintedNumber | None = Field(default=None, examples=["20"])
    nature: PrintedNature = Field(
        default=None,
        description="指标性质 printed in a column of its own: the comparator (=, ≥, ≤) of the "
        'target, or 定性 (qualitative) / 定量 (quantitative); a blank cell (/, —, 无, "") '
        "says the form has the column but prints nothing in it",
        examples=["≥", "定性"],
    )
    parent: str | None = Field(
        default=None,
        description="the name of the row this one sits under: a child of a parent (subtotal) "
        "row, or with role breakdown a 其中 row detailing the parent's actual",
    )
    role: Literal["indicator", "breakdown"] = Field(
        default="indicator",
        description="breakdown: a 其中 row that details its parent's actual; it has no weight "
        "and is not scored",
    )
    merged: str | None = Field(
        default=None,
        description="rows sharing one merged 得分 cell share this label; the printed score is "
        "given on the first of them (reported_score) and is the sum of their scores",
    )
    note: str | None = None
    direction: Op | None = Field(
        default=None,
        description="the comparator of a target printed without one, as the transcriber knows it "
        "(wins over the rulebook's inference from headings and names)",
        examples=["<="],
    )
    formula: str | None = Field(
        default=None,
        description="the rulebook formula that scores this row, where the form's 评分标准 names "
        "one of the rulebook's (a deduction checklist: 缺一项扣0.5分); omitted: by comparator",
        examples=["deduct-0.5-per-item"],
    )
    coefficient: PrintedNumber | None = Field(
        default=None,
        description="得分系数 as printed, where the template scores 权重 × 得分系数",
        examples=["95%"],
    )
    core: bool | None = Field(
        default=None, description="核心指标: the row is marked a core indicator (true) or not"
    )
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
        max_length=MAX_ROWS,
        default=(),
        description="the indicator reported in parts (funds, sub-units, places): combined first, "
        "then scored; `actual` (and `reported_score`) state the combined value",
    )

    @model_validator(mode="before")
    @classmethod
    def _nature_spelling(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("nature"), str):
            text = fold(data["nature"]).strip()  # ﹦ ＝ → =, ＞ → >, 定性指標 → 定性指标
            text = "" if is_blank(text) else _NATURE_SPELLINGS.get(text, text)
            return {**data, "nature": text}
        return data

    @model_validator(mode="after")
    def _check_parts(self) -> Indicator:
        if self.parts:
            _validate_parts(self)
        if self.role == "breakdown" and self.parent is None:
            raise ValueError("a breakdown (其中) row names the row it details in `parent`")
        if self.role == "breakdown" and (self.weight is not None or self.merged is not None):
            raise ValueError("a breakdown (其中) row has no weight of its own and is not scored")
        return self

    @property
    def op(self) -> Op | None:
        """The comparator the 指标性质 column prints, if it prints one."""
        return None if self.nature in (None, "", "定性", "定量") else Op(self.nature)

    @property
    def declared_kind(self) -> Literal["quantitative", "qualitative"] | None:
        """The kind the row declares, by ``kind`` or by its 指标性质 (定性 / 定量)."""
        if self.kind is not None:
            return self.kind
        if self.nature == "定性":
            return "qualitative"
        return "quantitative" if self.nature == "定量" else None

    @property
    def weight_shown(self) -> str:
        """The weight as printed, or "not printed"."""
        return self.weight.text if self.weight is not None else "not printed"

    @property
    def printed_weight(self) -> Decimal | None:
        """The weight as printed, None when blank."""
        return None if self.weight is None else self.weight.value


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
    weight: Weight | None = Field(
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
        """The amount that weights the part, in 万元: ``fund`` if given, else its budget or
        executed (a bare amount is in 万元)."""
        chosen = self.fund if self.fund is not None else getattr(self, by)
        assert chosen is not None and chosen.value is not None
        return to_wan(chosen)


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


class Form(_Model):
    """One self-evaluation form (项目自评表 or 部门整体绩效自评表) and what the document states about it."""

    kind: Literal["project", "department"]
    title: str = Field(examples=["网络建设运转维护"])
    unit: str = Field(examples=["武汉市武昌区大数据中心"])
    year: int = Field(ge=1990, le=2100, examples=[2022])
    region: str | None = Field(default=None, examples=["湖北省武汉市武昌区"])
    supervisor: str | None = Field(default=None, description="主管部门, as printed",
                                   examples=["武汉市武昌区政务服务和大数据管理局"])  # fmt: skip
    implementer: str | None = Field(default=None, description="(项目)实施单位, as printed",
                                    examples=["武汉市武昌区大数据中心"])  # fmt: skip
    goals: Goals | None = Field(default=None, description="年度总体目标: 预期目标 and 实际完成情况")
    rulebook: str | None = Field(default=None, examples=["hubei-2022"])
    source: Source
    completeness: Literal["complete", "partial"] = Field(
        default="complete",
        description="partial: an excerpt; checks that need rows not transcribed are skipped",
    )
    present: str | None = Field(
        default=None,
        description="for an excerpt, what it holds in words",
        examples=["funds block and the 产出指标 rows; no total"],
    )
    funds: Funds = Field(default_factory=Funds)
    indicators: tuple[Indicator, ...] = Field(default=(), max_length=MAX_ROWS)
    reported: Statement = Field(default_factory=Statement)
    narrative: tuple[Statement, ...] = ()

    @property
    def partial(self) -> bool:
        """True for an excerpt: rows outside it were not transcribed."""
        return self.completeness == "partial"

    @model_validator(mode="after")
    def _rows_and_sections(self) -> Form:
        if not self.indicators and not self.partial:
            raise ValueError(
                "a complete form needs at least one indicator row "
                "(an excerpt without rows says completeness: partial)"
            )
        _check_hierarchy(self.indicators)
        for i, st in enumerate(self.narrative):
            if not st.section:
                raise ValueError(f"narrative[{i}] needs a section saying where it is printed")
        return self


def _check_hierarchy(rows: tuple[Indicator, ...]) -> None:
    """Parents named by rows exist, are unique, and no row sits under a breakdown row."""
    names = Counter(r.name for r in rows)
    index = {r.name: i for i, r in enumerate(rows)}
    for r in rows:
        if r.parent is None:
            continue
        if names[r.parent] != 1:
            raise ValueError(f"row {r.name!r} sits under {r.parent!r}, which is not one row's name")
        if r.parent == r.name:
            raise ValueError(f"row {r.name!r} cannot sit under itself")
        parent = rows[index[r.parent]]
        if parent.role == "breakdown" or (parent.parent is not None and r.role == "indicator"):
            raise ValueError(f"row {r.name!r} sits under {r.parent!r}: one level of nesting only")
