"""The versioned JSON report of score and verify (shape: schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from scoring.engine.sheet import ScoreSheet
from scoring.i18n import DEFAULT_LANG, Lang
from scoring.pipeline.check import FormReport
from scoring.rounding import pct

__all__ = ["REPORT_FORMAT", "REPORT_VERSION", "form_record", "render_json", "report_dict"]

REPORT_FORMAT = "jixiao.report"
"""The ``format`` field of a JSON report (schemas/report.schema.json)."""
REPORT_VERSION = 1
"""The ``version`` field of a JSON report."""


def _computed(sheet: ScoreSheet, with_trace: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "execution_rate": pct(sheet.execution_rate.exact),
        "execution_rate_exact": sheet.execution_rate.exact_text,
        "execution_score": str(sheet.execution.value),
        "indicators": [
            {
                "name": r.indicator.name,
                "level1": r.indicator.level1,
                "level2": r.indicator.level2,
                "kind": r.kind,
                "weight": str(r.weight),
                "score": str(r.score),
                "branch": r.trace.branch,
                "grade": r.grade,
            }
            for r in sheet.indicators
        ],
        "subtotals": {k: str(v.value) for k, v in sheet.subtotals.items()},
        "indicator_total": str(sheet.indicator_total.value),
        "total": str(sheet.total.value),
        "grade": sheet.grade,
    }
    if with_trace:
        out["trace"] = sheet.total.to_dict()
    return out


def form_record(
    report: FormReport, with_trace: bool = False, lang: Lang = DEFAULT_LANG
) -> dict[str, Any]:
    """One form's record: file, status, computed numbers and findings (messages in ``lang``),
    or its reading errors."""
    record: dict[str, Any] = {"file": report.file, "status": report.status}
    if report.form is not None:
        f = report.form
        record |= {
            "title": f.title,
            "kind": f.kind,
            "year": f.year,
            "unit": f.unit,
            "funds": {"budget": str(f.funds.budget.value), "executed": str(f.funds.executed.value)},
        }
    else:
        record["title"] = None
    if report.sheet is not None:
        record["rulebook"] = report.sheet.rulebook.id
        record["computed"] = _computed(report.sheet, with_trace)
    record["findings"] = [f.to_dict(lang) for f in report.findings]
    record["errors"] = report.error_lines()
    return record


def report_dict(
    reports: Sequence[FormReport], with_trace: bool = False, lang: Lang = DEFAULT_LANG
) -> dict[str, Any]:
    """The whole report: format and version, every form, and a summary."""
    from scoring.pipeline.tally import Tally

    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "forms": [form_record(r, with_trace, lang) for r in reports],
        "summary": Tally.of(reports).summary(),
    }


def render_json(
    reports: Sequence[FormReport], with_trace: bool = False, lang: Lang = DEFAULT_LANG
) -> str:
    """The report as indented JSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(report_dict(reports, with_trace, lang), ensure_ascii=False, indent=2)
