"""A roll-up checked against what the financial tables and statements say about the same spending.

A reference file (``reference.py``) lists printed amounts, each with the forms it covers
(``members``, by title) and where it is printed. ``check_reference`` compares each
line whose forms are all in the roll-up with the sum over those forms, and the department's
split (total = basic + projects) with the roll-up and the department form. What does not
match is a finding with its diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from scoring.engine.score import score
from scoring.findings import Diagnosis, Finding, Severity
from scoring.form.model import Form
from scoring.form.printed import to_wan
from scoring.io.located import FieldPath, Located
from scoring.rollup.aggregate import Rollup
from scoring.rollup.reference import Department, Figure, Reference, ReferenceLine
from scoring.rounding import as_fraction, pct
from scoring.verify.context import FindingSink, ratio_agrees

__all__ = ["ReferenceCheck", "check_reference"]

_Status = Literal["ok", "mismatch", "info", "not in roll-up"]


@dataclass(frozen=True, slots=True)
class ReferenceCheck:
    """One reference line against the roll-up: stated, computed, and whether they agree."""

    id: str
    name: str
    section: str
    measure: str
    stated: str
    computed: str | None
    status: _Status


@dataclass
class _Ctx(FindingSink):
    rollup: Rollup
    ref: Reference
    src: Located | None
    file: str | None
    checks: list[ReferenceCheck]
    out: list[Finding]

    def rule_of(self, section: str | None) -> str | None:
        """Findings rest on the reference document's section that prints the figure."""
        return f"{self.ref.document}: {section}" if section else None

    def unexplained(
        self, code: str, path: FieldPath, message: str, *, section: str, stated: str, computed: str,
        params: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        """Record an error no known reason explains."""
        self.add(code, Severity.ERROR, path, message, section=section, stated=stated,
                 computed=computed, diagnosis="unexplained", params=params)  # fmt: skip

    def sums(self, titles: tuple[str, ...]) -> tuple[Decimal, Decimal] | None:
        """Budget and executed summed over the forms with those titles, if all are rolled up."""
        chosen = [m for m in self.rollup.members if m.form.title in titles]
        if {m.form.title for m in chosen} != set(titles):
            return None
        return (
            sum((m.budget for m in chosen), Decimal(0)),
            sum((m.executed for m in chosen), Decimal(0)),
        )


def check_reference(
    rollup: Rollup, ref: Reference, src: Located | None = None, department: Form | None = None
) -> tuple[list[ReferenceCheck], list[Finding]]:
    """Every reference line the roll-up covers, checked; and the department split, if given."""
    ctx = _Ctx(rollup, ref, src, src.file if src else None, [], [])
    for i, line in enumerate(ref.lines):
        _check_line(ctx, i, line)
    if ref.department is not None and ctx.sums(ref.department.members) is not None:
        _check_department(ctx, ref.department, department)
    return ctx.checks, ctx.out


def _check_line(ctx: _Ctx, i: int, line: ReferenceLine) -> None:
    path: FieldPath = ("lines", i)
    stated = to_wan(line.amount)
    sums = ctx.sums(line.members)
    if sums is None:
        ctx.checks.append(_line_check(line, None, "not in roll-up"))
        return
    budget, executed = sums
    computed = executed if line.measure == "executed" else budget
    status: Literal["ok", "mismatch", "info"] = "ok" if computed == stated else "mismatch"
    if line.measure == "budget_year_start":
        status = "ok" if computed == stated else "info"
        if computed != stated:
            _year_start(ctx, path, line, stated, computed)
    elif computed != stated:
        _mismatch(ctx, path, line, stated, budget, executed)
    ctx.checks.append(_line_check(line, f"{computed:f}", status))
    if line.count is not None and line.count != len(line.members):
        ctx.unexplained(
            "ROLLUP_COUNT_MISMATCH",
            (*path, "count"),
            f"{line.section} speaks of {line.count} projects; the line covers "
            f"{len(line.members)} forms",
            section=line.section,
            stated=str(line.count),
            computed=str(len(line.members)),
        )
    if line.share is not None:
        _check_share(ctx, (*path, "share"), line, stated)


def _line_check(line: ReferenceLine, computed: str | None, status: _Status) -> ReferenceCheck:
    return ReferenceCheck(
        line.id, line.name, line.section, line.measure, line.amount.text, computed, status
    )


def _year_start(
    ctx: _Ctx, path: FieldPath, line: ReferenceLine, stated: Decimal, computed: Decimal
) -> None:
    ctx.add(
        "ROLLUP_BUDGET_BASIS",
        Severity.INFO,
        (*path, "amount"),
        f"{line.section} gives the year-start budget (年初预算数) of {line.name} as "
        f"{line.amount.text}; the forms' adjusted budgets (调整后预算数, A) add up to "
        f"{computed:f}: {computed - stated:f} 万元 were added during the year",
        section=line.section,
        stated=line.amount.text,
        computed=f"{computed:f}",
        diagnosis="label",
        params={"name": line.name, "added": f"{computed - stated:f}"},
    )


def _mismatch(
    ctx: _Ctx,
    path: FieldPath,
    line: ReferenceLine,
    stated: Decimal,
    budget: Decimal,
    executed: Decimal,
) -> None:
    computed = executed if line.measure == "executed" else budget
    other, other_name = (budget, "budget") if line.measure == "executed" else (executed, "executed")
    step = ctx.rollup.rulebook.execution.amount_step.value
    diagnosis: Diagnosis = "unexplained"
    why = "no known reason"
    severity = Severity.ERROR
    params = {"name": line.name, "measure": line.measure, "titles": "、".join(line.members)}
    if abs(computed - stated) <= step:
        diagnosis, severity = "tail", Severity.INFO
        why = f"a tail difference of {abs(computed - stated):f} (amounts printed to {step})"
        params |= {"variant": "tail", "diff": f"{abs(computed - stated):f}", "step": str(step)}
    elif other == stated:
        diagnosis, severity = "label", Severity.WARNING
        why = f"the line equals the forms' {other_name} amounts, not their {line.measure}"
        params |= {"variant": "label", "other": other_name}
    titles = "、".join(line.members)
    ctx.add(
        "ROLLUP_FUNDS_MISMATCH",
        severity,
        (*path, "amount"),
        f"{line.section} gives {line.name} {line.amount.text} 万元 ({line.measure}); "
        f"the forms {titles} add up to {computed:f}: {why}",
        section=line.section,
        stated=line.amount.text,
        computed=f"{computed:f}",
        diagnosis=diagnosis,
        params=params,
    )


def _figures(ctx: _Ctx) -> dict[str, tuple[str, Decimal]]:
    found = {line.id: (line.name, to_wan(line.amount)) for line in ctx.ref.lines}
    dep = ctx.ref.department
    if dep is not None:
        # named as the document names them, in either language
        for key, word in (("total", "支出合计"), ("basic", "基本支出"), ("projects", "项目支出")):
            fig: Figure = getattr(dep, key)
            found[f"department.{key}"] = (f"{dep.title}{word}", to_wan(fig.amount))
    return found


def _check_share(ctx: _Ctx, path: FieldPath, line: ReferenceLine, amount: Decimal) -> None:
    assert line.share is not None
    figures = _figures(ctx)
    if line.share.of not in figures:
        ctx.add(
            "ROLLUP_SHARE_UNKNOWN",
            Severity.ERROR,
            (*path, "of"),
            f"share of {line.share.of!r}: no line or department figure has that id",
            params={"of": line.share.of},
        )
        return
    name, base = figures[line.share.of]
    exact = as_fraction(amount) / as_fraction(base) if base else Fraction(0)
    if ratio_agrees(line.share.value, exact):
        return
    fits = [
        (n, b)
        for key, (n, b) in figures.items()
        if b
        and key != line.share.of
        and ratio_agrees(line.share.value, as_fraction(amount) / as_fraction(b))
    ]
    said = f"{line.section} gives {line.amount.text} as {line.share.value.text} of {name}"
    if fits:
        n, b = fits[0]
        ctx.add(
            "ROLLUP_SHARE_MISMATCH",
            Severity.WARNING,
            (*path, "value"),
            f"{said}, but it is {pct(exact)} of {name} ({base:f}); {line.share.value.text} is "
            f"{line.amount.text} ÷ {b:f}, its share of {n}: the label names the wrong whole",
            section=line.section,
            stated=line.share.value.text,
            computed=pct(exact),
            diagnosis="label",
            params={"variant": "label", "amount": line.amount.text, "name": name,
                    "base": f"{base:f}", "other_base": f"{b:f}", "other_name": n},
        )
    else:
        ctx.unexplained(
            "ROLLUP_SHARE_MISMATCH",
            (*path, "value"),
            f"{said}, but it is {pct(exact)} of it",
            section=line.section,
            stated=line.share.value.text,
            computed=pct(exact),
            params={"amount": line.amount.text, "name": name},
        )


def _check_department(ctx: _Ctx, dep: Department, form: Form | None) -> None:
    total, basic, projects = (
        to_wan(f.amount) for f in (dep.total, dep.basic, dep.projects)
    )
    path: FieldPath = ("department",)
    if basic + projects != total:
        ctx.unexplained(
            "DEPT_SPLIT_MISMATCH",
            (*path, "total"),
            f"basic {dep.basic.amount.text} + projects {dep.projects.amount.text} = "
            f"{basic + projects:f}, not the total {dep.total.amount.text}",
            section=dep.total.section,
            stated=dep.total.amount.text,
            computed=f"{basic + projects:f}",
            params={"basic": dep.basic.amount.text, "projects": dep.projects.amount.text},
        )
    executed = sum((m.executed for m in ctx.rollup.members), Decimal(0))
    if executed != projects:
        ctx.unexplained(
            "ROLLUP_FUNDS_MISMATCH",
            (*path, "projects"),
            f"the project forms add up to {executed:f}; {dep.projects.section} gives project "
            f"spending {dep.projects.amount.text}",
            section=dep.projects.section,
            stated=dep.projects.amount.text,
            computed=f"{executed:f}",
            params={"variant": "projects"},
        )
    ctx.add(
        "DEPT_INCLUDES_BASIC",
        Severity.INFO,
        (*path, "total"),
        f"the department total {dep.total.amount.text} = basic {dep.basic.amount.text} + "
        f"projects {dep.projects.amount.text}: the department form covers basic spending too, "
        f"so the project roll-up ({executed:f}) is {pct(as_fraction(executed) / as_fraction(total))} "
        "of it, not the department's spending",
        section=dep.total.section,
        stated=dep.total.amount.text,
        computed=f"{basic + projects:f}",
        params={
            "basic": dep.basic.amount.text,
            "projects": dep.projects.amount.text,
            "executed": f"{executed:f}",
            "share": pct(as_fraction(executed) / as_fraction(total)),
        },
    )
    if form is not None:
        _against_form(ctx, dep, form, total, basic)


def _against_form(ctx: _Ctx, dep: Department, form: Form, total: Decimal, basic: Decimal) -> None:
    path: FieldPath = ("department", "title")
    a = form.funds.wan("budget") or Decimal(0)
    b = form.funds.wan("executed") or Decimal(0)
    if b != total:
        ctx.unexplained(
            "DEPT_TOTAL_MISMATCH",
            path,
            f"the department form {form.title} gives 执行数 {form.funds.shown('executed')}; "
            f"{dep.total.section} gives {dep.total.amount.text}",
            section=dep.total.section,
            stated=dep.total.amount.text,
            computed=form.funds.shown("executed"),
            params={"title": form.title},
        )
    rolled = sum((m.budget for m in ctx.rollup.members), Decimal(0))
    implied = a - rolled
    share = pct(as_fraction(basic) / as_fraction(implied)) if implied > 0 else "no budget"
    ctx.add(
        "DEPT_BASIC_BUDGET",
        Severity.INFO,
        path,
        f"the department form's budget {form.funds.shown('budget')} less the project forms' "
        f"budgets {rolled:f} leaves {implied:f} for basic spending, which was {basic:f} "
        f"({share}); the department form's A and the project forms' A need not be on the same "
        "basis",
        section=form.source.section,
        stated=form.funds.shown("budget"),
        computed=f"{implied:f}",
        params={"rolled": f"{rolled:f}", "basic": f"{basic:f}", "share": share},
    )
    _scores_compared(ctx, form, path)


def _scores_compared(ctx: _Ctx, form: Form, path: FieldPath) -> None:
    """The department form's own score beside the project roll-up's: different scopes."""
    sheet = ctx.rollup.sheet
    own = score(form, ctx.rollup.rulebook)
    said = form.reported.total
    printed = f" (printed 总分 {said.text})" if said is not None else ""
    ctx.add(
        "DEPT_SCORE_VS_ROLLUP",
        Severity.INFO,
        path,
        f"the department form{printed} scores {own.total.value} on its own indicators and its "
        f"whole spending; the project roll-up scores {sheet.total.value} (fund-weighted mean of "
        f"the projects' totals {ctx.rollup.weighted_mean_total.value}): different scopes, so no "
        "agreement is expected",
        section=form.source.section,
        stated=str(own.total.value),
        computed=str(sheet.total.value),
        params={"mean": str(ctx.rollup.weighted_mean_total.value)}
        | ({"variant": "printed", "printed": said.text} if said is not None else {}),
    )
