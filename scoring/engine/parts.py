"""Indicators reported in parts (funds, sub-units, places): combine first, then score.

备注2: quantitative completion values are combined first — absolute values summed, relative
values (%, ‰, rates) averaged weighted by each part's fund amount — and the combined value is
scored by the indicator's formula. 备注3: qualitative scores are averaged weighted by fund
amount, each taken as a share of the weight it was given on. Which amount weights (budget or
executed) is the rulebook's ``aggregation.by``. Arithmetic is exact; only the score is rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from scoring.engine.qualitative import read_grade
from scoring.engine.variants import within_weight
from scoring.findings import Problem
from scoring.form.model import Grade, Indicator, Part
from scoring.rounding import (
    RoundingMode,
    as_fraction,
    exact_product,
    fraction_to_decimal,
    round_to_step,
)
from scoring.rulebook.model import Rulebook
from scoring.trace import Trace
from scoring.values import Op, Printed

__all__ = [
    "By",
    "PartsScore",
    "ValueType",
    "combine",
    "exact_text",
    "fund_shares",
    "in_printed_units",
    "score_parts",
    "shown_unit",
    "value_type",
]

By = Literal["budget", "executed"]
"""Which fund amount weights a part or a member: 预算数 or 执行数."""

ValueType = Literal["absolute", "relative"]
"""Absolute values are summed, relative ones averaged by fund (备注2)."""

_PER = {"%": Fraction(1, 100), "‰": Fraction(1, 1000)}


@dataclass(frozen=True, slots=True)
class PartsScore:
    """An indicator's score from its parts: kind, trace (a child per part), grade and problems."""

    kind: Literal["quantitative", "qualitative"]
    trace: Trace
    grade: Grade | None = None
    band: tuple[Decimal, Decimal] | None = None
    problems: tuple[Problem, ...] = ()


def value_type(ind: Indicator) -> ValueType:
    """As declared; else relative when the parts' values are printed in % or ‰, else absolute."""
    if ind.value_type is not None:
        return ind.value_type
    units = {p.actual.printed().unit for p in ind.parts if p.actual is not None}
    return "relative" if units & set(_PER) else "absolute"


def fund_shares(amounts: Sequence[Fraction]) -> list[Fraction]:
    """Each amount's exact share of their (positive) sum."""
    total = sum(amounts, Fraction(0))
    return [a / total for a in amounts]


def combine(values: Sequence[Fraction], amounts: Sequence[Fraction], vt: ValueType) -> Fraction:
    """Absolute values summed; relative values averaged weighted by amount."""
    if vt == "absolute":
        return sum(values, Fraction(0))
    shares = fund_shares(amounts)
    return sum((s * v for s, v in zip(shares, values, strict=True)), Fraction(0))


def in_printed_units(p: Printed) -> Fraction:
    """What one printed unit of ``p`` is in its base unit: "%" -> 1/100, "亿条" -> 10**8."""
    return _PER.get(p.unit or "", Fraction(p.scale))


def exact_text(value: Fraction, places: int = 10) -> str:
    """An exact value as a decimal, marked with … when it does not terminate."""
    shown = fraction_to_decimal(value, places)
    return f"{shown:f}" + ("…" if Fraction(shown) != value else "")


def _pct(share: Fraction) -> str:
    return f"{round_to_step(share * 100, Decimal('0.01')):f} %"


def _cite(rb: Rulebook, param: str, source: str) -> tuple[str, str]:
    return f"{rb.id}:{param}", rb.cite(source).short()


def _part_trace(p: Part, share: Fraction, by: By, rb: Rulebook, shown: dict[str, str]) -> Trace:
    rule, clause = _cite(rb, "aggregation.by", rb.aggregation.by.source)
    chosen = p.fund if p.fund is not None else getattr(p, by)
    source = "fund" if p.fund is not None else by
    return Trace(
        label=p.name,
        rule=rule,
        clause=clause,
        formula="share = fund ÷ Σ fund",
        inputs={"fund": f"{chosen.text} ({source})", **shown},
        branch=f"weight share {_pct(share)}",
        exact=share,
        value=fraction_to_decimal(share, 10),
    )


