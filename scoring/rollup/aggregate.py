"""Roll-ups: several forms scored as one — a department's projects, the places that spent a fund.

``aggregate(forms)`` builds a derived form that goes through the same score and verify
pipeline: funds summed (the execution score recomputed from the sums), and every indicator
that is the same across members (same 一级/二级/三级指标) made one indicator whose parts
are the members, each weighted by its fund amount (备注2, 备注3; ``parts.py`` combines them).
An indicator only some members have keeps only their parts. Beside the derived form: each
member's own total and the fund-weighted mean of the totals (score, then aggregate), and
wherever the two ways differ, both numbers and why.

Weights of the derived form: an indicator's weight is the fund-weighted mean of its weight in
every member, a member without it counting 0 (Σ fund × weight ÷ Σ fund). When every member's
weights add up to the rulebook's indicator points, so do these. They are rounded to the score
step by largest remainder (ties by indicator name), so the rounded weights keep the sum exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from scoring.engine.parts import By, ValueType, combine, exact_text, shown_unit
from scoring.engine.score import score
from scoring.engine.sheet import IndicatorResult, ScoreSheet
from scoring.errors import AggregateError
from scoring.findings import Finding, Severity
from scoring.form.funds import AmountField
from scoring.form.model import Form, Indicator, Part
from scoring.pipeline.check import FormReport, check_form
from scoring.rollup.compare import Comparison, compare
from scoring.rollup.member import Key, Member
from scoring.rounding import as_fraction, round_to_step
from scoring.rulebook.model import Rulebook, require_rulebook
from scoring.rulebook.select import choose_rulebook
from scoring.trace import Trace

__all__ = ["Rollup", "aggregate", "apportion"]



@dataclass(frozen=True, slots=True)
class Rollup:
    """A roll-up: the derived form scored and verified, its members, and both ways compared."""

    form: Form
    by: By
    rulebook: Rulebook
    members: tuple[Member, ...]
    report: FormReport
    funds: tuple[Trace, Trace]
    weighted_mean_total: Trace
    comparisons: tuple[Comparison, ...]
    weights: dict[Key, Fraction]
    findings: tuple[Finding, ...] = ()

    @property
    def sheet(self) -> ScoreSheet:
        """The derived form's score sheet."""
        assert self.report.sheet is not None
        return self.report.sheet

    @property
    def notes(self) -> list[str]:
        """Why aggregate-then-score differs from score-then-aggregate, where it does."""
        return [c.explanation for c in self.comparisons if c.differs and c.explanation]


def aggregate(
    forms: Sequence[Form],
    *,
    by: By | None = None,
    title: str | None = None,
    files: Sequence[str | None] | None = None,
    rulebook: Rulebook | None = None,
) -> Rollup:
    """Roll forms up into one derived form, scored and verified, with the members beside it."""
    require_rulebook(rulebook)
    if not forms:
        raise AggregateError("nothing to roll up: give at least one form")
    rb = rulebook or _common_rulebook(forms)
    chosen: By = by or rb.aggregation.by.value
    members = _members(forms, files, rb, chosen)
    if sum(m.fund for m in members) <= 0:
        raise AggregateError(f"the members' {chosen} amounts add up to 0: nothing to weight by")
    indicators, weights = _derived_indicators(members, chosen, rb)
    form = _derived_form(members, indicators, rb, title)
    report = check_form(form, None, "<roll-up>", rb)
    assert report.sheet is not None, report.error_lines()
    mean = weighted_mean("资金加权平均总分", members, lambda m: m.sheet.total, rb, chosen)
    funds = (_sum_trace("预算数 A", members, "budget"), _sum_trace("执行数 B", members, "executed"))
    comparisons = compare(report.sheet, members, weights, rb, chosen, mean)
    findings = _mixed_kinds(members)
    return Rollup(form, chosen, rb, members, report, funds, mean, comparisons, weights, findings)


def _mixed_kinds(members: Sequence[Member]) -> tuple[Finding, ...]:
    departments = [m.label for m in members if m.form.kind == "department"]
    if not departments or len(departments) == len(members):
        return ()
    return (
        Finding(
            code="ROLLUP_MIXED_KINDS",
            severity=Severity.WARNING,
            message=f"{'、'.join(departments)} is a department form, which covers its projects' "
            "spending too: rolled up with project forms, that spending counts twice",
            path="members",
            file="<roll-up>",
            params={"departments": "、".join(departments)},
        ),
    )


def _common_rulebook(forms: Sequence[Form]) -> Rulebook:
    years = sorted({f.year for f in forms})
    if len(years) > 1:
        raise AggregateError(f"the forms are of different years ({years}): roll up one year")
    books = {rb.id: rb for rb in (choose_rulebook(f).rulebook for f in forms)}
    if len(books) > 1:
        ids = ", ".join(sorted(books))
        raise AggregateError(f"the forms are scored under different rulebooks ({ids}); pick one")
    return next(iter(books.values()))


