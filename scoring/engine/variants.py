"""The rule variants a rulebook picks by parameter (RULES.md §3), as the engine applies them.

Negative actuals (``indicators.negative_actual``), indicators marked not applicable
(``indicators.not_applicable``), the level-1 structure (``indicators.structure`` and
``structure_fallback``), and whether a formula's inputs lie inside the domain its proofs cover.
Each is a parameter choice; nothing here knows a region. Every number made here is traced to
the parameter and its source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.engine.sheet import Flag
from scoring.fold import fold, same
from scoring.form.shape import counted_rows
from scoring.rounding import RoundingMode, as_fraction, fraction_to_decimal, round_to_step
from scoring.rounding import plain_decimal as _plain
from scoring.trace import Trace

if TYPE_CHECKING:
    from scoring.engine.sheet import IndicatorResult
    from scoring.form.model import Form, Indicator
    from scoring.rulebook.model import Rulebook

__all__ = [
    "apportion",
    "block_scales",
    "block_weights",
    "expected_blocks",
    "fit_structure",
    "formula_actual",
    "not_applicable_trace",
    "outside_domain",
    "rescale_total",
    "within_weight",
]


def _cite(rb: Rulebook, param: str, source: str) -> tuple[str, str]:
    return f"{rb.id}:{param}", rb.cite(source).short()


def _text(v: Fraction) -> str:
    shown = fraction_to_decimal(v, 10)
    return f"{_plain(shown)}" + ("…" if Fraction(shown) != v else "")


def formula_actual(actual: Fraction, rb: Rulebook) -> tuple[Fraction, str]:
    """The actual a formula takes (a negative one clamped to 0 if the rulebook says so) and
    the words the trace adds to the printed actual."""
    param = rb.indicators.negative_actual
    if actual < 0 and param.value == "clamp_zero":
        clause = rb.cite(param.source).short()
        return Fraction(
            0
        ), f" → 0 (negative actual clamped: {rb.id}:indicators.negative_actual, {clause})"
    return actual, ""


def within_weight(exact: Fraction, top: Fraction, branch: str) -> tuple[Fraction, str]:
    """A score held within [0, its weight] whatever the formula gave (a negative actual under
    ``negative_actual: as_is``, a custom formula outside its domain), the branch saying so."""
    if exact < 0:
        return Fraction(0), f"{branch}; formula gave {_text(exact)} < 0: held at 0"
    if exact > top:
        return top, f"{branch}; formula gave {_text(exact)} > {_text(top)}: held at {_text(top)}"
    return exact, branch


def outside_domain(rb: Rulebook, name: str, env: Mapping[str, Fraction], what: str) -> Flag | None:
    """A warning when the inputs lie outside every domain the formula's proofs cover."""
    claims = rb.claims.get(name, ())
    if not claims or any(c.admits(env) for c in claims):
        return None
    domains = " or ".join(f"({c.domain_text})" for c in claims)
    shown = ", ".join(f"{k}={_text(v)}" for k, v in env.items())
    return Flag(
        "OUTSIDE_DOMAIN",
        "warning",
        f"{what}: {shown} lies outside the domain of formula {name} {domains}; its proofs "
        "(0 ≤ score ≤ weight, monotone, full when met) do not cover this score",
        field="actual",
        rule=f"{rb.id}:formulas.{name}: {rb.cite(rb.formulas[name].source).short()}",
        params={"name": what, "values": shown, "formula": name, "domains": domains},
    )


def not_applicable_trace(ind: Indicator, rb: Rulebook, step: Decimal) -> Trace:
    """The trace of an indicator marked not applicable: 0, and what becomes of its weight."""
    param = rb.indicators.not_applicable
    rule, clause = _cite(rb, "indicators.not_applicable", param.source)
    rescale = param.value == "rescale"
    return Trace(
        label=f"得分 {ind.name}",
        rule=rule,
        clause=clause,
        formula="not applicable: 0" + (", the total rescaled" if rescale else ""),
        inputs={"weight": ind.weight_shown, "applicable": "false"},
        branch="not applicable: dropped, the total rescaled to full points"
        if rescale
        else "not applicable: scores 0",
        exact=Fraction(0),
        value=round_to_step(0, step),
    )


# ---------------------------------------------------------------- level-1 structure


def block_weights(form: Form) -> dict[str, Decimal]:
    """The weight of each level-1 block (一级指标) on the form, in order of appearance, under
    its first printed spelling (產出指標 and 产出指标 are one block)."""
    out: dict[str, Decimal] = {}
    spelled: dict[str, str] = {}
    for i in counted_rows(form.indicators):
        ind = form.indicators[i]
        key = spelled.setdefault(fold(ind.level1), ind.level1)
        out[key] = out.get(key, Decimal(0)) + (ind.printed_weight or Decimal(0))
    return out


