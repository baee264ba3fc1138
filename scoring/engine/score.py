"""score(form, rulebook) -> ScoreSheet: every number of a form, computed exactly and traced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from scoring.engine.direction import DirectionChoice, direction_of
from scoring.engine.funds import FundsAB, resolve_funds
from scoring.engine.parts import score_parts
from scoring.engine.qualitative import score_qualitative
from scoring.engine.rows import finish_parents, score_rows
from scoring.engine.sheet import Flag, IndicatorResult, Kind, Policy, ScoreSheet
from scoring.engine.variants import (
    fit_structure,
    formula_actual,
    not_applicable_trace,
    outside_domain,
    rescale_total,
    within_weight,
)
from scoring.engine.weights import resolve_weights
from scoring.errors import FormulaEvaluationError
from scoring.findings import Problem
from scoring.form.model import Form, Indicator
from scoring.rounding import (
    as_fraction,
    fraction_to_decimal,
    round_to_step,
    round_within,
)
from scoring.rounding import plain_decimal as _plain
from scoring.rulebook.model import Rulebook, require_rulebook
from scoring.trace import Trace
from scoring.values import Printed

__all__ = ["execution_score", "score", "score_indicator"]


def _d(value: Decimal | None) -> Decimal:
    assert value is not None
    return value


def _rule(rb: Rulebook, param: str, source: str) -> tuple[str, str]:
    return f"{rb.id}:{param}", rb.cite(source).short()


def execution_score(
    budget: Printed, executed: Printed, rb: Rulebook, policy: Policy
) -> tuple[Trace, Trace]:
    """The execution rate B/A and the execution score, each traced."""
    a, b = as_fraction(_d(budget.value)), as_fraction(_d(executed.value))
    ex = rb.execution
    if a == 0:
        exact_rate = as_fraction(ex.zero_budget_rate.value)
        rule, clause = _rule(rb, "execution.zero_budget_rate", ex.zero_budget_rate.source)
        branch, formula = "zero budget", f"rate = {ex.zero_budget_rate.value} when A = 0"
    else:
        exact_rate = b / a
        rule, clause = _rule(rb, "execution.basis", ex.basis.source)
        branch, formula = f"B ÷ A ({ex.basis.value} budget)", "rate = B ÷ A"
    if policy.rate_step is not None:
        rate_value = round_to_step(exact_rate, policy.rate_step, policy.rate_mode)
        rounding: str | None = f"{policy.rate_mode.replace('_', '-')} to {policy.rate_step}"
    else:
        rate_value, rounding = fraction_to_decimal(exact_rate, 10), None
    rate = Trace(
        label="执行率",
        rule=rule,
        clause=clause,
        formula=formula,
        inputs={"A": budget.text, "B": executed.text},
        branch=branch,
        exact=exact_rate,
        value=rate_value,
        rounding=rounding,
    )
    used_rate = as_fraction(rate_value) if policy.rate_step is not None else exact_rate
    points = ex.points.value
    f = rb.formula(ex.formula.value)
    exact, case = f.evaluate({"points": as_fraction(points), "rate": used_rate})
    exact, branch = within_weight(exact, as_fraction(points), case.branch)
    value = round_within(exact, points, policy.score_step, policy.score_mode)
    rule, clause = _rule(rb, "execution.formula", rb.formulas[ex.formula.value].source)
    score = Trace(
        label="预算执行得分",
        rule=rule,
        clause=clause,
        formula=f.display(),
        inputs={"points": str(points), "rate": str(rate_value)},
        branch=branch,
        exact=exact,
        value=value,
        rounding=policy.describe_score(),
        children=(rate,),
    )
    return rate, score


def _units_agree(t: Printed, a: Printed) -> bool:
    if t.percent != a.percent:
        return False
    return t.base_unit is None or a.base_unit is None or t.base_unit == a.base_unit


def _kind(ind: Indicator, t: Printed, a: Printed) -> Kind:
    if ind.declared_kind is not None:
        return ind.declared_kind
    return "quantitative" if t.numeric and a.numeric and _units_agree(t, a) else "qualitative"


def score_indicator(ind: Indicator, index: int, rb: Rulebook, policy: Policy) -> IndicatorResult:
    """One indicator's score under the rulebook: a formula if quantitative, a band if qualitative."""
    if not ind.applicable:  # indicators.not_applicable: 0 here; variants.rescale_total
        t, a = ind.target.printed(), ind.actual.printed()
        na = not_applicable_trace(ind, rb, policy.score_step)
        return IndicatorResult(index, ind, _kind(ind, t, a), na.value, na)
    if ind.parts:  # 备注2/3: the parts are combined first, then scored (scoring/parts.py)
        p = score_parts(ind, rb, policy.score_step, policy.score_mode)
        return IndicatorResult(
            index, ind, p.kind, p.trace.value, p.trace, p.grade, p.band, p.problems
        )
    t, a = ind.target.printed(), ind.actual.printed()
    kind = _kind(ind, t, a)
    if kind == "quantitative" and t.numeric and a.numeric and _units_agree(t, a):
        return _quantitative(ind, index, t, a, rb, policy)
    problems: tuple[Problem, ...] = ()
    if kind == "quantitative":
        text = f"declared quantitative, but {t.text!r} and {a.text!r} are not comparable"
        params = {"target": t.text, "actual": a.text}
        problems = (Problem("KIND_MISMATCH", "kind", text, params=params),)
    result = _qualitative(ind, index, rb, policy)
    return replace(result, problems=problems + result.problems)


