"""Qualitative indicators: the grade a printed actual reads as, and the score its band allows.

The vocabulary (``indicators.grade_words``) and the policy for everything it does not settle
(``indicators.qualitative``) are rulebook data. The grade of a row comes, in this order, from
the form (``actual.grade``), an actual identical to its target or stating it (met), a word of
the vocabulary, or, for a descriptive actual, the band its printed score lies in. Only a grade
the form itself gives (explicitly, or by a cited word) can contradict its printed score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from scoring.findings import Problem, Severity
from scoring.fold import fold
from scoring.form.model import Grade, Indicator
from scoring.rounding import exact_product
from scoring.rounding import plain_decimal as _plain

if TYPE_CHECKING:
    from scoring.rulebook.model import Rulebook

__all__ = [
    "GradeReading",
    "QualitativeScore",
    "band_of_score",
    "normalize_word",
    "read_grade",
    "read_words",
    "score_qualitative",
]

How = Literal["form", "word", "assumed", "target", "unknown"]

_TRIM = " \t\r\n。．.；;，,！!、"


def normalize_word(text: str) -> str:
    """A printed word as the vocabulary is matched: folded (NFKC, traditional characters as
    simplified), no spaces, no trailing punctuation."""
    return "".join(fold(text).split()).strip(_TRIM)


@dataclass(frozen=True, slots=True)
class GradeReading:
    """The grade a qualitative actual reads as, how it was read, and the source of the reading."""

    grade: Grade | None
    how: How
    source: str | None = None
    word: str | None = None


def _states_target(actual: str, target: str, negations: tuple[str, ...]) -> bool:
    if not actual or not target:
        return False
    if actual == target:
        return True
    return len(target) >= 2 and target in actual and not any(fold(n) in actual for n in negations)


def _top(rb: Rulebook) -> Grade:
    bands = rb.indicators.bands.value
    return max(bands, key=lambda g: bands[g][1])


def read_grade(ind: Indicator, rb: Rulebook) -> GradeReading:
    """How the row's actual is graded, before any printed score is looked at."""
    if ind.actual.grade is not None:
        return GradeReading(ind.actual.grade, "form")
    return read_words(ind.actual.text, ind.target.text, rb)


def read_words(actual_text: str, target_text: str, rb: Rulebook) -> GradeReading:
    """How a printed actual reads against its target, by the rulebook's vocabulary and policy."""
    param = rb.indicators.qualitative
    actual = normalize_word(actual_text)
    if param.value.target_stated == "met" and _states_target(
        actual, normalize_word(target_text), param.value.negations
    ):
        return GradeReading(_top(rb), "target", param.source, actual)
    entry = rb.indicators.grade_word(actual)
    if entry is None:
        return GradeReading(None, "unknown", None, actual)
    grade, source, _ = entry
    how: How = "assumed" if rb.cite(source).confidence == "assumed" else "word"
    return GradeReading(grade, how, source, actual)


@dataclass(frozen=True, slots=True)
class QualitativeScore:
    """A qualitative row's score: value, grade and band, why, findings, and the range it could
    take when it rests on an assumption (None when the form settles it)."""

    value: Decimal
    grade: Grade | None
    band: tuple[Decimal, Decimal] | None
    branch: str
    problems: tuple[Problem, ...]
    bounds: tuple[Decimal, Decimal] | None = None


def _band(rb: Rulebook, grade: Grade, weight: Decimal) -> tuple[Decimal, Decimal]:
    lo, hi = rb.indicators.bands.value[grade]
    return exact_product(weight, lo), exact_product(weight, hi)


def _in_band(score: Decimal, band: tuple[Decimal, Decimal], top: bool) -> bool:
    return band[0] <= score <= band[1] if top else band[0] <= score < band[1]


def band_of_score(rb: Rulebook, score: Decimal, weight: Decimal) -> Grade | None:
    """The grade whose band of the weight holds the score; None above the weight or below 0."""
    top = _top(rb)
    for grade in rb.indicators.bands.value:
        if _in_band(score, _band(rb, grade, weight), grade == top):
            return grade
    return None


def _shown(band: tuple[Decimal, Decimal]) -> str:
    return f"{_plain(band[0])}–{_plain(band[1])}"