def _members(
    forms: Sequence[Form], files: Sequence[str | None] | None, rb: Rulebook, by: By
) -> tuple[Member, ...]:
    names = files if files is not None else [None] * len(forms)
    counts, seen = Counter(f.title for f in forms), Counter[str]()
    out = []
    for form, file in zip(forms, names, strict=True):
        seen[form.title] += 1
        label = form.title if counts[form.title] == 1 else f"{form.title} #{seen[form.title]}"
        fund = form.funds.wan(by)
        sheet = score(form, rb)
        if fund is None or sheet.unknown:
            what = f"prints no {by} amount" if fund is None else (
                "is an excerpt" if form.partial else "leaves a cell needed for its score blank")
            raise AggregateError(f"{label} {what}: it cannot be rolled up exactly")  # fmt: skip
        out.append(Member(label, file, form, sheet, fund))
    return tuple(out)


def apportion(exact: dict[Key, Fraction], step: Decimal) -> dict[Key, Decimal]:
    """Round to ``step`` by largest remainder: the rounded values add up to the rounded sum."""
    unit = as_fraction(step)
    scaled = {k: v / unit for k, v in exact.items()}
    floors = {k: v.numerator // v.denominator for k, v in scaled.items()}
    total = round_to_step(sum(exact.values(), Fraction(0)), step) / step
    extra = int(total) - sum(floors.values())
    order = sorted(scaled, key=lambda k: (-(scaled[k] - floors[k]), k))
    for k in order[: max(extra, 0)]:
        floors[k] += 1
    return {k: Decimal(n) * step for k, n in floors.items()}


def _derived_indicators(
    members: Sequence[Member], by: By, rb: Rulebook
) -> tuple[list[dict[str, Any]], dict[Key, Fraction]]:
    groups: dict[Key, list[tuple[Member, IndicatorResult]]] = {}
    for m in members:
        for r in m.sheet.indicators:
            i = r.indicator
            groups.setdefault((i.level1, i.level2, i.name), []).append((m, r))
    total = sum((as_fraction(m.fund) for m in members), Fraction(0))
    exact = {
        k: sum((as_fraction(m.fund) * as_fraction(r.weight) for m, r in rows), Fraction(0)) / total
        for k, rows in groups.items()
    }
    exact = {k: w for k, w in exact.items() if w > 0}  # only on forms that weigh nothing: dropped
    rounded = apportion(exact, rb.rounding.score_step.value)
    out = [
        _indicator(k, groups[k], exact[k], rounded[k], by, len(members))
        for k in groups
        if k in exact
    ]
    return out, exact


def _indicator(
    key: Key, rows: list[tuple[Member, IndicatorResult]], exact: Fraction, weight: Decimal,
    by: By, n_members: int,
) -> dict[str, Any]:  # fmt: skip
    quantitative = all(r.kind == "quantitative" and not r.problems for _, r in rows)
    kind = "quantitative" if quantitative else "qualitative"
    per_member = Counter(m.label for m, _ in rows)
    parts: list[dict[str, Any]] = []
    for m, r in rows:
        name = m.label if per_member[m.label] == 1 else f"{m.label} (row {r.index + 1})"
        parts += _parts_of(m, r, kind, by, name)
    types = {r.indicator.value_type for _, r in rows}
    targets = list(dict.fromkeys(r.indicator.target.text for _, r in rows))
    data: dict[str, Any] = {
        "level1": key[0],
        "level2": key[1],
        "name": key[2],
        "weight": f"{weight.normalize():f}",
        "weight_at": f"roll-up: Σ fund × weight ÷ Σ fund = {exact_text(exact)}",
        "kind": kind,
        "target": targets[0] if len(targets) == 1 else f"{len(targets)} targets, see the parts",
        "actual": f"combined from {len(parts)} part(s)",
        "value_type": types.pop() if len(types) == 1 else None,
        "parts": parts,
        "note": f"in {len(rows)} of {n_members} forms: " + "、".join(m.label for m, _ in rows),
    }
    if kind == "quantitative":
        data["target"], data["actual"] = _combined_texts(parts, data["value_type"])
    return data


def _parts_of(m: Member, r: IndicatorResult, kind: str, by: By, name: str) -> list[dict[str, Any]]:
    """The parts a member brings: itself, or its own parts when it reports the indicator in parts."""
    ind = r.indicator
    if ind.parts and r.kind == kind:
        return [_inner_part(ind, p, f"{name} / {p.name}", by) for p in ind.parts]
    part: dict[str, Any] = {
        "name": name,
        "fund": f"{m.fund:f}",
        "budget": f"{m.budget:f}",
        "executed": f"{m.executed:f}",
    }
    if kind == "quantitative":
        part |= {"actual": ind.actual.model_dump(), "target": ind.target.model_dump()}
    else:
        part |= {"score": f"{r.score:f}", "weight": f"{r.weight:f}"}
    return [part]


def _inner_part(ind: Indicator, p: Part, name: str, by: By) -> dict[str, Any]:
    """A member's own part, carried into the roll-up with its own fund amount."""
    part: dict[str, Any] = {"name": name, "fund": f"{p.amount(by):f}"}
    part |= {k: getattr(p, k).text for k in ("budget", "executed") if getattr(p, k) is not None}
    if p.actual is not None:
        part |= {"actual": p.actual.model_dump(), "target": (p.target or ind.target).model_dump()}
    else:
        weight = p.weight.text if p.weight else ind.weight_shown
        part |= {"score": p.score.text if p.score else "0", "weight": weight}
    return part


def _combined_texts(parts: list[dict[str, Any]], declared: str | None) -> tuple[str, str]:
    """The derived indicator's target and actual as text: the parts combined, in their unit."""
    models = [Part.model_validate(p) for p in parts]
    actuals = [p.actual.printed() for p in models if p.actual is not None]
    targets = [p.target.printed() for p in models if p.target is not None]
    relative = declared == "relative" or (
        declared is None and any(a.unit in ("%", "‰") for a in actuals)
    )
    vt: ValueType = "relative" if relative else "absolute"
    amounts = [as_fraction(p.amount("budget")) for p in models]  # `fund` is set on every part
    ops = {t.op for t in targets}
    op = next((o.symbol for o in ops if o is not None), "") if len(ops) == 1 else ""
    texts = []
    for printed, prefix in ((targets, op), (actuals, "")):
        value = combine([as_fraction(p.magnitude() or 0) for p in printed], amounts, vt)
        factor, unit = shown_unit(printed)
        texts.append(f"{prefix}{exact_text(value / factor, 4).rstrip('…')}{unit}")
    return texts[0], texts[1]


def _derived_form(
    members: Sequence[Member], indicators: list[dict[str, Any]], rb: Rulebook, title: str | None
) -> Form:
    forms = [m.form for m in members]
    units = list(dict.fromkeys(f.unit for f in forms))
    regions = {f.region for f in forms}
    documents = list(dict.fromkeys(f.source.document for f in forms))
    labels = [m.label for m in members]
    data = {
        "kind": "project",
        "title": title or "roll-up: " + " + ".join(labels),
        "unit": "、".join(units),
        "year": forms[0].year,
        "region": regions.pop() if len(regions) == 1 else None,
        "rulebook": rb.id,
        "source": {
            "document": "; ".join(documents),
            "section": f"roll-up of {len(members)} forms: " + "、".join(labels),
        },
        "funds": {
            "budget": f"{sum((m.budget for m in members), Decimal(0)):f}",
            "executed": f"{sum((m.executed for m in members), Decimal(0)):f}",
        },
        "indicators": indicators,
    }
    return Form.model_validate(data)


def _sum_trace(label: str, members: Sequence[Member], field: AmountField) -> Trace:
    children = []
    for m in members:
        wan = m.form.funds.wan(field) or Decimal(0)  # in 万元, whatever unit it is printed in
        children.append(
            Trace(
                label=m.label,
                rule="form",
                clause=f"{m.form.source.document} {m.form.source.section}",
                formula="as printed, in 万元",
                inputs={"file": m.file or "<form>", field: m.form.funds.shown(field)},
                branch="member",
                exact=as_fraction(wan),
                value=wan,
            )
        )
    exact = sum((c.exact for c in children), Fraction(0))
    return Trace(
        label=label,
        rule="aggregate",
        clause="funds of the members summed",
        formula="Σ members",
        inputs={c.label: c.inputs[field] for c in children},
        branch="summed",
        exact=exact,
        value=sum((c.value for c in children), Decimal(0)),
        children=tuple(children),
    )


def weighted_mean(
    label: str, members: Sequence[Member], pick: Callable[[Member], Trace], rb: Rulebook, by: By
) -> Trace:
    """The fund-weighted mean of one score over the members, each as it was rounded, traced."""
    total = sum((as_fraction(m.fund) for m in members), Fraction(0))
    exact = sum((as_fraction(m.fund) * as_fraction(pick(m).value) for m in members), Fraction(0))
    exact /= total
    step, mode = rb.rounding.score_step.value, rb.rounding.score_mode.value
    return Trace(
        label=label,
        rule=f"{rb.id}:aggregation.scores",
        clause=rb.cite(rb.aggregation.scores.source).short(),
        formula="Σ fund × score ÷ Σ fund",
        inputs={m.label: f"{m.fund:f} × {pick(m).value}" for m in members},
        branch=f"score, then aggregate: weighted by {by}",
        exact=exact,
        value=round_to_step(exact, step, mode),
        rounding=f"{mode.replace('_', '-')} to {step}",
        children=tuple(pick(m) for m in members),
    )
