"""The rulebook model: the scoring rules of one region and period, as cited data.

A rulebook YAML (``scoring/rulebook/builtin/*.yaml``) holds every weight, band, cap, formula and
rounding step with the source it rests on. Code implements the formula *kinds*; a rulebook
picks and parameterises them. Reading, compiling and choosing rulebooks is scoring/rulebook.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic.json_schema import SkipJsonSchema

from scoring.fold import fold
from scoring.form.model import Grade
from scoring.formula.evaluate import Formula
from scoring.rounding import RoundingMode
from scoring.rulebook.citation import Citation, Text
from scoring.rulebook.claims import Claim
from scoring.rulebook.ranges import range_problems
from scoring.rulebook.words import (
    CoreIndicators,
    Direction,
    GradeWord,
    Level3Weight,
    QualitativePolicy,
)
from scoring.values import Op

__all__ = [
    "NATIONWIDE",
    "Aggregation",
    "Alternative",
    "Execution",
    "FormulaClaim",
    "FormulaSpec",
    "GradeBand",
    "Indicators",
    "OverAchievement",
    "Param",
    "Period",
    "Rounding",
    "Rulebook",
    "require_rulebook",
]

T = TypeVar("T")


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Param(_M, Generic[T]):
    """One rule parameter: its value, the key of its source, and a note."""

    value: T
    source: str
    note: Text | None = None


class FormulaClaim(_M):
    """Where a formula claims to behave: an input domain, a direction and when it is met."""

    domain: str = Field(
        description="bounds on the inputs joined by `and` (>=, <=, == a number, or > 0)",
        examples=["weight > 0 and target >= 0 and actual >= 0"],
    )
    direction: Literal["increasing", "decreasing"] = Field(
        description="how the score moves as `monotone_in` grows"
    )
    met: str = Field(
        description="the condition under which the score is the full `score_max`",
        examples=["actual >= target"],
    )
    note: Text | None = None


class FormulaSpec(FormulaClaim):
    """A formula as written in the rulebook: inputs, ordered cases (or one expression), and the
    claims `jixiao rules check` proves (scoring/rulebook/check.py)."""

    source: str
    inputs: tuple[str, ...]
    cases: tuple[dict[str, str], ...] = Field(
        default=(), description="ordered {when, then, branch}; the first whose `when` holds wins"
    )
    expr: str | None = Field(
        default=None,
        description="the whole formula as one expression, instead of cases",
        examples=["if actual >= target then weight else weight * actual / target"],
    )
    score_max: str = Field(default="weight", description="the input the score never exceeds")
    monotone_in: str = Field(default="actual", description="the input the direction is in")
    regions: tuple[FormulaClaim, ...] = Field(
        default=(), description="further domains, each with its own direction and met"
    )

    @model_validator(mode="after")
    def _one_body(self) -> FormulaSpec:
        if bool(self.cases) == (self.expr is not None):
            raise ValueError("a formula needs either `cases` or `expr`, not both")
        return self

    def case_list(self) -> tuple[Mapping[str, str], ...]:
        """The cases to build: as written, or the expression as the one case."""
        return self.cases or ({"then": self.expr or "", "branch": "expression"},)


class Alternative(_M):
    """A known way a hand-computed number comes out differently, tried when a number differs."""

    id: str
    kind: Literal["rounding-policy", "tail"]
    says: str
    rate_step: Decimal | None = None
    rate_mode: RoundingMode | None = None
    score_step: Decimal | None = None
    score_mode: RoundingMode | None = None


class Period(_M):
    """When a rulebook is in force (inclusive)."""

    start: dt.date
    end: dt.date | None = None


class Execution(_M):
    """Parameters of the budget-execution score."""

    points: Param[Decimal]
    basis: Param[Literal["adjusted", "year_start"]]
    formula: Param[str]
    rate_step: Param[Decimal | None]
    zero_budget_rate: Param[Decimal]
    amount_step: Param[Decimal]
    indicator_words: Param[tuple[str, ...]] | None = Field(
        default=None,
        description="names of an indicator row that scores budget execution again (预算执行率); "
        "null: the template has no such row to warn about",
    )


class OverAchievement(_M):
    """When a completion lies so far beyond its target that the target needs explaining."""

    threshold: Decimal = Field(gt=1, examples=["1.2"])


class Indicators(_M):
    """Parameters of the indicator table."""

    points: Param[Decimal]
    default_op: Param[Op]
    formulas: Param[dict[Op, str]]
    bands: Param[dict[Grade, tuple[Decimal, Decimal]]]
    grade_words: Param[dict[str, Grade | GradeWord]] = Field(
        description="the qualitative vocabulary: a printed actual -> its grade; an entry may "
        "name a source of its own ({grade, source})"
    )
    qualitative: Param[QualitativePolicy]
    directions: Param[tuple[Direction, ...]] = Field(
        description="comparators inferred from headings and names, for a target printed "
        "without one; the first that matches wins, then `default_op`"
    )
    structure: Param[dict[str, Decimal] | None] = Field(
        description="points of each level-1 block (一级指标); null: any split of `points`"
    )
    structure_fallback: Param[dict[str, str]] = Field(
        description="a level-1 block a form lacks -> the block its points move to"
    )
    negative_actual: Param[Literal["clamp_zero", "as_is"]]
    not_applicable: Param[Literal["rescale", "zero"]] = Field(
        description="an indicator marked not applicable: dropped and the total rescaled to the "
        "full points, or scored 0"
    )
    level3_weight: Param[Level3Weight] | None = Field(
        default=None,
        description="level-3 weight = level-2 heading points ÷ number of rows, rounded; null: "
        "weights are printed per row",
    )
    core: Param[CoreIndicators] | None = Field(
        default=None, description="the template's 核心指标 column; null: it has none"
    )
    over_achievement: Param[OverAchievement | None] = Field(
        description="completion ÷ target (target ÷ completion if negative) at which a warning asks "
        "whether the target was set too low; null: no warning"
    )

    def grade_word(self, printed: str) -> tuple[Grade, str, Text | None] | None:
        """The vocabulary's entry for a printed word, both folded (達成預期指標 is 达成预期指标);
        the first entry when two words fold alike."""
        folded = fold(printed)
        return next((e for w, e in self.vocabulary().items() if fold(w) == folded), None)

    def vocabulary(self) -> dict[str, tuple[Grade, str, Text | None]]:
        """Every grade word: its grade, the key of its source and its note."""
        out: dict[str, tuple[Grade, str, Text | None]] = {}
        for word, entry in self.grade_words.value.items():
            if isinstance(entry, GradeWord):
                out[word] = (entry.grade, entry.source or self.grade_words.source, entry.note)
            else:
                out[word] = (entry, self.grade_words.source, None)
        return out

    def word_grades(self) -> dict[str, Grade]:
        """Every grade word and the grade it reads as."""
        return {w: g for w, (g, _, _) in self.vocabulary().items()}


class Rounding(_M):
    """Declared rounding steps."""

    score_step: Param[Decimal]
    score_mode: Param[RoundingMode]
    total: Param[Literal["sum_of_rounded", "round_of_exact"]]


class Aggregation(_M):
    """How parts of an indicator, and forms rolled up, are combined (备注2, 备注3)."""

    by: Param[Literal["budget", "executed"]]
    values: Param[Literal["sum_absolute_weighted_mean_relative"]]
    scores: Param[Literal["weighted_mean"]]


class GradeBand(_M):
    """One grade and the lowest total that earns it."""

    grade: str
    min: Decimal


def require_rulebook(value: object, what: str = "rulebook", *, optional: bool = True) -> None:
    """A TypeError unless ``value`` is a Rulebook (or None, if ``optional``): a library call
    given a rulebook id (``score(form, "hubei-2022")``) is told to load it, not left to fail
    deep inside."""
    if (value is None and optional) or isinstance(value, Rulebook):
        return
    hint = f"; load_builtin({value!r}) or load_rulebook_file(...)" if isinstance(value, str) else ""
    raise TypeError(f"{what} must be a Rulebook or None, got {type(value).__name__}{hint}")


NATIONWIDE = "全国"
"""The region of a rulebook that applies wherever no regional one does."""


class Rulebook(_M):
    """A complete, cited rule set for one region and period."""

    id: str
    title: str
    region: str = Field(
        description=f"the region it governs, a prefix of a form's region; {NATIONWIDE}: everywhere",
        examples=["湖北省", NATIONWIDE],
    )
    period: Period
    kinds: tuple[Literal["project", "department"], ...] = Field(
        default=("project", "department"),
        description="the forms it is written for: project (项目) and/or department (部门整体)",
    )
    automatic: bool = Field(
        default=True,
        description="false: chosen only when a form or --rulebook names it, never by year and "
        "region (a template some units of a region use, not the region's own)",
    )
    extends: str | None = Field(
        default=None,
        description="the parent it overrides: a built-in id or a .yaml file beside this one",
        examples=["central-2020"],
    )
    sources: dict[str, Citation]
    execution: Execution
    indicators: Indicators
    rounding: Rounding
    aggregation: Aggregation
    grades: Param[tuple[GradeBand, ...]]
    formulas: dict[str, FormulaSpec]
    diagnosis: tuple[Alternative, ...] = ()
    compiled: SkipJsonSchema[dict[str, Formula]] = Field(
        default_factory=dict, exclude=True, repr=False
    )
    claims: SkipJsonSchema[dict[str, tuple[Claim, ...]]] = Field(
        default_factory=dict, exclude=True, repr=False
    )

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    _origin: str | None = PrivateAttr(default=None)

    @property
    def origin(self) -> str | None:
        """The file a user's rulebook was read from; None for a built-in one."""
        return self._origin

    def shown(self) -> str:
        """How reports name the rulebook: its id, and the file it came from if it is a user's."""
        return self.id if self._origin is None else f"{self.id} ({self._origin})"

    @model_validator(mode="after")
    def _check_references(self) -> Rulebook:
        for where, problem in range_problems(self):
            raise ValueError(f"{where}: {problem}")
        for where, param in self._params():
            if param.source not in self.sources:
                raise ValueError(f"{where}.source: unknown source {param.source!r}")
        needed = {self.execution.formula.value, *self.indicators.formulas.value.values()}
        for name in sorted(needed - set(self.formulas)):
            raise ValueError(f"formula {name!r} is used but not defined under formulas")
        for word, (_, source, _) in self.indicators.vocabulary().items():
            if source not in self.sources:
                raise ValueError(f"indicators.grade_words.value.{word}.source: unknown source "
                                 f"{source!r}")  # fmt: skip
        for i, d in enumerate(self.indicators.directions.value):
            if d.source is not None and d.source not in self.sources:
                raise ValueError(f"indicators.directions.value.{i}.source: unknown source "
                                 f"{d.source!r}")  # fmt: skip
        for name, spec in self.formulas.items():
            if spec.source not in self.sources:
                raise ValueError(f"formulas.{name}.source: unknown source {spec.source!r}")
        _check_roles(self)
        _check_structure(self)
        return self

    def parameters(self) -> list[tuple[str, Param[Any]]]:
        """Every parameter with its dotted path, in the order of the model."""
        return self._params()

    def _params(self) -> list[tuple[str, Param[Any]]]:
        found: list[tuple[str, Param[Any]]] = [("grades", self.grades)]
        for block in ("execution", "indicators", "rounding", "aggregation"):
            section = getattr(self, block)
            for name in type(section).model_fields:
                if getattr(section, name) is not None:  # an optional rule the template lacks
                    found.append((f"{block}.{name}", getattr(section, name)))
        return found

    def cite(self, source_key: str) -> Citation:
        """The citation behind a source key."""
        return self.sources[source_key]

    def formula(self, name: str) -> Formula:
        """The compiled formula of that name."""
        return self.compiled[name]

    def grade_for(self, total: Decimal) -> str:
        """The grade a total earns (优 / 良 / 中 / 差 under the seed's rules)."""
        for band in sorted(self.grades.value, key=lambda b: b.min, reverse=True):
            if total >= band.min:
                return band.grade
        return self.grades.value[-1].grade

    def in_force(self, year: int) -> bool:
        """Whether the rulebook's period covers any day of ``year``."""
        end = self.period.end or dt.date.max
        return self.period.start.year <= year <= end.year

    def covers(self, region: str | None) -> bool:
        """Whether a form of that region falls under this rulebook (no region: nationwide only)."""
        if self.region == NATIONWIDE:
            return True
        return region is not None and fold(region).startswith(fold(self.region))


