"""Checks of the funds block as printed, and of what statements say about it.

All amounts are compared in 万元 (converted exactly from 元 and 亿元). A blank amount skips the
checks that need it, with an info finding naming them. Findings that rest on an assumed A
(another budget column, or the 其中 rows summed) are warnings.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.engine.funds import BASIS_NAMES
from scoring.engine.score import execution_score
from scoring.findings import Severity
from scoring.form.funds import AmountField, FundsRow
from scoring.form.printed import to_wan
from scoring.form.statement import Statement
from scoring.io.located import FieldPath
from scoring.rounding import as_fraction, pct, round_to_step
from scoring.values import Printed, parse_printed
from scoring.verify.context import CheckContext, ratio_agrees, val

__all__ = ["check_funds_block", "check_statement_funds"]

_COLUMNS: tuple[AmountField, ...] = ("year_start", "budget", "executed")
_BASIS_WORDS = {
    "adjusted": "the adjusted budget (调整后预算)",
    "year_start": "the year-start budget (年初预算)",
}


def check_funds_block(ctx: CheckContext) -> None:
    """The block against itself: B above A, the two budgets, 其中 rows, assumptions on A."""
    sheet = ctx.sheet
    funds, ab = sheet.form.funds, sheet.funds_ab
    for note in ab.assumed:
        ctx.add("FUNDS_ASSUMED", Severity.WARNING, ("funds",), f"预算数 A: {note}",
                params={"note": note})  # fmt: skip
    if "execution" in sheet.unknown:
        missing = [n for n, v in (("预算数 A", ab.a), ("执行数 B", ab.b)) if v is None]
        ctx.skip(("funds",), "the execution rate and score (执行率, 预算执行得分)",
                 f"the form prints no {' or '.join(missing)}")  # fmt: skip
    if ab.a is not None and ab.b is not None and val(ab.b) > val(ab.a):
        ctx.add("EXECUTED_ABOVE_BUDGET", Severity.WARNING, ("funds", "executed"),
                f"执行数 B {ab.b.text} is above 预算数 A {ab.a.text}: spending beyond the budget "
                "should be explained; the rate is capped by the rulebook's formula",
                stated=ab.b.text, computed=ab.a.text)  # fmt: skip
    start, adjusted = funds.wan("year_start"), funds.wan("budget")
    if start is not None and adjusted is not None and start != adjusted:
        basis = sheet.rulebook.execution.basis
        used: AmountField = "budget" if basis.value == "adjusted" else "year_start"
        ctx.add("BUDGET_BASIS_USED", Severity.INFO, ("funds", used),
                f"年初预算数 {funds.shown('year_start')} and 全年预算数 {funds.shown('budget')} "
                f"differ by {adjusted - start:+f} 万元; {sheet.rulebook.id} rates execution on "
                f"{BASIS_NAMES[used]}", rule=ctx.cite(basis.source),
                params={"start": funds.shown("year_start"), "adjusted": funds.shown("budget"),
                        "diff": f"{adjusted - start:+f}", "rulebook": sheet.rulebook.id,
                        "used": used})  # fmt: skip
    for group, rows in funds.groups().items():
        for name in _COLUMNS:
            _check_group(ctx, group, rows, name)
    for k, row in enumerate(funds.rows):
        _check_row(ctx, k, row)


def _check_group(
    ctx: CheckContext, group: str, rows: tuple[FundsRow, ...], name: AmountField
) -> None:
    funds = ctx.sheet.form.funds
    total = funds.wan(name)
    values = [(r, funds.wan(name, r)) for r in rows]
    printed = [(r, v) for r, v in values if v is not None]
    if total is None or not printed:
        return
    summed = sum((v for _, v in printed), Decimal(0))
    label = BASIS_NAMES[name]
    terms = " + ".join(f"{r.name} {funds.shown(name, r)}" for r, _ in printed)
    terms += f" = {summed:f} 万元" if len(printed) > 1 or funds.unit != "万元" else " 万元"
    where: FieldPath = ("funds", name)
    if summed > total:
        ctx.add("FUNDS_ROWS_EXCEED_TOTAL", Severity.ERROR, where,
                f"the 其中 rows of {label} ({terms}) exceed the total row "
                f"{funds.shown(name)} ({total:f} 万元): a part cannot exceed its whole",
                stated=f"{total:f}", computed=f"{summed:f}", diagnosis="unexplained",
                params={"column": name, "terms": terms})  # fmt: skip
    elif summed < total and len(printed) == len(values) and len(rows) > 1:
        ctx.add("FUNDS_ROWS_SHORT_OF_TOTAL", Severity.WARNING, where,
                f"the 其中 rows of {label} ({terms}) fall short of the total "
                f"row ({total:f} 万元) by {total - summed:f} 万元: a source or use may be missing "
                "from the rows", stated=f"{total:f}", computed=f"{summed:f}",
                params={"column": name, "terms": terms, "short": f"{total - summed:f}"})  # fmt: skip


def _check_row(ctx: CheckContext, k: int, row: FundsRow) -> None:
    """A 其中 row's own printed rate and score against its own amounts."""
    funds, rb, sheet = ctx.sheet.form.funds, ctx.sheet.rulebook, ctx.sheet
    basis: AmountField = "budget" if rb.execution.basis.value == "adjusted" else "year_start"
    a, b = funds.wan(basis, row), funds.wan("executed", row)
    path: FieldPath = ("funds", "rows", k)
    if a is None or b is None:
        if row.rate is not None or row.score is not None:
            ctx.skip(path, f"the rate and score of {row.name}",
                     f"the row prints no {'预算数' if a is None else '执行数'}")  # fmt: skip
        return
    pa = parse_printed(f"{a:f}")
    pb = parse_printed(f"{b:f}")
    rate, _ = execution_score(pa, pb, rb, sheet.policy)
    if row.rate is not None and not ratio_agrees(row.rate, rate.exact):
        ctx.add("FUNDS_ROW_RATE_MISMATCH", Severity.ERROR, (*path, "rate"),
                f"{row.name}: the rate {row.rate.text} is not 执行数 {b:f} ÷ 预算数 {a:f} = "
                f"{pct(rate.exact, 4)}", stated=row.rate.text, computed=pct(rate.exact, 4),
                diagnosis="unexplained",
                params={"name": row.name, "executed": f"{b:f}", "budget": f"{a:f}"})  # fmt: skip
    if row.score is None:
        return
    points = val(row.points) if row.points is not None else rb.execution.points.value
    policy = sheet.policy
    used = as_fraction(rate.value) if policy.rate_step is not None else rate.exact
    formula = rb.formula(rb.execution.formula.value)
    exact, _ = formula.evaluate({"points": as_fraction(points), "rate": used})
    value = round_to_step(exact, policy.score_step, policy.score_mode)
    if val(row.score) != value:
        ctx.add("FUNDS_ROW_SCORE_MISMATCH", Severity.ERROR, (*path, "score"),
                f"{row.name}: the score {row.score.text} is not {points} points at the rate "
                f"{pct(rate.exact, 4)}: {value} ({formula.display()})", stated=row.score.text,
                computed=str(value), diagnosis="unexplained",
                params={"name": row.name, "points": str(points), "rate": pct(rate.exact, 4),
                        "formula": formula.display()})  # fmt: skip


