"""One self-contained HTML report of score and verify, for sending back to a unit.

Summary first (counts, charts of totals and grades drawn here as inline SVG, a table of every
form), then one section per form: printed beside computed, findings worst first, each with the
trace of the number it is about. The numbers are the JSON report's strings (``FormReport.to_dict``),
so the two never disagree. Inline CSS (A4 print rules, a CJK font stack) and one small inline
script that only sorts and filters the table: without it the page reads the same. Every text
is autoescaped. Jinja2 is imported only when a page is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.codes import CATALOGUE
from scoring.engine.sheet import ScoreSheet
from scoring.findings import Severity
from scoring.i18n import DEFAULT_LANG, Lang, term, ui
from scoring.i18n.numbers import amount, grouped, percent
from scoring.i18n.phrases import localize
from scoring.pipeline.check import FormReport
from scoring.report.charts import grade_bars, total_bars
from scoring.rounding import pct
from scoring.rulebook.citation import localize_rule
from scoring.rulebook.model import Rulebook
from scoring.trace import Trace

__all__ = ["SEVERITY_ORDER", "html_record", "render_html", "render_records"]

SEVERITY_ORDER = ("error", "warning", "info")
"""Severities in the order a reader meets them: what must be corrected first."""

_INDICATOR = re.compile(r"^indicators\[(\d+)\]")


def _trace_rows(trace: Trace, rb: Rulebook, lang: Lang, depth: int = 2) -> list[dict[str, Any]]:
    """The trace as rows to show (the number, formula, inputs, branch, rule), two levels deep."""
    cites = rb.sources.values()
    return [
        {
            "depth": d,
            "label": localize(t.label, lang),
            "value": str(t.value),
            "exact": t.exact_text,
            "formula": localize(t.formula, lang),
            "inputs": ", ".join(f"{localize(k, lang)}={localize(v, lang)}" for k, v in t.inputs.items()),
            "branch": localize(t.branch, lang),
            "rule": f"{t.rule} — {localize_rule(t.clause, cites, lang)}" if t.clause else t.rule,
        }
        for d, t in trace.walk()
        if d < depth
    ]


def _trace_of(path: str, sheet: ScoreSheet) -> Trace | None:
    """The trace of the computed number a finding at ``path`` is about."""
    m = _INDICATOR.match(path)
    if m is not None and int(m.group(1)) < len(sheet.indicators):
        return sheet.indicators[int(m.group(1))].trace
    for name, sub in sheet.subtotals.items():
        if f"level1.{name}" in path:
            return sub
    if "execution" in path or path.endswith(("budget", "executed")):
        return sheet.execution
    if path.endswith(("total", "grade")):
        return sheet.total
    return None


def _printed(report: FormReport) -> dict[str, Any]:
    """What the form itself prints beside what is computed: execution, each row, subtotals, total."""
    assert report.form is not None
    rep = report.form.reported
    return {
        "execution_score": rep.execution_score.text if rep.execution_score else "",
        "execution_rate": percent(rep.execution_rate.text) if rep.execution_rate else "",
        "indicators": [i.reported_score.text if i.reported_score else "" for i in report.form.indicators],
        "subtotals": {k: (v.score.text if v.score else "") for k, v in rep.level1.items()},
        "total": rep.total.text if rep.total else "",
        "grade": rep.grade or "",
    }


def html_record(report: FormReport, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
    """A form's JSON record plus what the page shows besides: printed numbers, why a row is not
    full marks, and each finding's trace."""
    record = report.to_dict(lang=lang)
    record["severities"] = {s: sum(f["severity"] == s for f in record["findings"]) for s in SEVERITY_ORDER}
    sheet = report.sheet
    if sheet is None:
        return record
    record["printed"] = _printed(report)
    for f in record["findings"]:
        trace = _trace_of(f["path"], sheet)
        f["trace"] = _trace_rows(trace, sheet.rulebook, lang) if trace is not None else []
    computed = record["computed"]
    for row, result in zip(computed["indicators"], sheet.indicators, strict=True):
        row["why"] = localize(result.why or "", lang)
        row["range"] = f"{result.bounds[0]}–{result.bounds[1]}" if result.bounds else ""
        if not result.known and result.indicator.reported_score is None:
            row["score"] = "—"  # not scored and nothing printed: not a 0
        if result.role == "breakdown":  # a 其中 row has no weight and no score of its own
            parent = result.indicator.parent or ""
            row["weight"], row["score"] = "", ""
            row["why"] = ui("text.breakdown", lang, parent=parent)
        elif result.role == "parent":
            row["why"] = row["why"] or ui("text.parent", lang)
    bounds = sheet.total_range
    computed["total_range"] = f"{bounds[0]}–{bounds[1]}" if bounds else ""
    _not_computed_shown(computed, sheet, lang)
    points = sheet.rulebook.execution.points.value
    ex = sheet.execution
    computed["execution_points"] = str(points)
    rate = percent(pct(sheet.execution_rate.exact, 4))
    why = localize(f"{ex.branch}: {points} × {rate}", lang)
    computed["execution_why"] = "" if ex.value >= points else why
    computed["total_points"] = str(points + sheet.rulebook.indicators.points.value)
    computed["subtotal_weights"] = {
        name: str(sum((i.weight for i in sheet.indicators if i.counted and i.indicator.level1 == name),
                      start=0))
        for name in sheet.subtotals
    }
    return record