def score_qualitative(ind: Indicator, rb: Rulebook) -> QualitativeScore:
    """Grade and score one qualitative row under the rulebook's vocabulary and policy."""
    weight = ind.printed_weight
    assert weight is not None  # the row is scored on its printed or derived weight
    reading = read_grade(ind, rb)
    reported = ind.reported_score.value if ind.reported_score else None
    if reading.grade is None or (reading.how in ("assumed", "target") and reported is not None):
        return _from_score(ind, rb, reading, reported, weight)
    grade, top = reading.grade, reading.grade == _top(rb)
    band = _band(rb, grade, weight)
    said = _said(ind, reading)
    if reported is None:
        value = band[1] if top else band[0]
        branch = f"{grade}, no score given: {'full weight' if top else 'band minimum'}"
        problems: list[Problem] = []
        bounds = None
        if reading.how == "assumed":
            text = (f"{said} is read as {grade} by an assumed word of the vocabulary; no score is "
                    f"printed, so the score could be anything from 0 to {_plain(weight)}: "
                    f"{_plain(value)} is used")  # fmt: skip
            problems.append(Problem("QUALITATIVE_ASSUMED_WORD", "actual", text, Severity.WARNING,
                                    _cite(rb, reading.source)))  # fmt: skip
            bounds = (Decimal(0), weight)
        elif reading.how == "target":
            problems.append(Problem("QUALITATIVE_TARGET_STATED", "actual",
                                    f"{said} states its target: read as met ({grade})",
                                    Severity.INFO, _cite(rb, reading.source)))  # fmt: skip
        if not top:
            text = f"{grade} with no score given: the band minimum is used"
            problems.append(Problem("QUALITATIVE_NO_SCORE", "reported_score", text, Severity.WARNING,
                                    params={"grade": grade}))  # fmt: skip
        return QualitativeScore(value, grade, band, branch, tuple(problems), bounds)
    if _in_band(reported, band, top):
        return QualitativeScore(
            reported, grade, band, f"{grade}: the evaluator's score lies in its band", ()
        )
    value = band[1] if reported > band[1] else band[0]
    severity = Severity(rb.indicators.qualitative.value.contradiction)
    text = f"the printed score {reported} lies outside the band {grade} {_shown(band)}"
    shown = {"score": str(reported), "grade": grade, "low": str(_plain(band[0])),
             "high": str(_plain(band[1]))}  # fmt: skip
    return QualitativeScore(
        value, grade, band, f"{grade}: the printed score lies outside its band",
        (Problem("QUALITATIVE_OUT_OF_BAND", "reported_score", text, severity, params=shown),),
    )  # fmt: skip


def _cite(rb: Rulebook, source: str | None) -> str | None:
    return None if source is None else f"{rb.id}: {rb.cite(source).short()}"


def _said(ind: Indicator, reading: GradeReading) -> str:
    return f"the actual {ind.actual.text!r}" + (
        f" (vocabulary source {reading.source})" if reading.how in ("assumed", "word") else ""
    )


def _from_score(
    ind: Indicator, rb: Rulebook, reading: GradeReading, reported: Decimal | None, weight: Decimal
) -> QualitativeScore:
    """A row whose grade the form does not settle: the band its printed score lies in, or, with no
    score, the whole range 0–weight."""
    policy = rb.indicators.qualitative.value
    actual = ind.actual.text
    if reported is None:
        if policy.unknown_without_score == "zero":
            text = f"no grade for the qualitative actual {actual!r} and no score: scored 0"
            return QualitativeScore(Decimal(0), None, None, "no grade: 0", (
                Problem("QUALITATIVE_GRADE", "actual", text, params={"actual": actual}),))  # fmt: skip
        text = (f"{actual!r} is no word of the vocabulary and no score is printed: the score could "
                f"be anything from 0 to {_plain(weight)}, and so could the total by as much")  # fmt: skip
        return QualitativeScore(
            Decimal(0), None, None, f"grade unknown: between 0 and {_plain(weight)}",
            (Problem("QUALITATIVE_GRADE", "actual", text, Severity.WARNING,
                     _cite(rb, rb.indicators.qualitative.source), params={"actual": actual}),),
            (Decimal(0), weight),
        )  # fmt: skip
    grade = band_of_score(rb, reported, weight)
    if policy.descriptive_with_score == "error" and reading.grade is None:
        text = f"no grade for the qualitative actual {actual!r}"
        held = min(max(reported, Decimal(0)), weight)  # no score outside [0, weight]
        return QualitativeScore(held, grade, None, "no grade",
                                (Problem("QUALITATIVE_GRADE", "actual", text,
                                         params={"actual": actual}),))  # fmt: skip
    if grade is None:  # above the weight (SCORE_ABOVE_WEIGHT) or negative
        value = min(max(reported, Decimal(0)), weight)
        return QualitativeScore(value, None, None,
                                f"no grade; {reported} held within [0, {_plain(weight)}]", ())  # fmt: skip
    band = _band(rb, grade, weight)
    if reading.grade == grade:
        return QualitativeScore(reported, grade, band, f"{grade}: the score lies in its band", ())
    words = {
        "unknown": f"{actual!r} is no grade word",
        "assumed": f"{actual!r} reads as {reading.grade} only by an assumed word",
        "target": f"{actual!r} states its target",
    }[reading.how]
    text = (f"{words}; the printed score {reported} lies in the band of {grade} "
            f"({_shown(band)}), which is taken as its grade")  # fmt: skip
    return QualitativeScore(
        reported, grade, band, f"{grade}, from the band of the printed score",
        (Problem("QUALITATIVE_GRADE_FROM_SCORE", "actual", text, Severity.INFO,
                 _cite(rb, rb.indicators.qualitative.source)),),
    )  # fmt: skip