def _quantitative(
    ind: Indicator, index: int, t: Printed, a: Printed, rb: Rulebook, policy: Policy
) -> IndicatorResult:
    direction = direction_of(ind, t, rb)
    name = ind.formula or rb.indicators.formulas.value[direction.op]
    if name not in rb.compiled or set(rb.formulas[name].inputs) - {"weight", "target", "actual"}:
        return _unknown_formula(ind, index, name, rb)
    f = rb.formula(name)
    weight = _d(ind.printed_weight)
    target, actual = _d(t.magnitude()), _d(a.magnitude())
    used, clamped = formula_actual(as_fraction(actual), rb)
    env = {"weight": as_fraction(weight), "target": as_fraction(target), "actual": used}
    flag = outside_domain(rb, name, env, ind.name)
    try:
        exact, case = f.evaluate(env)
    except FormulaEvaluationError as exc:  # outside the formula's domain: a finding, not a crash
        return _undefined(ind, index, name, env, str(exc), rb)
    exact, branch = within_weight(exact, env["weight"], case.branch)
    value = round_within(exact, env["weight"], policy.score_step, policy.score_mode)
    rule, clause = _rule(rb, f"formulas.{name}", rb.formulas[name].source)
    op_note = f" ({direction.describe()})" if direction.how != "printed" else ""
    trace = Trace(
        label=f"得分 {ind.name}",
        rule=rule,
        clause=clause,
        formula=f.display(),
        inputs={"weight": ind.weight_shown, "target": t.text + op_note, "actual": a.text + clamped},
        branch=branch,
        exact=exact,
        value=value,
        rounding=policy.describe_score(),
    )
    flags: tuple[Flag, ...] = (flag,) if flag else ()
    if direction.how == "inferred":
        flags += (_direction_flag(ind, direction, rb),)
    return IndicatorResult(index, ind, "quantitative", value, trace, flags=flags)


def _direction_flag(ind: Indicator, direction: DirectionChoice, rb: Rulebook) -> Flag:
    cited = rb.cite(direction.source or rb.indicators.directions.source).short()
    return Flag("DIRECTION_INFERRED", "info",
                f"{ind.name}: {direction.describe()} ({rb.id}:indicators.directions); a printed "
                "comparator or the row's `direction` overrides it", "target", cited,
                {"name": ind.name, "word": direction.word or "", "op": direction.op.symbol})  # fmt: skip