def _shown(shape: Callable[[str], str]) -> Callable[[str | None], str]:
    """A number-shaping filter that shows a value not printed or not computed as a dash."""
    return lambda value: "—" if value is None else shape(str(value))


def _not_computed_shown(computed: dict[str, Any], sheet: ScoreSheet, lang: Lang) -> None:
    """What the page shows for a total, grade or subtotal that is not computed (a row under it
    is not scored): 未计算, never the sum of the rows that are; the summary sorts it last."""
    known = "total" not in sheet.unknown
    missing = ui("text.not_computed", lang)
    computed["total_known"] = known
    computed["total_sort"] = computed["total"] if known else ""
    computed["total_shown"] = computed["total_range"] or (computed["total"] if known else missing)
    computed["grade_shown"] = computed["grade"] if known or computed["total_range"] else "—"
    computed["subtotals_shown"] = {
        name: value if f"level1:{name}" not in sheet.unknown else missing
        for name, value in computed["subtotals"].items()
    }


def _differs(printed: str, computed: str) -> bool:
    """Whether a printed number differs from the computed one (``20`` and ``20.00`` agree);
    nothing differs from a value not computed."""
    if not printed:
        return False
    try:
        return Decimal(printed) != Decimal(computed)
    except (InvalidOperation, TypeError):
        return False


def _grouped(findings: list[dict[str, Any]], only: tuple[str, ...]) -> list[tuple[str, list[dict[str, Any]]]]:
    # the worst first, so a reader meets what must be corrected before what is only noted
    return [
        (sev, [f for f in findings if f["severity"] == sev])
        for sev in only
        if any(f["severity"] == sev for f in findings)
    ]


def _page_forms(records: Sequence[dict[str, Any]], errors_only: bool) -> list[dict[str, Any]]:
    only = ("error",) if errors_only else SEVERITY_ORDER
    chosen = [r for r in records if not errors_only or r["status"] in ("error", "invalid")]
    return [r | {"groups": _grouped(r["findings"], only)} for r in chosen]


def _counts(records: Sequence[dict[str, Any]], summary: dict[str, Any]) -> dict[str, int]:
    found = {s: sum(r["severities"][s] for r in records) for s in SEVERITY_ORDER}
    return {"forms": summary["forms"], "with_errors": summary["with_errors"], **found,
            "invalid": summary["invalid"], "skipped": summary["skipped"]}  # fmt: skip


def render_records(
    records: Sequence[dict[str, Any]],
    summary: dict[str, Any],
    lang: Lang = DEFAULT_LANG,
    errors_only: bool = False,
) -> str:
    """The page for records made by ``html_record`` and the JSON report's ``summary``."""
    import jinja2  # only a page needs it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scoring", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name, shape in (("amount", amount), ("pct", percent), ("grouped", grouped)):
        env.filters[name] = _shown(shape)
    env.filters["differs"] = _differs
    env.filters["term"] = lambda value: None if value is None else term(str(value), lang)
    forms = _page_forms(records, errors_only)
    totals = [r["computed"]["total"] for r in records
              if "computed" in r and r["computed"].get("total_known", True)]  # fmt: skip
    return env.get_template("report.html.j2").render(
        lang=lang,
        t=lambda key, **values: ui(key, lang, **values),
        forms=forms,
        summary=summary,
        counts=_counts(records, summary),
        totals_chart=total_bars(totals),
        grades_chart=grade_bars([r["computed"]["grade"] for r in records
                                if "computed" in r and r["computed"].get("total_known", True)]),
        unreadable=[r for r in records if r["status"] == "invalid"],
        errors_only=errors_only,
        error=Severity.ERROR.value,
        titles={c: i.title_en if lang == "en" else i.title_zh for c, i in CATALOGUE.items()},
    )


def render_html(
    reports: Sequence[FormReport], lang: Lang = DEFAULT_LANG, errors_only: bool = False
) -> str:
    """The whole report as one HTML page: summary, each form's scores and findings, unreadable files."""
    from scoring.pipeline.tally import Tally

    records = [html_record(r, lang) for r in reports if r.status != "skipped"]
    return render_records(records, Tally.of(reports, lang).summary(), lang, errors_only)
