"""verify(form, sheet) -> findings: every stated number against the computed one, and the form
against itself (total vs its rows, scores vs weights and bands, headings vs weights)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from scoring.engine.sheet import ScoreSheet
from scoring.findings import Finding, Severity
from scoring.form.model import Statement
from scoring.io.located import FieldPath, Located
from scoring.rounding import as_fraction, pct
from scoring.verify.context import CheckContext, ratio_agrees, val
from scoring.verify.diagnose import diagnose_execution_score
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
    check_variants(ctx)  # level-1 structure, not applicable, domains, over-achievement
    statements = [(("reported",), sheet.form.reported)] + [
        (("narrative", i), st) for i, st in enumerate(sheet.form.narrative)
    ]
    for path, st in statements:
        section = st.section or sheet.form.source.section
        for check in _STATEMENT_CHECKS:
            check(ctx, path, st, section)
    return sorted(ctx.out, key=lambda f: f.line or 0)


def _check_structure(ctx: CheckContext) -> None:
    rb, form = ctx.sheet.rulebook, ctx.sheet.form
    weights = sum((val(i.weight) for i in form.indicators), Decimal(0))
    points = rb.indicators.points.value
    if weights != points:
        ctx.add(
            "WEIGHTS_VS_RULEBOOK",
            Severity.ERROR,
            ("indicators",),
            f"the indicator weights add up to {weights}, but {rb.id} gives the indicators "
            f"{points} points",
            stated=str(weights),
            computed=str(points),
            rule=ctx.cite(rb.indicators.points.source),
            params={"rulebook": rb.id},
        )
    missing = [i for i, ind in enumerate(form.indicators) if ind.weight_at is None]
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


def _check_rows(ctx: CheckContext) -> None:
    for r in ctx.sheet.indicators:
        path: FieldPath = ("indicators", r.index)
        ind = r.indicator
        for problem in r.problems:
            ctx.add(
                problem.code,
                problem.severity,
                (*path, problem.field),
                f"{ind.name}: {problem.text}",
                computed=str(r.score),
                rule=r.trace.clause or None,
                params={"name": ind.name, **problem.params},
            )
        if ind.reported_score is None:
            continue
        stated = val(ind.reported_score)
        if stated > r.weight:
            ctx.add(
                "SCORE_ABOVE_WEIGHT",
                Severity.ERROR,
                (*path, "reported_score"),
                f"{ind.name}: the printed score {stated} exceeds the weight {r.weight} "
                "(得分不得突破权重总额)",
                stated=str(stated),
                computed=str(r.score),
                rule=r.trace.clause or None,  # the clause that caps the score at the weight
                params={"name": ind.name, "weight": str(r.weight)},
            )
        elif stated != r.form_score and r.kind == "quantitative":  # printed on the form's weight
            ctx.add(
                "INDICATOR_SCORE_MISMATCH",
                Severity.ERROR,
                (*path, "reported_score"),
                f"{ind.name}: printed {stated}, computed {r.form_score} ({r.form_trace.branch}: "
                f"{r.form_trace.formula})",
                stated=str(stated),
                computed=str(r.form_score),
                diagnosis="unexplained",
                rule=r.form_trace.clause,
                params={
                    "name": ind.name,
                    "branch": r.form_trace.branch,
                    "formula": r.form_trace.formula,
                },
            )


def _check_funds(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    funds = ctx.sheet.form.funds
    basis = ctx.sheet.rulebook.execution.basis
    if st.budget_basis is not None and st.budget_basis != basis.value:
        _check_basis(ctx, path, st, section)
        st = st.model_copy(update={"budget": None})
    step = ctx.sheet.rulebook.execution.amount_step.value
    for name, stated, actual in (
        ("budget", st.budget, funds.budget),
        ("executed", st.executed, funds.executed),
    ):
        if stated is None or val(stated) == val(actual):
            continue
        diff = abs(val(stated) - val(actual))
        tail = diff <= step
        ctx.add(
            "FUNDS_MISMATCH",
            Severity.INFO if tail else Severity.ERROR,
            (*path, name),
            f"{section} states {name} {stated.text} 万元, the form {actual.text} 万元"
            + (f": a tail difference of {diff}" if tail else ""),
            section=section,
            stated=stated.text,
            computed=actual.text,
            diagnosis="tail" if tail else "unexplained",
            params={"field": name, **({"variant": "tail", "diff": str(diff)} if tail else {})},
        )


_BASIS_WORDS = {
    "adjusted": "the adjusted budget (调整后预算)",
    "year_start": "the year-start budget (年初预算)",
}


def _check_basis(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """A statement that names a different budget basis than the rulebook's A."""
    form, basis = ctx.sheet.form, ctx.sheet.rulebook.execution.basis
    a = form.funds.budget
    if st.budget is None or val(st.budget) != val(a):
        if st.budget is not None:
            _other_basis(ctx, path, st, section)
        return
    others = [
        o
        for o in form.narrative
        if o.budget_basis == st.budget_basis and o.budget is not None and val(o.budget) != val(a)
    ]
    also = (
        f"; {others[0].section} gives {_BASIS_WORDS[st.budget_basis or 'adjusted']} as "
        f"{others[0].budget.text if others[0].budget else ''}, so {a.text} is not it"
        if others
        else ""
    )
    ctx.add(
        "BUDGET_BASIS_MISMATCH",
        Severity.WARNING,
        (*path, "budget_basis"),
        f"{section} calls A {a.text} {_BASIS_WORDS[st.budget_basis or 'adjusted']}; "
        f"{ctx.sheet.rulebook.id} defines A as {_BASIS_WORDS[basis.value]}{also}",
        section=section,
        stated=st.budget_basis,
        computed=basis.value,
        diagnosis="label",
        rule=ctx.cite(basis.source),
        params=_basis_params(ctx, st, others),
    )