def _unknown_formula(ind: Indicator, index: int, name: str, rb: Rulebook) -> IndicatorResult:
    known = ", ".join(n for n, spec in rb.formulas.items() if "weight" in spec.inputs)
    trace = Trace(label=f"得分 {ind.name}", rule=f"{rb.id}:formulas", clause="",
                  formula=f"formula {name!r}", inputs={"formula": name},
                  branch="unknown formula: scored 0", exact=Fraction(0), value=Decimal(0))  # fmt: skip
    text = f"the row names the formula {name!r}, which {rb.id} has no indicator formula of ({known})"
    return IndicatorResult(index, ind, "quantitative", Decimal(0), trace,
                           problems=(Problem("FORMULA_UNKNOWN", "formula", text),))  # fmt: skip


def _undefined(
    ind: Indicator, index: int, name: str, env: dict[str, Fraction], why: str, rb: Rulebook
) -> IndicatorResult:
    rule, clause = _rule(rb, f"formulas.{name}", rb.formulas[name].source)
    trace = Trace(
        label=f"得分 {ind.name}",
        rule=rule,
        clause=clause,
        formula=rb.formula(name).display(),
        inputs={k: str(fraction_to_decimal(v, 6)) for k, v in env.items()},
        branch="undefined: scored 0",
        exact=Fraction(0),
        value=Decimal(0),
    )
    text = f"formula {name} cannot score these inputs ({why}); scored 0"
    return IndicatorResult(
        index,
        ind,
        "quantitative",
        Decimal(0),
        trace,
        problems=(Problem("FORMULA_UNDEFINED", "actual", text, params={"formula": name, "why": why}),),
    )


def _qualitative(ind: Indicator, index: int, rb: Rulebook, policy: Policy) -> IndicatorResult:
    q = score_qualitative(ind, rb)
    weight = _d(ind.printed_weight)
    rule, clause = _rule(rb, "indicators.bands", rb.indicators.bands.source)
    if q.band is not None:
        formula = f"score within the band of {q.grade} × weight [{_plain(q.band[0])}, {_plain(q.band[1])}]"
    else:
        formula = f"score between 0 and the weight {ind.weight_shown}: no grade"
    exact = as_fraction(q.value)
    trace = Trace(
        label=f"得分 {ind.name}",
        rule=rule,
        clause=clause,
        formula=formula,
        inputs={"weight": ind.weight_shown, "target": ind.target.text, "actual": ind.actual.text},
        branch=q.branch,
        exact=exact,
        value=round_within(exact, weight, policy.score_step, policy.score_mode),
    )
    return IndicatorResult(index, ind, "qualitative", trace.value, trace, q.grade, q.band,
                           q.problems, bounds=q.bounds)  # fmt: skip


def _sum(label: str, rule: str, clause: str, parts: Sequence[Trace], rb: Rulebook) -> Trace:
    exact = sum((as_fraction(p.value) for p in parts), Fraction(0))
    how = rb.rounding.total.value
    if how == "round_of_exact":
        exact = sum((p.exact for p in parts), Fraction(0))
    value = round_to_step(exact, rb.rounding.score_step.value, rb.rounding.score_mode.value)
    return Trace(
        label=label,
        rule=rule,
        clause=clause,
        formula=" + ".join(p.label for p in parts)
        if len(parts) < 8
        else f"sum of {len(parts)} rows",
        inputs={p.label: str(p.value) for p in parts},
        branch=how.replace("_", " "),
        exact=exact,
        value=value,
        children=tuple(parts),
    )


def _execution(form: Form, ab: FundsAB, rb: Rulebook, pol: Policy) -> tuple[Trace, Trace] | None:
    if ab.a is None or ab.b is None:
        return None
    return execution_score(ab.a, ab.b, rb, pol)


