"""Checks of the form against the rulebook's variant rules: level-1 structure, indicators not
applicable, inputs outside a formula's proved domain, and completions far above target."""

from __future__ import annotations

from fractions import Fraction

from scoring.engine.direction import direction_of
from scoring.engine.sheet import IndicatorResult
from scoring.engine.variants import block_scales, block_weights, expected_blocks
from scoring.findings import Severity
from scoring.fold import fold, same
from scoring.io.located import FieldPath
from scoring.rounding import as_fraction, pct
from scoring.rounding import plain_decimal as _plain
from scoring.verify.context import CheckContext, because, resting

__all__ = ["check_variants"]


def check_variants(ctx: CheckContext) -> None:
    """Every finding on how the form fits the rulebook's structure and variant rules."""
    _check_level1(ctx)
    for r in ctx.sheet.indicators:
        path: FieldPath = ("indicators", r.index)
        if r.role == "breakdown" or not r.known:
            continue
        for flag in r.flags:
            ctx.add(flag.code, Severity(flag.severity), (*path, *([flag.field] if flag.field else [])),
                    flag.message, rule=flag.rule, params=flag.params)  # fmt: skip
        if not r.indicator.applicable:
            _not_applicable(ctx, r, path)
        else:
            _over_achievement(ctx, r, path)
        _scaled_score(ctx, r, path)


def _check_level1(ctx: CheckContext) -> None:
    """Each level-1 block against the points the rulebook gives it (after fallbacks)."""
    rb, form = ctx.sheet.rulebook, ctx.sheet.rows_form
    expected = expected_blocks(form, rb)
    if expected is None:
        return
    param = rb.indicators.structure
    weights = block_weights(form)
    scales = block_scales(form, rb)
    first = {fold(ind.level1): i for i, ind in reversed(list(enumerate(form.indicators)))}
    present = {fold(b) for b in weights}
    fallback = rb.indicators.structure_fallback.value
    for block, weight in weights.items():
        where: FieldPath = ("indicators", first[fold(block)], "level1")
        if block not in expected:
            ctx.add("STRUCTURE_UNKNOWN_BLOCK", Severity.ERROR, where,
                    f"{block} ({_plain(weight)} points) is not a level-1 block of {rb.id} "
                    f"({'、'.join(expected)}); its rows are scored as they are",
                    stated=str(weight), rule=ctx.cite(param.source),
                    params={"block": block, "rulebook": rb.id, "blocks": "、".join(expected)})  # fmt: skip
        elif block in scales:
            moved = [a for a, to in fallback.items() if same(to, block) and fold(a) not in present]
            why = f" (with the points of the absent {'、'.join(moved)})" if moved else ""
            blank = [i.name for i in ctx.sheet.form.indicators
                     if same(i.level1, block) and i.weight is None and i.role != "breakdown"]
            assumed = [f"the weights of {'、'.join(blank)} are derived"] if blank else []
            ctx.add("STRUCTURE_MISMATCH", resting(Severity.ERROR, assumed), where,
                    f"{block} weighs {_plain(weight)} on the form; {rb.id} gives it "
                    f"{_plain(expected[block])}{why}: its rows are scaled by "
                    f"{_plain(expected[block])} ÷ {_plain(weight)}{because(assumed)}",
                    stated=str(weight), computed=str(expected[block]),
                    rule=ctx.cite(param.source), params={"block": block, "rulebook": rb.id}
                    | ({"variant": "moved", "moved": "、".join(moved)} if moved else {}))  # fmt: skip
    for block, points in expected.items():
        if block not in weights:
            ctx.add("STRUCTURE_MISSING_BLOCK", Severity.ERROR, ("indicators",),
                    f"the form has no {block} indicators; {rb.id} gives {block} "
                    f"{_plain(points)} points, which no row can earn",
                    computed=str(points), rule=ctx.cite(param.source),
                    params={"block": block, "rulebook": rb.id})  # fmt: skip