def shown_unit(ps: Sequence[Printed]) -> tuple[Fraction, str]:
    """The unit to show combined values in: the parts' printed unit if they share one."""
    units = {p.unit for p in ps}
    if len(units) == 1 and ps[0].unit is not None:
        return in_printed_units(ps[0]), ps[0].unit
    bases = {p.base_unit for p in ps if p.unit not in _PER} - {None}
    return Fraction(1), (next(iter(bases)) or "") if len(bases) == 1 else ""


def _combined_trace(
    label: str, vt: ValueType, names: Sequence[str], values: Sequence[Fraction], exact: Fraction,
    rb: Rulebook, shown: tuple[Fraction, str],
) -> Trace:  # fmt: skip
    rule, clause = _cite(rb, "aggregation.values", rb.aggregation.values.source)
    factor, unit = shown
    return Trace(
        label=f"{label} ({unit})" if unit else label,
        rule=rule,
        clause=clause,
        formula="Σ value" if vt == "absolute" else "Σ share × value",
        inputs={n: f"{exact_text(v / factor)}{unit}" for n, v in zip(names, values, strict=True)},
        branch=f"{vt}: " + ("summed" if vt == "absolute" else "weighted by fund share"),
        exact=exact / factor,
        value=fraction_to_decimal(exact / factor, 10),
    )


def score_parts(ind: Indicator, rb: Rulebook, step: Decimal, mode: RoundingMode) -> PartsScore:
    """Combine an indicator's parts by the rulebook and score the combined value, traced."""
    by = rb.aggregation.by.value
    amounts = [as_fraction(p.amount(by)) for p in ind.parts]
    shares = fund_shares(amounts)
    if ind.parts[0].actual is not None:
        return _quantitative(ind, rb, by, amounts, shares, (step, mode))
    return _qualitative(ind, rb, by, amounts, shares, (step, mode))


def _problem(text: str, variant: str, **params: str) -> Problem:
    """A PARTS_MISMATCH: its sentence, and the catalogue variant and values it is made from."""
    return Problem(
        "PARTS_MISMATCH", "parts", text.removeprefix("parts: "), params={"variant": variant, **params}
    )


def _unit_problems(ps: Sequence[Printed]) -> list[Problem]:
    percent = {p.unit in _PER for p in ps}
    units = {p.base_unit for p in ps if p.base_unit is not None and p.unit not in _PER}
    if len(percent) > 1 or len(units) > 1:
        shown = "、".join(sorted({p.text for p in ps}))
        return [_problem(f"the parts' values are in different units ({shown})", "units", values=shown)]
    return []


def _target(
    ind: Indicator, amounts: Sequence[Fraction], vt: ValueType, rb: Rulebook
) -> tuple[Fraction | None, Op, str, list[Problem], Trace | None]:
    """The combined target (the parts' own, combined like the actuals) or the indicator's."""
    parts, problems = ind.parts, list[Problem]()
    if parts[0].target is None:
        t = ind.target.printed()
        op = t.op or rb.indicators.default_op.value
        magnitude = t.magnitude()
        if magnitude is None:
            text = f"the target {t.text!r} is not a number to score against"
            problems.append(_problem(text, "target", target=t.text))
        value = as_fraction(magnitude) if magnitude is not None else None
        return value, op, t.text + ("" if t.op else f" ({op} by default)"), problems, None
    printed = [p.target.printed() for p in parts if p.target is not None]
    ops = {t.op or rb.indicators.default_op.value for t in printed}
    op = ind.target.printed().op or rb.indicators.default_op.value
    if len(ops) > 1:
        shown_ops = ", ".join(sorted(ops))
        text = f"the parts' targets compare differently ({shown_ops})"
        problems.append(_problem(text, "ops", ops=shown_ops))
    else:
        op = ops.pop()
    values = [as_fraction(t.magnitude() or 0) for t in printed]
    value = combine(values, amounts, vt)
    factor, unit = shown = shown_unit(printed)
    names = [p.name for p in parts]
    trace = _combined_trace("合并目标值", vt, names, values, value, rb, shown)
    return value, op, f"{op}{exact_text(value / factor)}{unit} (combined)", problems, trace


