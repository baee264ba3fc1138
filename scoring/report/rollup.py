"""A roll-up rendered: the derived form's score, the members side by side, both ways compared,
the reference checks and every finding — as text, or as JSON (schemas/aggregate.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from scoring.engine.parts import By, exact_text
from scoring.findings import Finding
from scoring.form.model import Part
from scoring.i18n import DEFAULT_LANG, Lang, term, ui
from scoring.i18n.phrases import localize
from scoring.report.text import _finding_lines, _table, render_findings, render_score
from scoring.rollup.aggregate import Rollup
from scoring.rollup.check import ReferenceCheck
from scoring.rounding import as_fraction, pct

__all__ = [
    "AGGREGATE_FORMAT",
    "AGGREGATE_VERSION",
    "all_findings",
    "check_dict",
    "render_rollup_json",
    "render_rollup_text",
    "rollup_dict",
]

AGGREGATE_FORMAT = "jixiao.aggregate"
"""The ``format`` field of a JSON roll-up (schemas/aggregate.schema.json)."""
AGGREGATE_VERSION = 1
"""The ``version`` field of a JSON roll-up."""


def all_findings(rollup: Rollup, reference: Sequence[Finding] = ()) -> list[Finding]:
    """The derived form's verify findings, the roll-up's own, and the reference checks'."""
    return [*rollup.report.findings, *rollup.findings, *reference]


def _share(rollup: Rollup, fund: Any) -> str:
    total = sum((m.fund for m in rollup.members), start=0)
    return pct(as_fraction(fund) / as_fraction(total)) if total else "–"


def _members(rollup: Rollup) -> list[dict[str, Any]]:
    return [
        {
            "file": m.file,
            "title": m.form.title,
            "label": m.label,
            "kind": m.form.kind,
            "budget": f"{m.budget:f}",
            "executed": f"{m.executed:f}",
            "fund": f"{m.fund:f}",
            "share": _share(rollup, m.fund),
            "execution_rate": pct(m.sheet.execution_rate.exact),
            "execution_score": str(m.sheet.execution.value),
            "indicator_total": str(m.sheet.indicator_total.value),
            "total": str(m.total),
            "grade": m.sheet.grade,
        }
        for m in rollup.members
    ]


def _part(p: Part, by: By, share: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "fund": f"{p.amount(by):f}", "share": share}
    if p.actual is not None:
        out |= {"value": p.actual.text, "target": p.target.text if p.target else None}
    else:
        out |= {
            "score": p.score.text if p.score else None,
            "weight": p.weight.text if p.weight else None,
        }
    return out


def _indicators(rollup: Rollup) -> list[dict[str, Any]]:
    out = []
    for r in rollup.sheet.indicators:
        ind = r.indicator
        shares = {c.label: str(c.value) for c in r.trace.children}
        out.append(
            {
                "name": ind.name,
                "level1": ind.level1,
                "level2": ind.level2,
                "kind": r.kind,
                "weight": str(r.weight),
                "weight_exact": exact_text(rollup.weights[(ind.level1, ind.level2, ind.name)]),
                "score": str(r.score),
                "parts": [_part(p, rollup.by, shares.get(p.name, "")) for p in ind.parts],
            }
        )
    return out


def rollup_dict(
    rollup: Rollup,
    checks: Sequence[ReferenceCheck] = (),
    reference: Sequence[Finding] = (),
    with_trace: bool = False,
    lang: Lang = DEFAULT_LANG,
) -> dict[str, Any]:
    """The roll-up as the jixiao.aggregate JSON document (finding messages in ``lang``)."""
    rb = rollup.rulebook
    report = replace(rollup.report, findings=tuple(all_findings(rollup, reference)))
    record = report.to_dict(with_trace, lang)
    doc: dict[str, Any] = {
        "format": AGGREGATE_FORMAT,
        "version": AGGREGATE_VERSION,
        "title": rollup.form.title,
        "status": report.status,
        "rulebook": rollup.rulebook.id,
        **({"rulebook_file": rollup.rulebook.origin} if rollup.rulebook.origin else {}),
        "by": rollup.by,
        "by_rule": f"{rb.id}: {rb.cite(rb.aggregation.by.source).short(lang)}",
        "funds": record["funds"],
        "computed": record["computed"],
        "findings": record["findings"],
        "members": _members(rollup),
        "weighted_mean_total": {
            "value": str(rollup.weighted_mean_total.value),
            "exact": rollup.weighted_mean_total.exact_text,
        },
        "comparisons": [
            {
                "label": c.label,
                "aggregated": str(c.aggregated),
                "averaged": str(c.averaged_value),
                "averaged_exact": exact_text(c.averaged),
                "differs": c.differs,
                "explanation": c.explanation and localize(c.explanation, lang),
            }
            for c in rollup.comparisons
        ],
        "notes": [localize(n, lang) for n in rollup.notes],
        "indicators": _indicators(rollup),
        "reference": [check_dict(c) for c in checks],
    }
    if with_trace:
        doc["trace"] = {
            "funds": [t.to_dict() for t in rollup.funds],
            "weighted_mean_total": rollup.weighted_mean_total.to_dict(),
        }
    return doc