def _scaled_score(ctx: CheckContext, r: IndicatorResult, path: FieldPath) -> None:
    """A printed score that agrees on the form's weight, but whose block the rulebook scales."""
    printed = r.indicator.reported_score
    if r.unscaled is None or printed is None or printed.value != r.unscaled:
        return
    rb = ctx.sheet.rulebook
    ctx.add("STRUCTURE_SCALED_SCORE", Severity.WARNING, (*path, "reported_score"),
            f"{r.indicator.name}: the printed {printed.text} is its score on the form's weight "
            f"{r.weight}; {rb.id} scales {r.indicator.level1} ({r.trace.formula}) to {r.score}",
            stated=printed.text, computed=str(r.score),
            rule=ctx.cite(rb.indicators.structure.source),
            params={"name": r.indicator.name, "weight": str(r.weight), "rulebook": rb.id,
                    "block": r.indicator.level1, "formula": r.trace.formula})  # fmt: skip


def _not_applicable(ctx: CheckContext, r: IndicatorResult, path: FieldPath) -> None:
    rb = ctx.sheet.rulebook
    param = rb.indicators.not_applicable
    what = (
        "dropped: the total is rescaled to full points"
        if param.value == "rescale"
        else "scored 0 under this rulebook, which does not rescale"
    )
    ctx.add("NOT_APPLICABLE", Severity.INFO, (*path, "applicable"),
            f"{r.indicator.name} ({r.weight} points) is marked not applicable: {what}",
            computed=str(r.score), rule=ctx.cite(param.source),
            params={"name": r.indicator.name, "weight": str(r.weight),
                    "variant": "rescale" if param.value == "rescale" else "zero"})  # fmt: skip


def _ratio(r: IndicatorResult, op: str) -> Fraction | None:
    """completion ÷ target (target ÷ completion for ≤ and <); None when it has no meaning."""
    t, a = r.indicator.target.printed(), r.indicator.actual.printed()
    tm, am = t.magnitude(), a.magnitude()
    if tm is None or am is None or t.percent != a.percent:
        return None
    target, actual = as_fraction(tm), as_fraction(am)
    if op in ("<=", "<"):
        if target <= 0 or (actual <= 0 and t.percent):
            return None  # a rate held to 0 under its ceiling (结余率, 调整率) is its best value
        return Fraction(10**9) if actual <= 0 else target / actual
    return actual / target if target > 0 and actual >= 0 else None


def _over_achievement(ctx: CheckContext, r: IndicatorResult, path: FieldPath) -> None:
    rb = ctx.sheet.rulebook
    param = rb.indicators.over_achievement
    if param.value is None or r.kind != "quantitative" or r.indicator.parts:
        return
    t = r.indicator.target.printed()
    op = direction_of(r.indicator, t, rb).op
    ratio = _ratio(r, op)
    threshold = as_fraction(param.value.threshold)
    if ratio is None or ratio < threshold:
        return
    a = r.indicator.actual.printed()
    below = op in ("<=", "<")
    if below:
        share = pct(1 / ratio) if ratio < 10**9 else "0 %"
        text = (f"{r.indicator.name}: {a.text} is only {share} of the ceiling {t.text} (the ceiling "
                f"is ≥ {pct(threshold)} of the completion): a ceiling set far above what was needed "
                "should be explained")  # fmt: skip
        computed = share
    else:
        text = (f"{r.indicator.name}: {a.text} is {pct(ratio)} of the target {t.text} (completion ÷ "
                f"target ≥ {pct(threshold)}): a target set too low should be explained")  # fmt: skip
        computed = pct(ratio)
    ctx.add(
        "OVER_ACHIEVEMENT",
        Severity.WARNING,
        (*path, "actual"),
        text + ", and the score may be reduced by the deviation (按照偏离度适度调减分值); "
        "jixiao flags it and keeps the score",
        stated=a.text,
        computed=computed,
        rule=ctx.cite(param.source),
        params={
            "name": r.indicator.name,
            "share": computed,
            "bound": "ceiling" if below else "target",
            "target": t.text,
            "threshold": pct(threshold),
        }
        | ({"variant": "ceiling"} if below else {}),
    )
