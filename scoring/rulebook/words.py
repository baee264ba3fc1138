"""The words of the indicator table as rulebook data: the qualitative vocabulary and its policy,
the comparators inferred from headings and names, level-3 weights derived from their heading,
and the 核心指标 column. Every entry cites a source of the rulebook (or its parameter's)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scoring.form.model import Grade
from scoring.rounding import RoundingMode, round_to_step
from scoring.rulebook.citation import Text
from scoring.values import Op

__all__ = ["CoreIndicators", "Direction", "GradeWord", "Level3Weight", "QualitativePolicy"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GradeWord(_M):
    """A word of the qualitative vocabulary with a source of its own: the grade it reads as."""

    grade: Grade
    source: str | None = Field(
        default=None, description="a key under `sources:`; omitted: the `grade_words` source"
    )
    note: Text | None = None


class QualitativePolicy(_M):
    """How a qualitative actual is graded when the vocabulary alone does not settle it."""

    target_stated: Literal["met", "vocabulary"] = Field(
        description="an actual identical to its target, or stating it without a negation: "
        "met (the top grade), or read through the vocabulary like any other word"
    )
    negations: tuple[str, ...] = Field(
        default=(), description="words that stop an actual from stating its target (未, 没有…)"
    )
    descriptive_with_score: Literal["grade_from_band", "error"] = Field(
        description="an actual that is no grade word but has a printed score: the grade of the "
        "band the score lies in (an info finding), or an error"
    )
    unknown_without_score: Literal["range", "zero"] = Field(
        description="an unknown word with no printed score: a warning and the score shown as the "
        "range 0–weight it could take, or 0"
    )
    contradiction: Literal["error", "warning"] = Field(
        description="a printed grade word whose band does not hold the printed score"
    )


class Direction(_M):
    """Which way an indicator printed without a comparator points, read from its words."""

    op: Op = Field(description="the comparator inferred", examples=["<="])
    level_words: tuple[str, ...] = Field(
        default=(), description="level-1 or level-2 headings that carry it (成本指标)"
    )
    name_words: tuple[str, ...] = Field(
        default=(), description="words in an indicator's name that carry it (控制率, 成本…)"
    )
    except_words: tuple[str, ...] = Field(
        default=(), description="words in a name that cancel it (节约率, 处理率…)"
    )
    source: str | None = Field(
        default=None, description="a key under `sources:`; omitted: the `directions` source"
    )
    note: Text | None = None


class Level3Weight(_M):
    """A level-3 row's weight derived from its level-2 heading: points ÷ rows, rounded."""

    step: Decimal = Field(gt=0, examples=["1"])
    mode: RoundingMode = RoundingMode.HALF_UP

    def derive(self, points: Decimal, rows: int) -> Decimal:
        """The weight of each of ``rows`` rows under a heading of ``points``."""
        return round_to_step(Fraction(points) / rows, self.step, self.mode)


class CoreIndicators(_M):
    """A template whose rows carry a 核心指标 (core indicator) flag."""

    required: bool = Field(description="whether every row must say whether it is core")
