"""verify(form, sheet) -> findings: every stated number against the computed one, and the form
against itself (total vs its rows, scores vs weights and bands, headings vs weights)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from scoring.engine.rows import COMPARATOR_NOTE
from scoring.engine.sheet import IndicatorResult, ScoreSheet
from scoring.findings import Finding, Severity
from scoring.form.model import Indicator
from scoring.form.shape import counted_rows
from scoring.form.statement import Statement
from scoring.io.located import FieldPath, Located
from scoring.rounding import as_fraction, pct
from scoring.values import Printed
from scoring.verify.context import CheckContext, because, ratio_agrees, resting, val
from scoring.verify.diagnose import diagnose_execution_score, diagnose_indicator_score
from scoring.verify.exec_printed import check_score_against_printed_rate
from scoring.verify.funds import check_funds_block, check_statement_funds
from scoring.verify.points_total import check_points_total
from scoring.verify.shapes import check_blocks, check_shapes
from scoring.verify.template import check_template_rules
from scoring.verify.totals import check_statement_totals
from scoring.verify.variants import check_variants

__all__ = ["verify"]


def verify(
    sheet: ScoreSheet, *, source: Located | None = None, file: str | None = None
) -> list[Finding]:
    """Every finding on the scored form, in the order a reader meets them."""
    ctx = CheckContext(sheet, source, file)
    _check_structure(ctx)
    _check_rows(ctx)
    check_funds_block(ctx)
    check_shapes(ctx)  # parent rows, 其中 rows, merged score cells
    check_variants(ctx)  # level-1 structure, not applicable, domains, over-achievement
    check_template_rules(ctx)  # execution twice, 权重 × 得分系数, 核心指标, level-3 weights
    statements = [(("reported",), sheet.form.reported)] + [
        (("narrative", i), st) for i, st in enumerate(sheet.form.narrative)
    ]
    for path, st in statements:
        section = st.section or sheet.form.source.section
        for check in _STATEMENT_CHECKS:
            check(ctx, path, st, section)
    return sorted(ctx.out, key=lambda f: f.line or 0)


def _check_structure(ctx: CheckContext) -> None:
    form = ctx.sheet.form
    counted = counted_rows(form.indicators)
    if form.partial:
        what = f" ({form.present})" if form.present else ""
        ctx.skip(("completeness",), "the weights against the rulebook's points, the level-1 "
                 "structure, totals, subtotals, the indicator count and heading points",
                 f"the form is an excerpt{what}: rows not transcribed")  # fmt: skip
    else:
        _check_weight_sum(ctx, counted)
    missing = [i for i in counted if form.indicators[i].weight_at is None]
    missing = [i for i in missing if form.indicators[i].weight is not None]
    if missing:
        names = "、".join(form.indicators[i].name for i in missing)
        ctx.add(
            "WEIGHT_NOT_PRINTED",
            Severity.INFO,
            ("indicators", missing[0], "weight"),
            f"the document prints no weight for {names}; the weight was taken as transcribed, "
            "so a score below it cannot be checked against the document",
            params={"names": names},
        )


def _check_weight_sum(ctx: CheckContext, counted: list[int]) -> None:
    rb, form = ctx.sheet.rulebook, ctx.sheet.form
    scored = ctx.sheet.rows_form.indicators
    blank = [form.indicators[i].name for i in counted if form.indicators[i].weight is None]
    unknown = [scored[i].name for i in counted if scored[i].weight is None]
    if unknown:
        ctx.skip(("indicators",), f"the weights against the {rb.id} indicator points",
                 f"no weight is printed or derived for {'、'.join(unknown)}")  # fmt: skip
        return
    weights = sum((scored[i].printed_weight or Decimal(0) for i in counted), Decimal(0))
    points = rb.indicators.points.value
    assumed = [f"the weights of {'、'.join(blank)} are derived"] if blank else []
    if weights != points:
        ctx.add(
            "WEIGHTS_VS_RULEBOOK",
            resting(Severity.ERROR, assumed),
            ("indicators",),
            f"the indicator weights add up to {weights}, but {rb.id} gives the indicators "
            f"{points} points{because(assumed)}",
            stated=str(weights),
            computed=str(points),
            rule=ctx.cite(rb.indicators.points.source),
            params={"rulebook": rb.id},
        )


def _check_rows(ctx: CheckContext) -> None:
    for r in ctx.sheet.indicators:
        path: FieldPath = ("indicators", r.index)
        if r.role == "breakdown":
            continue
        if not r.known:
            _row_not_scored(ctx, r, path)
            continue
        assumed = ([f"the weight {r.weight} is derived from {r.derived}"] if r.derived else []) + [
            *r.assumed, *(f.message.split(": ", 1)[-1].split(" (")[0] for f in r.flags
                          if f.code == "DIRECTION_INFERRED")
        ]  # fmt: skip
        _row_notes(ctx, r, path)
        for problem in r.problems:
            ctx.add(
                problem.code,
                resting(problem.severity, assumed),
                (*path, problem.field),
                f"{r.indicator.name}: {problem.text}{because(assumed)}",
                stated=_stated(r.indicator, problem.field),
                computed=str(r.score),
                rule=problem.rule or r.trace.clause or None,
                params={"name": r.indicator.name, **problem.params},
            )
        if r.role == "row":
            _check_row_score(ctx, r, path, assumed)


def _row_not_scored(ctx: CheckContext, r: IndicatorResult, path: FieldPath) -> None:
    printed = r.indicator.reported_score
    what = f"the printed score {printed.text} of {r.indicator.name}" if printed else (
        f"the score of {r.indicator.name}")  # fmt: skip
    ctx.skip((*path, "reported_score") if printed else path, what,
             r.trace.branch.removeprefix("not scored: ").split(";")[0])  # fmt: skip


def _row_notes(ctx: CheckContext, r: IndicatorResult, path: FieldPath) -> None:
    if r.derived and r.role == "row":
        ctx.add("WEIGHT_DERIVED", Severity.INFO, (*path, "weight"),
                f"{r.indicator.name}: the form prints no weight; scored on {r.weight}, "
                f"derived from {r.derived}", computed=str(r.weight),
                params={"name": r.indicator.name, "derived": str(r.derived)})  # fmt: skip
    for note in r.assumed:
        if note == COMPARATOR_NOTE:
            ctx.add("COMPARATOR_ASSUMED", Severity.INFO, (*path, "nature"),
                    f"{r.indicator.name}: {note}", params={"name": r.indicator.name})  # fmt: skip
        else:
            ctx.add("UNIT_ASSUMED", Severity.INFO, (*path, "actual"), f"{r.indicator.name}: {note}",
                    params={"name": r.indicator.name, "note": note})  # fmt: skip


def _check_row_score(
    ctx: CheckContext, r: IndicatorResult, path: FieldPath, assumed: list[str]
) -> None:
    ind = r.indicator
    if ind.reported_score is None:
        return
    stated = val(ind.reported_score)
    if stated > r.weight:
        ctx.add(
            "SCORE_ABOVE_WEIGHT",
            resting(Severity.ERROR, assumed),
            (*path, "reported_score"),
            f"{ind.name}: the printed score {stated} exceeds the weight {r.weight} "
            f"(得分不得突破权重总额){because(assumed)}",
            stated=str(stated),
            computed=str(r.score),
            rule=r.trace.clause or None,  # the clause that caps the score at the weight
            params={"name": ind.name, "weight": str(r.weight)},
        )
    elif stated != r.form_score and r.kind == "quantitative":  # printed on the form's weight
        why = diagnose_indicator_score(stated, r.form_trace.exact, ctx.sheet)
        ctx.add(
            "INDICATOR_SCORE_MISMATCH",
            why.severity if why else resting(Severity.ERROR, assumed),
            (*path, "reported_score"),
            f"{ind.name}: printed {stated}, computed {r.form_score} ({r.form_trace.branch}: "
            f"{r.form_trace.formula})" + (f": {why.text}" if why else "") + because(assumed),
            stated=str(stated),
            computed=str(r.form_score),
            diagnosis=why.kind if why else "unexplained",
            rule=r.form_trace.clause,
            params={"name": ind.name, "branch": r.form_trace.branch, "formula": r.form_trace.formula},
        )


def _stated(ind: Indicator, field: str) -> str | None:
    """The printed text a row's problem is about, when it is a printed cell."""
    value = {"reported_score": ind.reported_score, "actual": ind.actual.text,
             "target": ind.target.text}.get(field)  # fmt: skip
    return value if isinstance(value, str) or value is None else value.text