def expected_blocks(form: Form, rb: Rulebook) -> dict[str, Decimal] | None:
    """The points the rulebook gives each level-1 block of this form (after fallbacks), or None
    when it fixes no structure — or when the form is an excerpt, whose rows present say nothing
    of how its blocks weigh (the rows not transcribed may hold the rest of a block's points).
    A block is named as the form prints it (產出指標 for the rulebook's 产出指标), one the form
    lacks as the rulebook writes it."""
    structure = rb.indicators.structure.value
    if structure is None or form.partial:
        return None
    present = {fold(b): b for b in block_weights(form)}

    def spelled(block: str) -> str:
        return present.get(fold(block), block)

    expected = {spelled(b): points for b, points in structure.items()}
    for absent, to in rb.indicators.structure_fallback.value.items():
        if fold(absent) not in present and fold(to) in present and absent in expected:
            expected[spelled(to)] += expected.pop(absent)
    return expected


def block_scales(form: Form, rb: Rulebook) -> dict[str, Fraction]:
    """Per level-1 block the form weighs otherwise than the rulebook: rulebook ÷ form points."""
    expected = expected_blocks(form, rb)
    if expected is None:
        return {}
    return {
        block: as_fraction(expected[block]) / as_fraction(weight)
        for block, weight in block_weights(form).items()
        if block in expected and weight > 0 and expected[block] != weight
    }


def apportion(exact: Sequence[Fraction], step: Decimal, mode: RoundingMode) -> list[Decimal]:
    """Round each value to ``step`` by largest remainder, so that they add up to their rounded
    sum: scaled rows never give a block more than its points (16.67 + 16.67 + 16.66 = 50)."""
    unit = as_fraction(step)
    scaled = [v / unit for v in exact]
    floors = [v.numerator // v.denominator for v in scaled]
    total = round_to_step(sum(exact, Fraction(0)), step, mode) / step
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[: max(int(total) - sum(floors), 0)]:
        floors[i] += 1
    return [Decimal(n) * step for n in floors]


def fit_structure(
    form: Form, results: Sequence[IndicatorResult], rb: Rulebook, step: Decimal,
    mode: RoundingMode,
) -> tuple[IndicatorResult, ...]:  # fmt: skip
    """Rows of a block the form weighs otherwise, scaled to the rulebook's points for it and
    rounded by largest remainder within the block."""
    scales = block_scales(form, rb)
    if not scales:
        return tuple(results)
    expected = expected_blocks(form, rb) or {}
    weights = block_weights(form)
    rule, clause = _cite(rb, "indicators.structure", rb.indicators.structure.source)
    out = list(results)
    for block, k in scales.items():
        rows = [i for i, r in enumerate(results) if same(r.indicator.level1, block)]
        exact = [results[i].trace.exact * k for i in rows]
        for i, e, value in zip(rows, exact, apportion(exact, step, mode), strict=True):
            r = results[i]
            trace = Trace(
                label=r.trace.label,
                rule=rule,
                clause=clause,
                formula=f"score × {_plain(expected[block])} ÷ {_plain(weights[block])}",
                inputs={
                    "score": r.trace.exact_text,
                    block: f"{_plain(weights[block])} on the form, "
                    f"{_plain(expected[block])} under {rb.id}",
                },
                branch=f"{block} {_plain(weights[block])} → {_plain(expected[block])} ({rb.id})",
                exact=e,
                value=value,
                rounding=f"to {step} by largest remainder within {block}, which is rounded "
                f"{mode.replace('_', '-')}",
                children=(r.trace,),
            )
            out[i] = replace(r, score=value, trace=trace, scale=k, unscaled=r.score)
    return tuple(out)


# ---------------------------------------------------------------- not-applicable rescaling


def rescale_total(
    total: Trace, results: Sequence[IndicatorResult], rb: Rulebook, step: Decimal,
    mode: RoundingMode,
) -> Trace:  # fmt: skip
    """The total rescaled to full points when indicators were dropped as not applicable."""
    param = rb.indicators.not_applicable
    dropped = [r for r in results if not r.indicator.applicable]
    if param.value != "rescale" or not dropped:
        return total
    full = as_fraction(rb.execution.points.value + rb.indicators.points.value)
    na = sum((as_fraction(r.weight) * r.scale for r in dropped), Fraction(0))
    if na >= full:
        return total
    factor = full / (full - na)
    base = total.exact if rb.rounding.total.value == "round_of_exact" else as_fraction(total.value)
    exact = base * factor
    rule, clause = _cite(rb, "indicators.not_applicable", param.source)
    return Trace(
        label=total.label,
        rule=rule,
        clause=clause,
        formula=f"总分 × {_text(full)} ÷ ({_text(full)} − not-applicable {_text(na)})",
        inputs={
            "总分 before": str(total.value),
            "not applicable": "、".join(r.indicator.name for r in dropped),
            "factor": _text(factor),
        },
        branch=f"{len(dropped)} not applicable: rescaled to {_text(full)} points",
        exact=exact,
        value=round_to_step(exact, step, mode),
        rounding=f"{mode.replace('_', '-')} to {step}",
        children=(total,),
    )