def check_dict(check: ReferenceCheck) -> dict[str, Any]:
    """A reference check as a JSON-ready dictionary."""
    keys = ("id", "name", "section", "measure", "stated", "computed", "status")
    return {k: getattr(check, k) for k in keys}


def render_rollup_json(
    rollup: Rollup,
    checks: Sequence[ReferenceCheck] = (),
    reference: Sequence[Finding] = (),
    with_trace: bool = False,
    lang: Lang = DEFAULT_LANG,
) -> str:
    """The roll-up as indented JSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(
        rollup_dict(rollup, checks, reference, with_trace, lang), ensure_ascii=False, indent=2
    )


def _side_by_side(rollup: Rollup, lang: Lang) -> list[str]:
    rows = [["", *(ui(f"rollup.head.{k}", lang) for k in
                   ("budget", "executed", "share", "execution", "indicators", "total"))]]
    for m in rollup.members:
        rows.append(
            [
                m.label,
                f"{m.budget:f}",
                f"{m.executed:f}",
                _share(rollup, m.fund),
                str(m.sheet.execution.value),
                str(m.sheet.indicator_total.value),
                str(m.total),
            ]
        )
    sheet = rollup.sheet
    funds = rollup.form.funds
    rows.append(
        [ui("rollup.aggregated", lang), funds.shown("budget"), funds.shown("executed"), "",
         str(sheet.execution.value), str(sheet.indicator_total.value), str(sheet.total.value)]
    )  # fmt: skip
    by_label = {c.label: c for c in rollup.comparisons}
    rows.append(
        [ui("rollup.averaged", lang), "", "", "",
         str(by_label["预算执行得分"].averaged_value), str(by_label["指标得分"].averaged_value),
         str(rollup.weighted_mean_total.value)]
    )  # fmt: skip
    return _table(rows, right={1, 2, 3, 4, 5, 6})


def render_rollup_text(
    rollup: Rollup,
    checks: Sequence[ReferenceCheck] = (),
    reference: Sequence[Finding] = (),
    lang: Lang = DEFAULT_LANG,
) -> str:
    """The roll-up for the terminal: score table, members side by side, differences, checks."""
    rb = rollup.rulebook
    lines = [render_score(rollup.sheet, "<roll-up>", lang), "", *_parts_lines(rollup, lang), ""]
    lines.append(ui("rollup.members", lang, by=ui("rollup.by." + rollup.by, lang), rulebook=rb.id,
                    clause=rb.cite(rb.aggregation.by.source).short(lang)))  # fmt: skip
    lines += _side_by_side(rollup, lang)
    lines.append(ui("rollup.exactly", lang, exact=rollup.weighted_mean_total.exact_text,
                    total=rollup.sheet.total.value))  # fmt: skip
    lines += ["", ui("rollup.differ", lang)]
    lines += [f"  - {localize(n, lang)}" for n in rollup.notes] or ["  " + ui("rollup.nowhere", lang)]
    shown = [c for c in checks if c.status != "not in roll-up"]
    if checks:
        lines += ["", ui("rollup.reference", lang, shown=len(shown), all=len(checks))]
        rows = [[ui(f"rollup.status.{c.status}", lang), c.id, term(c.measure, lang), c.stated,
                 c.computed or "", c.section] for c in shown]  # fmt: skip
        head = ["", *(ui(f"rollup.col.{k}", lang) for k in ("line", "measure", "stated", "computed", "in"))]
        lines += _table([head, *rows], {3, 4})
    report = replace(rollup.report, findings=(*rollup.report.findings, *rollup.findings))
    lines += ["", render_findings(report, lang)]
    if reference:
        lines += ["", ui("rollup.reference_findings", lang, file=reference[0].file)]
        lines += [x for f in reference for x in _finding_lines(f, lang, rb)]
    return "\n".join(lines)


def _parts_lines(rollup: Rollup, lang: Lang) -> list[str]:
    lines = [ui("rollup.parts", lang)]
    for r in rollup.sheet.indicators:
        names = {p.name for p in r.indicator.parts}
        shown = []
        for c in r.trace.children:
            if c.label in names:
                value = c.inputs.get("value") or f"{c.inputs.get('score')}/{c.inputs.get('weight')}"
                share = c.branch.removeprefix("weight share ")
                shown.append(f"{c.label} {share} {localize(value, lang)}")
        lines.append(f"  {r.indicator.name} = {r.score}: " + "; ".join(shown))
    return lines