def _is_full(rate: Printed | None) -> bool:
    """A printed rate of 100 %: B above A, the rate shown capped (EXECUTED_ABOVE_BUDGET says so)."""
    return rate is not None and rate.percent and rate.magnitude() == 1


_EXECUTION_WORDS = (
    ("execution_rate", "执行率"),
    ("execution_score", "预算执行得分"),
    ("execution_score_rate", "得分率"),
)


def _check_execution(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet, rb = ctx.sheet, ctx.sheet.rulebook
    if st.execution_points is not None and val(st.execution_points) != rb.execution.points.value:
        ctx.add(
            "EXEC_POINTS_MISMATCH",
            Severity.ERROR,
            (*path, "execution_points"),
            f"the heading gives budget execution {st.execution_points.text} points; "
            f"{rb.id} gives {rb.execution.points.value}",
            section=section,
            stated=st.execution_points.text,
            computed=str(rb.execution.points.value),
            rule=ctx.cite(rb.execution.points.source),
            params={"rulebook": rb.id},
        )
    if "execution" in sheet.unknown:
        checked = check_score_against_printed_rate(ctx, path, st, section)
        named = [(n, word) for n, word in _EXECUTION_WORDS if getattr(st, n) is not None
                 and not (checked and n == "execution_score")]  # fmt: skip
        if named:
            shown = "、".join(f"{word} {getattr(st, n).text}" for n, word in named)
            ctx.skip((*path, named[0][0]), f"the printed {shown}",
                     "A or B is not printed, so execution is not computed", section)  # fmt: skip
        return
    assumed = _execution_assumed(sheet)
    _check_rate(ctx, path, st, section)
    if st.execution_score is not None and val(st.execution_score) != sheet.execution.value:
        stated = val(st.execution_score)
        rates = [
            r for r in (st.execution_rate, sheet.form.reported.execution_rate) if r is not None
        ]
        why = diagnose_execution_score(stated, sheet, rates)
        ctx.add(
            "EXEC_SCORE_MISMATCH",
            resting(why.severity if why else Severity.ERROR, assumed),
            (*path, "execution_score"),
            (why.text if why else f"{stated} is not explained by any known rounding; "
             f"the score is {sheet.execution.value} ({sheet.execution.exact_text})")
            + because(assumed),
            section=section,
            stated=str(stated),
            computed=str(sheet.execution.value),
            diagnosis=why.kind if why else "unexplained",
            rule=sheet.execution.clause,
            params=dict(why.params) if why else {"exact": sheet.execution.exact_text},
        )
    _check_score_rate(ctx, path, st, section)


def _check_rate(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """A stated 执行率 against B ÷ A (a printed 100 % is the capped rate when B is above A)."""
    sheet, rb = ctx.sheet, ctx.sheet.rulebook
    assumed = _execution_assumed(sheet)
    capped = sheet.execution_rate.exact > 1 and _is_full(st.execution_rate)
    if (
        st.execution_rate is not None
        and not capped
        and not ratio_agrees(st.execution_rate, sheet.execution_rate.exact)
    ):
        ctx.add(
            "EXEC_RATE_MISMATCH",
            resting(Severity.ERROR, assumed),
            (*path, "execution_rate"),
            f"the rate {st.execution_rate.text} is not B ÷ A = {pct(sheet.execution_rate.exact, 4)}"
            + because(assumed),
            section=section,
            stated=st.execution_rate.text,
            computed=pct(sheet.execution_rate.exact, 4),
            diagnosis="unexplained",
            rule=ctx.cite(rb.execution.basis.source),
        )


def _execution_assumed(sheet: ScoreSheet) -> tuple[str, ...]:
    """What the execution rate rests on besides the form's numbers: an assumed A, and for an A
    printed as 0 (B ÷ A has no value) the rulebook's rate for a zero budget."""
    a = sheet.funds_ab.a
    if a is None or val(a) != 0:
        return sheet.funds_ab.assumed
    zero = sheet.rulebook.execution.zero_budget_rate.value
    return (*sheet.funds_ab.assumed, f"预算数 A is 0, so B ÷ A has no value; the rate {zero} is "
            f"{sheet.rulebook.id}'s rule for a zero budget, not a number of the form")  # fmt: skip


def _check_score_rate(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet = ctx.sheet
    stated = st.execution_score_rate
    points = as_fraction(sheet.rulebook.execution.points.value)
    if stated is None or points == 0 or ratio_agrees(stated, sheet.execution.exact / points):
        return
    printed_score = st.execution_score or sheet.form.reported.execution_score
    exact_text = pct(sheet.execution.exact / points, stated.decimals)
    if printed_score is not None and ratio_agrees(stated, as_fraction(val(printed_score)) / points):
        ctx.add(
            "SCORE_RATE_MISMATCH",
            Severity.WARNING,
            (*path, "execution_score_rate"),
            f"得分率 {stated.text} = {printed_score.text} ÷ {points}: computed from the rounded "
            f"score; the exact 得分率 is {exact_text}",
            section=section,
            stated=stated.text,
            computed=exact_text,
            diagnosis="rounding-policy",
            params={"variant": "rounded", "printed": printed_score.text, "points": str(points)},
        )
        return
    ctx.add(
        "SCORE_RATE_MISMATCH",
        Severity.ERROR,
        (*path, "execution_score_rate"),
        f"得分率 {stated.text} is not the execution score over its {points} points ({exact_text})",
        section=section,
        stated=stated.text,
        computed=exact_text,
        diagnosis="unexplained",
        params={"points": str(points)},
    )


_StatementCheck = Callable[[CheckContext, FieldPath, Statement, str], None]


_STATEMENT_CHECKS: Sequence[_StatementCheck] = (
    check_statement_funds,
    _check_execution,
    check_blocks,
    check_points_total,
    check_statement_totals,
)