def _agrees(p: Printed, exact: Fraction) -> bool:
    """A printed number agrees with an exact value when the value, rounded as printed, is it."""
    assert p.value is not None
    return round_to_step(exact / in_printed_units(p), p.step()) == p.value


def _quantitative(
    ind: Indicator, rb: Rulebook, by: By, amounts: Sequence[Fraction], shares: Sequence[Fraction],
    rounding: tuple[Decimal, RoundingMode],
) -> PartsScore:  # fmt: skip
    vt = value_type(ind)
    actuals = [p.actual.printed() for p in ind.parts if p.actual is not None]
    targets = [p.target.printed() for p in ind.parts if p.target] or [ind.target.printed()]
    problems = _unit_problems([*actuals, *(t for t in targets if t.numeric)])
    factor, unit = shown = shown_unit(actuals)
    values = [as_fraction(a.magnitude() or 0) for a in actuals]
    actual = combine(values, amounts, vt)
    target, op, target_text, target_problems, target_trace = _target(ind, amounts, vt, rb)
    problems += target_problems
    stated = ind.actual.printed()
    if stated.numeric and not _agrees(stated, actual):
        combined = f"{exact_text(actual / factor)}{unit}"
        text = f"the printed actual {stated.text} is not the combined value {combined}"
        problems.append(_problem(text, "actual", printed=stated.text, combined=combined))
    children = [
        _part_trace(p, s, by, rb, {"value": a.text, **({"target": p.target.text} if p.target else {})})
        for p, s, a in zip(ind.parts, shares, actuals, strict=True)
    ]  # fmt: skip
    names = [p.name for p in ind.parts]
    children.append(_combined_trace("合并完成值", vt, names, values, actual, rb, shown))
    if target_trace is not None:
        children.append(target_trace)
    exact, branch, formula, rule, clause = _evaluate(ind, rb, op, target, actual)
    step, mode = rounding
    trace = Trace(
        label=f"得分 {ind.name}",
        rule=rule,
        clause=clause,
        formula=formula,
        inputs={
            "weight": ind.weight_shown,
            "target": target_text,
            "actual": f"{exact_text(actual / factor)}{unit} ({vt}, {len(ind.parts)} parts)",
        },
        branch=f"{branch}; parts combined first (备注2)",
        exact=exact,
        value=round_to_step(exact, step, mode),
        rounding=f"{mode.replace('_', '-')} to {step}",
        children=tuple(children),
    )
    return PartsScore("quantitative", trace, problems=tuple(problems))


def _evaluate(
    ind: Indicator, rb: Rulebook, op: Op, target: Fraction | None, actual: Fraction
) -> tuple[Fraction, str, str, str, str]:
    """The indicator's formula on the combined values: exact score, branch, formula, rule."""
    if target is None:
        return Fraction(0), "no numeric target", "0", "", ""
    name = rb.indicators.formulas.value[op]
    f = rb.formula(name)
    env = {"weight": as_fraction(ind.printed_weight or 0), "target": target, "actual": actual}
    exact, case = f.evaluate(env)
    exact, branch = within_weight(exact, env["weight"], case.branch)
    rule, clause = _cite(rb, f"formulas.{name}", rb.formulas[name].source)
    return exact, branch, f.display(), rule, clause


