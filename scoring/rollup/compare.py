"""A roll-up computed both ways: aggregate then score, and score then aggregate, and why they differ.

Aggregate-then-score is the derived form's score (funds and completion values combined first,
备注2). Score-then-aggregate is the fund-weighted mean of the members' own scores, each as
rounded on its form, a member without an indicator counting 0. The two agree exactly on the
execution score when weighting by budget and no member is capped, and on qualitative scores
up to rounding; they part where a cap binds, where completion values are combined before
scoring, and where weights or scores were rounded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.engine.parts import By, exact_text
from scoring.engine.sheet import IndicatorResult, ScoreSheet
from scoring.rounding import as_fraction, round_to_step
from scoring.rulebook.model import Rulebook
from scoring.trace import Trace

if TYPE_CHECKING:
    from scoring.rollup.member import Key, Member

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """One number both ways: the derived form's and the fund-weighted mean of the members'."""

    label: str
    aggregated: Decimal
    averaged: Fraction
    averaged_value: Decimal
    explanation: str | None = None

    @property
    def differs(self) -> bool:
        """Whether the two ways give different numbers at the score step."""
        return self.aggregated != self.averaged_value


@dataclass(frozen=True, slots=True)
class _Ctx:
    sheet: ScoreSheet
    members: Sequence[Member]
    weights: dict[Key, Fraction]
    rb: Rulebook
    by: By

    @property
    def step(self) -> Decimal:
        return self.rb.rounding.score_step.value

    def mean(self, pick: Callable[[Member], Fraction]) -> Fraction:
        total = sum((as_fraction(m.fund) for m in self.members), Fraction(0))
        return sum((as_fraction(m.fund) * pick(m) for m in self.members), Fraction(0)) / total

    def make(
        self, label: str, aggregated: Decimal, averaged: Fraction, why: list[str]
    ) -> Comparison:
        value = round_to_step(averaged, self.step, self.rb.rounding.score_mode.value)
        text = None
        if aggregated != value:
            text = (
                f"{label}: {aggregated} aggregating first (the derived form), {value} as the "
                f"fund-weighted mean of the members' scores (exact {exact_text(averaged)}): "
                + "; ".join(why)
            )
        return Comparison(label, aggregated, averaged, value, text)


def compare(
    sheet: ScoreSheet,
    members: Sequence[Member],
    weights: dict[Key, Fraction],
    rb: Rulebook,
    by: By,
    mean_total: Trace,
) -> tuple[Comparison, ...]:
    """Execution, each indicator, the indicator total and the total, both ways, with reasons."""
    ctx = _Ctx(sheet, members, weights, rb, by)
    out = [
        ctx.make("预算执行得分", sheet.execution.value, _mean_of(ctx, "execution"), _why_exec(ctx))
    ]
    for r in sheet.indicators:
        key = (r.indicator.level1, r.indicator.level2, r.indicator.name)
        averaged = _indicator_mean(ctx, key)
        out.append(ctx.make(r.indicator.name, r.score, averaged, _why_indicator(ctx, r, key)))
    indicators = _mean_of(ctx, "indicator_total")
    rows = out[1:]
    out.append(ctx.make("指标得分", sheet.indicator_total.value, indicators, _why_sum(ctx, rows)))
    parts = [out[0], out[-1]]
    out.append(ctx.make("总分", sheet.total.value, mean_total.exact, _why_sum(ctx, parts)))
    return tuple(out)


def _mean_of(ctx: _Ctx, name: str) -> Fraction:
    return ctx.mean(lambda m: as_fraction(getattr(m.sheet, name).value))


def _indicator_mean(ctx: _Ctx, key: Key) -> Fraction:
    return ctx.mean(lambda m: sum((as_fraction(x.score) for x in _rows(m, key)), Fraction(0)))


def _rows(m: Member, key: Key) -> list[IndicatorResult]:
    return [
        r
        for r in m.sheet.indicators
        if (r.indicator.level1, r.indicator.level2, r.indicator.name) == key
    ]


def _why_exec(ctx: _Ctx) -> list[str]:
    points = ctx.rb.execution.points.value
    why = []
    capped = [m.label for m in ctx.members if m.sheet.execution_rate.exact > 1]
    if capped:
        why.append(
            f"{'、'.join(capped)} spent more than its budget and scores only {points} (the cap), "
            "while the combined rate ΣB ÷ ΣA lets that overspending make up for the others' "
            "underspending"
        )
    if ctx.by == "executed":
        why.append(
            f"{points} × ΣB ÷ ΣA weighs each member's rate by its budget; weighting the members' "
            "scores by executed amounts gives more say to the members that spent more of theirs"
        )
    exact_mean = ctx.mean(lambda m: m.sheet.execution.exact)
    if not why or exact_mean == ctx.sheet.execution.exact:
        why.append(
            f"each member's score was rounded to {ctx.step} before averaging (the exact scores "
            f"average to {exact_text(exact_mean)}, the combined score is exactly "
            f"{exact_text(ctx.sheet.execution.exact)})"
        )
    return why


def _why_indicator(ctx: _Ctx, r: IndicatorResult, key: Key) -> list[str]:
    why = []
    exact = ctx.weights[key]
    if as_fraction(r.weight) != exact:
        why.append(
            f"its weight {r.weight} is the fund-weighted {exact_text(exact)} rounded to {ctx.step}"
        )
    if r.kind == "quantitative":
        rows = [(m.label, x) for m in ctx.members for x in _rows(m, key)]
        met = [label for label, x in rows if x.full]
        short = [label for label, x in rows if not x.full]
        if not short and r.full:
            pass  # every member met its target, and so does the combined value
        elif met and short:
            why.append(
                "the completion values are combined before scoring (备注2 先汇总完成数，再计算得分): "
                f"{'、'.join(met)} above target make up for {'、'.join(short)} below it, which "
                "their own scores, capped at the weight, cannot"
            )
        else:
            why.append(
                "the completion values are combined before scoring (备注2): the ratio of the "
                "combined values is not the fund-weighted mean of the members' ratios"
            )
    if not why:
        why.append(f"the members' scores were rounded to {ctx.step} before averaging")
    return why


def _why_sum(ctx: _Ctx, rows: Sequence[Comparison]) -> list[str]:
    differing = [f"{c.label} {c.aggregated} vs {c.averaged_value}" for c in rows if c.differs]
    if differing:
        return ["it adds up rows that differ: " + ", ".join(differing)]
    return [f"each member's score was rounded to {ctx.step} before averaging"]
