"""The versioned JSON report of score and verify (shape: schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from scoring.i18n import DEFAULT_LANG, Lang
from scoring.pipeline.check import FormReport

__all__ = ["REPORT_FORMAT", "REPORT_VERSION", "render_json", "report_dict"]

REPORT_FORMAT = "jixiao.report"
"""The ``format`` field of a JSON report (schemas/report.schema.json)."""
REPORT_VERSION = 1
"""The ``version`` field of a JSON report."""


def report_dict(
    reports: Sequence[FormReport], with_trace: bool = False, lang: Lang = DEFAULT_LANG
) -> dict[str, Any]:
    """The whole report: format and version, every form, and a summary."""
    from scoring.pipeline.tally import Tally

    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "forms": [r.to_dict(with_trace, lang) for r in reports],
        "summary": Tally.of(reports, lang).summary(),
    }


def render_json(
    reports: Sequence[FormReport], with_trace: bool = False, lang: Lang = DEFAULT_LANG
) -> str:
    """The report as indented JSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(report_dict(reports, with_trace, lang), ensure_ascii=False, indent=2)