def _basis_params(ctx: CheckContext, st: Statement, others: list[Statement]) -> dict[str, str]:
    """The values of a BUDGET_BASIS_MISMATCH sentence (``other``: a statement gives the basis)."""
    params = {
        "amount": ctx.sheet.form.funds.budget.text,
        "stated_basis": st.budget_basis or "adjusted",
        "basis": ctx.sheet.rulebook.execution.basis.value,
        "rulebook": ctx.sheet.rulebook.id,
    }
    if others:
        other = others[0]
        params |= {"variant": "other", "other_section": other.section or "",
                   "other_amount": other.budget.text if other.budget else ""}  # fmt: skip
    return params


def _other_basis(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """A statement giving the budget on another basis than the form's A, and how far apart."""
    a, basis = ctx.sheet.form.funds.budget, ctx.sheet.rulebook.execution.basis
    assert st.budget is not None
    extra = val(a) - val(st.budget)
    ctx.add(
        "BUDGET_BASIS_OTHER",
        Severity.INFO,
        (*path, "budget"),
        f"{section} gives {_BASIS_WORDS[st.budget_basis or 'adjusted']} as "
        f"{st.budget.text}; the form's A {a.text} is {_BASIS_WORDS[basis.value]}, "
        f"{extra:+} 万元 from it",
        section=section,
        stated=st.budget.text,
        computed=a.text,
        rule=ctx.cite(basis.source),
        params={
            "stated_basis": st.budget_basis or "adjusted",
            "basis": basis.value,
            "extra": f"{extra:+}",
        },
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
    if st.execution_rate is not None and not ratio_agrees(
        st.execution_rate, sheet.execution_rate.exact
    ):
        ctx.add(
            "EXEC_RATE_MISMATCH",
            Severity.ERROR,
            (*path, "execution_rate"),
            f"the rate {st.execution_rate.text} is not B ÷ A = {pct(sheet.execution_rate.exact, 4)}",
            section=section,
            stated=st.execution_rate.text,
            computed=pct(sheet.execution_rate.exact, 4),
            diagnosis="unexplained",
            rule=ctx.cite(rb.execution.basis.source),
        )
    _check_execution_score(ctx, path, st, section)
    _check_score_rate(ctx, path, st, section)


def _check_execution_score(
    ctx: CheckContext, path: FieldPath, st: Statement, section: str
) -> None:
    """A printed execution score against the computed one, with the rounding that explains it."""
    sheet = ctx.sheet
    if st.execution_score is not None and val(st.execution_score) != sheet.execution.value:
        stated = val(st.execution_score)
        rates = [
            r for r in (st.execution_rate, sheet.form.reported.execution_rate) if r is not None
        ]
        why = diagnose_execution_score(stated, sheet, rates)
        ctx.add(
            "EXEC_SCORE_MISMATCH",
            why.severity if why else Severity.ERROR,
            (*path, "execution_score"),
            why.text
            if why
            else f"{stated} is not explained by any known rounding; "
            f"the score is {sheet.execution.value} ({sheet.execution.exact_text})",
            section=section,
            stated=str(stated),
            computed=str(sheet.execution.value),
            diagnosis=why.kind if why else "unexplained",
            rule=sheet.execution.clause,
            params=why.params if why else {"exact": sheet.execution.exact_text},
        )


def _check_score_rate(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    sheet = ctx.sheet
    stated = st.execution_score_rate
    points = as_fraction(sheet.rulebook.execution.points.value)
    if stated is None or ratio_agrees(stated, sheet.execution.exact / points):
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


def _block_weight(ctx: CheckContext, label: str) -> Decimal:
    inds = ctx.sheet.form.indicators
    chosen = [i for i in inds if i.block == label] or (
        list(inds) if all(i.block is None for i in inds) else []
    )
    return sum((val(i.weight) for i in chosen), Decimal(0))


def _check_blocks(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    for k, block in enumerate(st.blocks):
        where = (*path, "blocks", k, "points")
        weight = _block_weight(ctx, block.label)
        if block.points.value is None:
            ctx.add(
                "BLOCK_POINTS_PLACEHOLDER",
                Severity.WARNING,
                where,
                f"the heading {block.label}（{block.points.text}分）was never filled in; its "
                f"indicators weigh {weight}",
                section=section,
                stated=block.points.text,
                computed=str(weight),
                diagnosis="placeholder",
                params={"label": block.label},
            )
        elif block.points.value != weight:
            ctx.add(
                "BLOCK_POINTS_MISMATCH",
                Severity.ERROR,
                where,
                f"the heading {block.label}（{block.points.text}分）does not match the weights "
                f"of its indicators, which add up to {weight}",
                section=section,
                stated=block.points.text,
                computed=str(weight),
                diagnosis="unexplained",
                params={"label": block.label},
            )


_StatementCheck = Callable[[CheckContext, FieldPath, Statement, str], None]


_STATEMENT_CHECKS: Sequence[_StatementCheck] = (
    _check_funds,
    _check_execution,
    _check_blocks,
    check_statement_totals,
)