def check_statement_funds(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """A statement's 预算数 and 执行数 against the form's, in 万元."""
    funds = ctx.sheet.form.funds
    basis = ctx.sheet.rulebook.execution.basis
    if st.budget_basis is not None and st.budget_basis != basis.value:
        _check_basis(ctx, path, st, section)
        st = st.model_copy(update={"budget": None})
    step = ctx.sheet.rulebook.execution.amount_step.value
    pairs: tuple[tuple[AmountField, Printed | None], ...] = (
        ("budget", st.budget),
        ("executed", st.executed),
    )
    for name, stated in pairs:
        if stated is None:
            continue
        ours = funds.wan(name)
        if ours is None:
            ctx.skip((*path, name), f"{section}'s {name} {stated.text}",
                     f"the form's funds block prints no {BASIS_NAMES[name]}")  # fmt: skip
            continue
        theirs = to_wan(stated)  # a statement's bare amount is in 万元, as the text prints it
        if theirs == ours:
            continue
        diff = abs(theirs - ours)
        tail = diff <= step
        ctx.add(
            "FUNDS_MISMATCH",
            Severity.INFO if tail else Severity.ERROR,
            (*path, name),
            f"{section} states {name} {_wan_text(stated.text, theirs)}, the form "
            f"{_wan_text(funds.shown(name), ours)}"
            + (f": a tail difference of {diff}" if tail else ""),
            section=section,
            stated=stated.text,
            computed=funds.shown(name),
            diagnosis="tail" if tail else "unexplained",
            params={"field": name, **({"variant": "tail", "diff": str(diff)} if tail else {})},
        )


def _wan_text(text: str, wan: Decimal) -> str:
    return f"{text} 万元" if parse_printed(text).unit is None else f"{text} ({wan:f} 万元)"


def _check_basis(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """A statement that names a different budget basis than the rulebook's A."""
    form, basis = ctx.sheet.form, ctx.sheet.rulebook.execution.basis
    a_printed = ctx.sheet.funds_ab.a
    if a_printed is None:
        if st.budget is not None:
            ctx.skip((*path, "budget"), f"{section}'s budget against the form's A",
                     "the form prints no 预算数 A")  # fmt: skip
        return
    a = val(a_printed)
    stated = to_wan(st.budget) if st.budget is not None else None
    said = _BASIS_WORDS[st.budget_basis or "adjusted"]
    if st.budget is None or stated != a:
        if st.budget is not None and stated is not None:
            ctx.add(
                "BUDGET_BASIS_OTHER",
                Severity.INFO,
                (*path, "budget"),
                f"{section} gives {said} as {st.budget.text}; the form's A {a_printed.text} is "
                f"{_BASIS_WORDS[basis.value]}, {a - stated:+} 万元 from it",
                section=section,
                stated=st.budget.text,
                computed=a_printed.text,
                rule=ctx.cite(basis.source),
                params={
                    "stated_basis": st.budget_basis or "adjusted",
                    "basis": basis.value,
                    "extra": f"{a - stated:+}",
                },
            )
        return
    others = [
        o
        for o in form.narrative
        if o.budget_basis == st.budget_basis and o.budget is not None and to_wan(o.budget) != a
    ]
    also = (
        f"; {others[0].section} gives {said} as {others[0].budget.text}, so {a_printed.text} is "
        "not it"
        if others and others[0].budget is not None
        else ""
    )
    ctx.add(
        "BUDGET_BASIS_MISMATCH",
        Severity.WARNING,
        (*path, "budget_basis"),
        f"{section} calls A {a_printed.text} {said}; {ctx.sheet.rulebook.id} defines A as "
        f"{_BASIS_WORDS[basis.value]}{also}",
        section=section,
        stated=st.budget_basis,
        computed=basis.value,
        diagnosis="label",
        rule=ctx.cite(basis.source),
        params=_basis_params(ctx, st, a_printed.text, others),
    )


def _basis_params(
    ctx: CheckContext, st: Statement, amount: str, others: list[Statement]
) -> dict[str, str]:
    """The values of a BUDGET_BASIS_MISMATCH sentence (``other``: a statement gives the basis)."""
    params = {
        "amount": amount,
        "stated_basis": st.budget_basis or "adjusted",
        "basis": ctx.sheet.rulebook.execution.basis.value,
        "rulebook": ctx.sheet.rulebook.id,
    }
    if others and others[0].budget is not None:
        params |= {"variant": "other", "other_section": others[0].section or "",
                   "other_amount": others[0].budget.text}  # fmt: skip
    return params
