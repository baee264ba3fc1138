"""Checks of a form against the rules of its template that only some rulebooks have: execution
scored again as an indicator row, 得分 = 权重 × 得分系数, the 核心指标 column, and level-3 weights
derived from their level-2 heading. Each runs only when the rulebook (or the form) has the rule."""

from __future__ import annotations

from decimal import Decimal

from scoring.findings import Severity
from scoring.fold import fold
from scoring.io.located import FieldPath
from scoring.rounding import exact_product, round_to_step
from scoring.rounding import plain_decimal as _plain
from scoring.verify.context import CheckContext, val

__all__ = ["check_template_rules"]


def check_template_rules(ctx: CheckContext) -> None:
    """Every finding on the template-specific rules the rulebook declares."""
    _execution_twice(ctx)
    _coefficients(ctx)
    _core_flags(ctx)
    _level3_weights(ctx)


def _execution_twice(ctx: CheckContext) -> None:
    rb = ctx.sheet.rulebook
    param = rb.execution.indicator_words
    if param is None or rb.execution.points.value == 0:
        return
    rows = {r.index: r for r in ctx.sheet.indicators}
    for i, ind in enumerate(ctx.sheet.form.indicators):
        word = next((w for w in param.value if fold(w) in fold(ind.name)), None)
        derived = rows[i].derived if i in rows else None  # a template printing 得分 only
        if word is None or (ind.weight is None and derived is None):
            continue
        points = ind.weight.text if ind.weight is not None else str(rows[i].weight)
        own = str(_plain(rb.execution.points.value))
        derived = "" if ind.weight is not None else ", derived"
        ctx.add(
            "EXECUTION_SCORED_TWICE",
            Severity.WARNING,
            ("indicators", i, "name"),
            f"{ind.name} scores budget execution as an indicator ({points} points{derived}), and "
            f"{rb.id} already gives execution its own {own} points: the same spending is scored "
            "twice",
            stated=points if ind.weight is not None else None,
            rule=ctx.cite(param.source),
            params={"name": ind.name, "points": points, "own": own, "derived": derived},
        )


def _coefficients(ctx: CheckContext) -> None:
    """得分 = 权重 × 得分系数, where the form prints all three."""
    step, mode = ctx.sheet.policy.score_step, ctx.sheet.policy.score_mode
    for i, ind in enumerate(ctx.sheet.form.indicators):
        if ind.coefficient is None or ind.reported_score is None or ind.weight is None:
            continue
        coefficient = ind.coefficient.magnitude()
        if coefficient is None:
            continue
        exact = exact_product(val(ind.weight), coefficient)
        implied = round_to_step(exact, step, mode)
        stated = val(ind.reported_score)
        if stated == implied:
            continue
        path: FieldPath = ("indicators", i, "reported_score")
        ctx.add(
            "COEFFICIENT_MISMATCH",
            Severity.ERROR,
            path,
            f"{ind.name}: 得分 {ind.reported_score.text} is not 权重 {ind.weight.text} × 得分系数 "
            f"{ind.coefficient.text} = {implied}",
            stated=ind.reported_score.text,
            computed=str(implied),
            diagnosis="unexplained",
        )


def _core_flags(ctx: CheckContext) -> None:
    rb = ctx.sheet.rulebook
    param = rb.indicators.core
    if param is None or not param.value.required:
        return
    unsaid = [i for i, ind in enumerate(ctx.sheet.form.indicators) if ind.core is None]
    if not unsaid:
        return
    names = "、".join(ctx.sheet.form.indicators[i].name for i in unsaid)
    ctx.add(
        "CORE_FLAG_MISSING",
        Severity.INFO,
        ("indicators", unsaid[0], "core"),
        f"{rb.id}'s template marks each row 核心指标 or not; {names} do not say (`core:`)",
        rule=ctx.cite(param.source),
        params={"names": names},
    )


def _level3_weights(ctx: CheckContext) -> None:
    """Rows under a printed level-2 heading weigh its points ÷ their number, rounded."""
    rb, form = ctx.sheet.rulebook, ctx.sheet.form
    param = rb.indicators.level3_weight
    if param is None:
        return
    for k, block in enumerate(form.reported.blocks):
        rows = [i for i, ind in enumerate(form.indicators) if ind.block == block.label]
        points = block.points.value
        if not rows or points is None:
            continue
        each = param.value.derive(Decimal(points), len(rows))
        wrong = [i for i in rows if form.indicators[i].printed_weight not in (None, each)]
        if not wrong:
            continue
        printed = "、".join(f"{form.indicators[i].name} {form.indicators[i].weight_shown}"
                            for i in wrong)  # fmt: skip
        ctx.add(
            "LEVEL3_WEIGHT_MISMATCH",
            Severity.WARNING,
            ("reported", "blocks", k, "points"),
            f"{block.label}（{block.points.text}分）over {len(rows)} rows gives each "
            f"{block.points.text} ÷ {len(rows)} = {_plain(each)} (rounded to {param.value.step}); "
            f"printed: {printed}",
            stated=block.points.text,
            computed=str(each),
            rule=ctx.cite(param.source),
        )
