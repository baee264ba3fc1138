"""Rulebooks: the scoring rules of one region and period, as cited data.

A rulebook YAML (``scoring/rulebooks/*.yaml``) holds every weight, band, cap, formula and
rounding step with the source it rests on. Code implements the formula *kinds*; a rulebook
picks and parameterises them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.json_schema import SkipJsonSchema

from .errors import FormulaError, Location, RulebookError
from .expr import Formula, build_formula
from .io.yamlsrc import Located, read_yaml, validation_to_errors
from .model import Grade
from .rounding import RoundingMode
from .values import Op

__all__ = [
    "Aggregation",
    "Alternative",
    "Citation",
    "FormulaSpec",
    "Param",
    "Rulebook",
    "builtin_ids",
    "load_builtin",
    "load_rulebook",
    "select_rulebook",
]

T = TypeVar("T")
Confidence = Literal["seed", "printed", "system", "recalled", "assumed"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_M):
    """What a parameter rests on: document, clause, the text where known, and how sure we are."""

    document: str
    clause: str
    text: str | None = None
    url: str | None = None
    confidence: Confidence

    def short(self) -> str:
        """One line naming document and clause, for traces and findings."""
        return f"{self.document} {self.clause} ({self.confidence})"


class Param(_M, Generic[T]):
    """One rule parameter: its value, the key of its source, and a note."""

    value: T
    source: str
    note: str | None = None


class FormulaSpec(_M):
    """A formula kind as written in the rulebook: inputs and ordered cases."""

    source: str
    inputs: tuple[str, ...]
    cases: tuple[dict[str, str], ...]


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


class Indicators(_M):
    """Parameters of the indicator table."""

    points: Param[Decimal]
    default_op: Param[Op]
    formulas: Param[dict[Op, str]]
    bands: Param[dict[Grade, tuple[Decimal, Decimal]]]
    grade_words: Param[dict[str, Grade]]


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


class Rulebook(_M):
    """A complete, cited rule set for one region and period."""

    id: str
    title: str
    region: str
    period: Period
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

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    @model_validator(mode="after")
    def _check_references(self) -> Rulebook:
        for where, param in self._params():
            if param.source not in self.sources:
                raise ValueError(f"{where}.source: unknown source {param.source!r}")
        needed = {self.execution.formula.value, *self.indicators.formulas.value.values()}
        for name in sorted(needed - set(self.formulas)):
            raise ValueError(f"formula {name!r} is used but not defined under formulas")
        for name, spec in self.formulas.items():
            if spec.source not in self.sources:
                raise ValueError(f"formulas.{name}.source: unknown source {spec.source!r}")
        return self

    def _params(self) -> list[tuple[str, Param[Any]]]:
        found: list[tuple[str, Param[Any]]] = [("grades", self.grades)]
        for block in ("execution", "indicators", "rounding", "aggregation"):
            section = getattr(self, block)
            for name in type(section).model_fields:
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


def _compile(rb: Rulebook, src: Located) -> Rulebook:
    compiled: dict[str, Formula] = {}
    for name, spec in rb.formulas.items():
        try:
            compiled[name] = build_formula(name, spec.inputs, spec.cases)
        except FormulaError as exc:
            path = ("formulas", name, "cases")
            raise RulebookError(
                location=Location(src.file, src.line_of(path), f"formulas.{name}.cases"),
                problem=str(exc),
                expected="a formula in the rulebook grammar",
                example="weight * actual / target",
            ) from exc
    return rb.model_copy(update={"compiled": compiled})


def load_rulebook(text: str, file: str) -> Rulebook:
    """Read, validate and compile a rulebook from YAML text."""
    src = read_yaml(text, file, error=RulebookError)
    try:
        rb = Rulebook.model_validate(src.data)
    except ValidationError as exc:
        raise validation_to_errors(exc, src, Rulebook, error=RulebookError) from exc
    return _compile(rb, src)


def builtin_ids() -> list[str]:
    """Ids of the rulebooks shipped with jixiao."""
    folder = resources.files("scoring") / "rulebooks"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@cache
def load_builtin(rulebook_id: str) -> Rulebook:
    """A shipped rulebook by id (cached)."""
    if rulebook_id not in builtin_ids():
        known = ", ".join(builtin_ids())
        raise RulebookError(
            location=Location("<rulebook>", None, "rulebook"),
            problem=f"unknown rulebook {rulebook_id!r}",
            expected=f"one of {known}",
            example="hubei-2022",
        )
    resource = resources.files("scoring") / "rulebooks" / f"{rulebook_id}.yaml"
    return load_rulebook(resource.read_text(encoding="utf-8"), f"rulebooks/{rulebook_id}.yaml")


def load_rulebook_file(path: str | Path) -> Rulebook:
    """A rulebook from a YAML file of the user's."""
    return load_rulebook(Path(path).read_text(encoding="utf-8-sig"), str(path))


def select_rulebook(
    requested: str | None,
    year: int,
    region: str | None,
    known: Mapping[str, Rulebook] | None = None,
) -> Rulebook:
    """The rulebook a form names, else the one in force for its year and region."""
    if requested:
        return known[requested] if known and requested in known else load_builtin(requested)
    books = dict(known) if known else {i: load_builtin(i) for i in builtin_ids()}
    fitting = [
        rb
        for rb in books.values()
        if rb.in_force(year) and (region is None or region.startswith(rb.region))
    ]
    if not fitting:
        raise RulebookError(
            location=Location("<form>", None, "rulebook"),
            problem=f"no rulebook in force for year {year} and region {region or 'unknown'}",
            expected="a rulebook id in the form or --rulebook",
            example="hubei-2022",
        )
    return sorted(fitting, key=lambda rb: (len(rb.region), rb.period.start))[-1]