def _grade(ind: Indicator, rb: Rulebook, rate: Fraction) -> tuple[Grade, bool]:
    """The form's own grade (explicit or a cited word), else the band the combined rate falls
    in: a grade read from an assumed word or the target restated never contradicts the parts."""
    reading = read_grade(ind, rb)
    if reading.grade is not None and reading.how in ("form", "word"):
        return reading.grade, True
    bands = rb.indicators.bands.value
    top = max(bands, key=lambda g: bands[g][1])
    for grade, (lo, hi) in bands.items():
        if lo <= rate < hi or (grade == top and lo <= rate <= hi):
            return grade, False
    return min(bands, key=lambda g: bands[g][0]), False


def _band_check(
    ind: Indicator, rb: Rulebook, grade: Grade, stated: bool, value: Decimal, problems: list[Problem]
) -> tuple[Decimal, Decimal]:
    """The grade's band of the weight; a stated grade or score the combined one misses is noted."""
    bands = rb.indicators.bands.value
    lo, hi = bands[grade]
    weight = Decimal(ind.printed_weight or 0)
    band = (exact_product(weight, lo), exact_product(weight, hi))
    top = grade == max(bands, key=lambda g: bands[g][1])
    if stated and not (band[0] <= value <= band[1] if top else band[0] <= value < band[1]):
        text = f"the combined score {value} lies outside the band of {grade}"
        problems.append(_problem(text, "band", grade=grade))
    if ind.reported_score is not None and ind.reported_score.value != value:
        text = f"the printed score {ind.reported_score.text} is not the combined {value}"
        problems.append(_problem(text, "score", printed=ind.reported_score.text))
    return band


def _qualitative(
    ind: Indicator, rb: Rulebook, by: By, amounts: Sequence[Fraction], shares: Sequence[Fraction],
    rounding: tuple[Decimal, RoundingMode],
) -> PartsScore:  # fmt: skip
    weight = as_fraction(ind.printed_weight or 0)
    scores = [as_fraction(p.score.value or 0) for p in ind.parts if p.score is not None]
    weights = [as_fraction(p.weight.value or 0) if p.weight else weight for p in ind.parts]
    problems = [
        _problem(f"{p.name} scores {s} on a weight of {w}", "part", part=p.name, score=str(s),
                 weight=str(w))
        for p, s, w in zip(ind.parts, scores, weights, strict=True)
        if not 0 <= s <= w
    ]
    given = sum((a * w for a, w in zip(amounts, weights, strict=True)), Fraction(0))
    earned = sum((a * s for a, s in zip(amounts, scores, strict=True)), Fraction(0))
    rate = earned / given if given else Fraction(0)
    exact = weight * rate
    step, mode = rounding
    value = round_to_step(exact, step, mode)
    grade, stated = _grade(ind, rb, rate)
    band = _band_check(ind, rb, grade, stated, value, problems)
    children = [
        _part_trace(p, sh, by, rb, {"score": str(s), "weight": str(w)})
        for p, sh, s, w in zip(ind.parts, shares, scores, weights, strict=True)
    ]
    rule, clause = _cite(rb, "aggregation.scores", rb.aggregation.scores.source)
    children.append(
        Trace(
            label="合并得分率",
            rule=rule,
            clause=clause,
            formula="Σ fund × score ÷ Σ fund × weight",
            inputs={p.name: f"{s}/{w}" for p, s, w in zip(ind.parts, scores, weights, strict=True)},
            branch="scores averaged weighted by fund (备注3)",
            exact=rate,
            value=fraction_to_decimal(rate, 10),
        )
    )
    trace = Trace(
        label=f"得分 {ind.name}",
        rule=rule,
        clause=clause,
        formula="weight × combined score rate",
        inputs={"weight": ind.weight_shown, "parts": str(len(ind.parts)), "grade": grade},
        branch=f"{grade} ({'as stated' if stated else 'from the combined rate'}): "
        f"{len(ind.parts)} part scores averaged by fund",
        exact=exact,
        value=value,
        rounding=f"{mode.replace('_', '-')} to {step}",
        children=tuple(children),
    )
    return PartsScore("qualitative", trace, grade, band, tuple(problems))
