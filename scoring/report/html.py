"""One self-contained HTML report of score and verify, for sending back to a unit.

The numbers are the JSON report's strings (``FormReport.to_dict``), so the two never disagree. The
page has inline CSS only: no script, no external resource; every text is autoescaped. Jinja2
is imported only when a page is rendered, so text and JSON runs never load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scoring.pipeline.check import FormReport
from scoring.rounding import pct

__all__ = ["SEVERITY_LABELS", "html_record", "render_html", "render_records"]

SEVERITY_LABELS = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
"""The heading of each severity group, in the order the groups are shown."""


def html_record(report: FormReport) -> dict[str, Any]:
    """A form's JSON record plus what the page shows besides: why each row is not full marks."""
    record = report.to_dict()
    sheet = report.sheet
    if sheet is None:
        return record
    computed = record["computed"]
    for row, result in zip(computed["indicators"], sheet.indicators, strict=True):
        row["why"] = result.why or ""
    points = sheet.rulebook.execution.points.value
    ex = sheet.execution
    computed["execution_points"] = str(points)
    computed["execution_why"] = (
        ""
        if ex.value >= points
        else f"{ex.branch}: {points} × {pct(sheet.execution_rate.exact, 4)}"
    )
    computed["total_points"] = str(points + sheet.rulebook.indicators.points.value)
    computed["subtotal_weights"] = {
        name: str(sum((i.weight for i in sheet.indicators if i.indicator.level1 == name), start=0))
        for name in sheet.subtotals
    }
    return record


def _grouped(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    # the worst first, so a reader meets what must be corrected before what is only noted
    return [
        (label, [f for f in findings if f["severity"] == sev])
        for sev, label in SEVERITY_LABELS.items()
        if any(f["severity"] == sev for f in findings)
    ]


def render_records(records: Sequence[dict[str, Any]], summary: dict[str, Any]) -> str:
    """The page for records made by ``html_record`` and the JSON report's ``summary``."""
    import jinja2  # only a page needs it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scoring", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    forms = [r | {"groups": _grouped(r["findings"])} for r in records]
    unreadable = [r for r in records if r["status"] == "invalid"]
    return env.get_template("report.html.j2").render(
        forms=forms, summary=summary, unreadable=unreadable
    )


def render_html(reports: Sequence[FormReport]) -> str:
    """The whole report as one HTML page: summary, each form's scores and findings, unreadable files."""
    from scoring.pipeline.tally import Tally

    records = [html_record(r) for r in reports if r.status != "skipped"]
    return render_records(records, Tally.of(reports).summary())