def _execution_not_printed(form: Form, rb: Rulebook) -> tuple[Trace, Trace]:
    stated = form.reported.execution_score
    value = stated.value if stated is not None and stated.value is not None else Decimal(0)
    taken = "the printed score is taken as printed" if stated is not None else "no score counted"
    missing = "、".join(
        name for name, v in (("预算数 A", form.funds.budget or form.funds.year_start),
                             ("执行数 B", form.funds.executed)) if v is None
    ) or "A or B"  # fmt: skip
    rate = Trace("执行率", "form", "as printed", "rate = B ÷ A", {}, f"not computed: {missing} "
                 "not printed", Fraction(0), Decimal(0))  # fmt: skip
    score_trace = Trace("预算执行得分", f"{rb.id}:execution.formula", "as printed", "not scored",
                        {}, f"not computed: {missing} not printed; {taken}", as_fraction(value),
                        value, children=(rate,))  # fmt: skip
    return rate, score_trace


def _sums(
    form: Form,
    results: tuple[IndicatorResult, ...],
    execution: Trace,
    rb: Rulebook,
    unknown: set[str],
) -> tuple[dict[str, Trace], Trace, Trace]:
    """Level-1 subtotals, the indicator total and the total, over the counted rows; what they
    cannot be computed from (an excerpt, a row or amount not printed) is added to ``unknown``."""
    counted = [r for r in results if r.counted]
    rule, clause = _rule(rb, "rounding.total", rb.rounding.total.source)
    subtotals: dict[str, Trace] = {}
    for level1 in dict.fromkeys(r.indicator.level1 for r in counted):
        rows = [r for r in counted if r.indicator.level1 == level1]
        subtotals[level1] = _sum(level1, rule, clause, [r.trace for r in rows], rb)
        if form.partial or not all(r.known for r in rows):
            unknown.add(f"level1:{level1}")
    indicator_total = _sum("指标得分", rule, clause, [r.trace for r in counted], rb)
    total = _sum("总分", rule, clause, [execution, indicator_total], rb)
    if form.partial or "execution" in unknown or not all(r.known for r in counted):
        unknown.add("total")
    else:
        step, mode = rb.rounding.score_step.value, rb.rounding.score_mode.value
        total = rescale_total(total, results, rb, step, mode)
    return subtotals, indicator_total, total


def score(form: Form, rulebook: Rulebook, policy: Policy | None = None) -> ScoreSheet:
    """Score a form under a rulebook: execution, every indicator, subtotals, total and grade.

    Choosing the rulebook is the caller's (``scoring.check`` and the pipeline choose by the
    form's id, year and region); the engine reads no file.
    """
    require_rulebook(rulebook, optional=False)
    rb = rulebook
    pol = policy or Policy.of(rb)
    ab = resolve_funds(form.funds, rb.execution.basis.value)
    unknown: set[str] = set()
    traces = _execution(form, ab, rb, pol)
    if traces is None:
        unknown.add("execution")
        traces = _execution_not_printed(form, rb)
    rate, execution = traces
    weights = resolve_weights(form, rb)
    results = score_rows(form, weights, lambda ind, i: score_indicator(ind, i, rb, pol))
    scored = form.model_copy(update={"indicators": tuple(r.indicator for r in results)})
    if not form.partial:
        results = fit_structure(scored, results, rb, pol.score_step, pol.score_mode)
    results = finish_parents(form, results, rb)
    subtotals, indicator_total, total = _sums(form, results, execution, rb, unknown)
    return ScoreSheet(
        form=form,
        rulebook=rb,
        policy=pol,
        execution_rate=rate,
        execution=execution,
        indicators=results,
        subtotals=subtotals,
        indicator_total=indicator_total,
        total=total,
        grade=rb.grade_for(total.value),
        funds_ab=ab,
        unknown=frozenset(unknown),
        scored_form=scored,
    )