# ---------------------------------------------------------------- the shape a rulebook must have

_ROLES = {"execution": ({"points", "rate"}, "points", "rate"),
          "indicator": ({"weight", "target", "actual"}, "weight", "actual")}


def _check_roles(rb: Rulebook) -> None:
    """The execution formula takes points and rate; indicator formulas weight, target, actual
    (a ValueError for the rulebook's validation otherwise)."""
    uses = [(rb.execution.formula.value, "execution")]
    uses += [(name, "indicator") for name in rb.indicators.formulas.value.values()]
    for name, role in uses:
        spec = rb.formulas[name]
        allowed, score_max, monotone_in = _ROLES[role]
        extra = sorted(set(spec.inputs) - allowed)
        if extra or (spec.score_max, spec.monotone_in) != (score_max, monotone_in):
            raise ValueError(
                f"formulas.{name}: an {role} formula takes inputs from {sorted(allowed)} "
                f"(score_max {score_max}, monotone_in {monotone_in})"
                + (f"; unknown inputs {extra}" if extra else "")
            )


def _check_structure(rb: Rulebook) -> None:
    """The level-1 structure adds up to the indicators' points; fallbacks name its blocks."""
    ind = rb.indicators
    blocks = ind.structure.value
    if blocks is None:
        return
    if sum(blocks.values(), Decimal(0)) != ind.points.value:
        raise ValueError(
            f"indicators.structure: the level-1 blocks add up to {sum(blocks.values())}, "
            f"not indicators.points {ind.points.value}"
        )
    for absent, to in ind.structure_fallback.value.items():
        if absent not in blocks or to not in blocks:
            raise ValueError(f"indicators.structure_fallback: {absent} → {to} names a block "
                             f"outside the structure ({', '.join(blocks)})")

