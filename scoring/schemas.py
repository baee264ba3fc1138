"""JSON Schemas of the form, the rulebook and the JSON report; ``python -m scoring.schemas`` writes them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from scoring.codes import CATALOGUE, codes_markdown
from scoring.form.model import Form
from scoring.rulebook.model import Rulebook

__all__ = [
    "SCHEMA_FILES",
    "aggregate_schema",
    "form_schema",
    "report_schema",
    "rulebook_schema",
    "write_schemas",
]

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}


def form_schema() -> dict[str, Any]:
    """The JSON Schema of a form file, generated from the model."""
    schema = Form.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://jixiao.dev/schemas/form.schema.json"
    return schema


def rulebook_schema() -> dict[str, Any]:
    """The JSON Schema of a rulebook file, generated from the model."""
    schema = Rulebook.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://jixiao.dev/schemas/rulebook.schema.json"
    return schema


def _finding() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "one inconsistency between the form and what it or the document states",
        "required": ["code", "severity", "path", "stated", "computed", "message"],
        "properties": {
            "code": {**_STR, "enum": sorted(CATALOGUE),
                     "description": "stable identifier (docs/codes.md), e.g. EXEC_SCORE_MISMATCH"},
            "severity": {"enum": ["error", "warning", "info"]},
            "path": {**_STR, "description": "field path in the form file, e.g. reported.total"},
            "file": _NSTR,
            "line": {"type": ["integer", "null"]},
            "cell": {**_NSTR, "description": "in a workbook: sheet and cell, e.g. Sheet1!F12"},
            "section": {**_NSTR, "description": "where in the document the number is printed"},
            "stated": {**_NSTR, "description": "the number as printed"},
            "computed": {**_NSTR, "description": "what jixiao computes for it"},
            "diagnosis": {
                "enum": [
                    "rounding-policy",
                    "tail",
                    "propagated",
                    "label",
                    "placeholder",
                    "assumption",
                    "unexplained",
                    None,
                ]
            },
            "message": {
                **_STR,
                "description": "the explanation, in one paragraph, in the language asked for "
                "(zh-CN by default; --lang en)",
            },
            "params": {
                "type": "object",
                "additionalProperties": _STR,
                "description": "the values the message is made from (scoring.i18n catalogue; "
                "`variant` picks one of several sentences for the code)",
            },
            "rule": {**_NSTR, "description": "rulebook id and the clause the check rests on"},
        },
        "additionalProperties": False,
    }


def _computed() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["execution_rate", "execution_score", "total", "grade"],
        "properties": {
            "execution_rate": {**_STR, "description": "B ÷ A as a percentage, 2 decimals"},
            "execution_rate_exact": _STR,
            "execution_score": _STR,
            "indicators": {"type": "array", "items": {"type": "object"}},
            "subtotals": {"type": "object", "additionalProperties": _STR},
            "indicator_total": _STR,
            "total": _STR,
            "total_range": {
                "type": "array",
                "items": _STR,
                "description": "[low, high]: the totals possible while a row's grade is not "
                "settled (an unknown or assumed grade word with no printed score)",
            },
            "grade": _STR,
            "not_computed": {
                "type": "array",
                "items": _STR,
                "description": "what could not be computed from the printed cells: execution, "
                "total, level1:<name> (its numbers above are then partial)",
            },
            "trace": {"type": "object"},
        },
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``jixiao score|verify --format json`` (format jixiao.report, version 1)."""
    form = {
        "type": "object",
        "required": ["file", "status", "title", "findings", "errors"],
        "properties": {
            "file": _STR,
            "status": {"enum": ["ok", "error", "invalid", "skipped"]},
            "title": _NSTR,
            "kind": {"enum": ["project", "department"]},
            "year": {"type": "integer"},
            "unit": _STR,
            "rulebook": _STR,
            "rulebook_file": {**_STR, "description": "the file of a user's rulebook"},
            "funds": {
                "type": "object",
                "description": "A and B in 万元 (converted from 元 or 亿元); null: not printed",
                "properties": {"budget": _NSTR, "executed": _NSTR},
            },
            "computed": _computed(),
            "findings": {"type": "array", "items": _finding()},
            "errors": {"type": "array", "items": _STR},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jixiao.dev/schemas/report.schema.json",
        "title": "jixiao report",
        "type": "object",
        "required": ["format", "version", "forms"],
        "properties": {
            "format": {"const": "jixiao.report"},
            "version": {"const": 1},
            "forms": {"type": "array", "items": form},
            "summary": {"type": "object"},
            "partial": {
                "const": True,
                "description": "the run was cut short (Ctrl-C, SIGTERM): not every file is in it",
            },
            "interrupted_by": {"enum": ["SIGINT", "SIGTERM"]},
            "files": {"type": "integer", "description": "files asked for, in a partial run"},
        },
    }


def aggregate_schema() -> dict[str, Any]:
    """The JSON Schema of ``jixiao aggregate --format json`` (format jixiao.aggregate, version 1)."""
    funds = {
        "type": "object",
        "required": ["budget", "executed"],
        "properties": {"budget": _STR, "executed": _STR},
    }
    member = {
        "type": "object",
        "required": ["file", "title", "budget", "executed", "fund", "total"],
        "properties": {
            "file": _NSTR,
            "title": _STR,
            "label": _STR,
            "kind": {"enum": ["project", "department"]},
            "budget": _STR,
            "executed": _STR,
            "fund": {**_STR, "description": "the amount that weights the member (--by)"},
            "share": _STR,
            "execution_rate": _STR,
            "execution_score": _STR,
            "indicator_total": _STR,
            "total": _STR,
            "grade": _STR,
        },
    }
    comparison = {
        "type": "object",
        "required": ["label", "aggregated", "averaged", "differs", "explanation"],
        "properties": {
            "label": _STR,
            "aggregated": {
                **_STR,
                "description": "the derived form's number (aggregate, then score)",
            },
            "averaged": {
                **_STR,
                "description": "fund-weighted mean of the members' (score, then aggregate)",
            },
            "averaged_exact": _STR,
            "differs": {"type": "boolean"},
            "explanation": _NSTR,
        },
    }
    check = {
        "type": "object",
        "required": ["id", "stated", "computed", "status"],
        "properties": {
            "id": _STR,
            "name": _STR,
            "section": _STR,
            "measure": _STR,
            "stated": _STR,
            "computed": _NSTR,
            "status": {"enum": ["ok", "mismatch", "info", "not in roll-up"]},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jixiao.dev/schemas/aggregate.schema.json",
        "title": "jixiao aggregate",
        "type": "object",
        "required": ["format", "version", "funds", "computed", "findings", "members"],
        "properties": {
            "format": {"const": "jixiao.aggregate"},
            "version": {"const": 1},
            "title": _STR,
            "status": {"enum": ["ok", "error"]},
            "rulebook": _STR,
            "rulebook_file": {**_STR, "description": "the file of a user's rulebook"},
            "by": {"enum": ["budget", "executed"]},
            "by_rule": _STR,
            "funds": funds,
            "computed": _computed(),
            "findings": {"type": "array", "items": _finding()},
            "members": {"type": "array", "items": member},
            "weighted_mean_total": {
                "type": "object",
                "required": ["value", "exact"],
                "properties": {"value": _STR, "exact": _STR},
            },
            "comparisons": {"type": "array", "items": comparison},
            "notes": {"type": "array", "items": _STR},
            "indicators": {"type": "array", "items": {"type": "object"}},
            "reference": {"type": "array", "items": check},
            "trace": {"type": "object"},
        },
    }


SCHEMA_FILES = {
    "form.schema.json": form_schema,
    "rulebook.schema.json": rulebook_schema,
    "report.schema.json": report_schema,
    "aggregate.schema.json": aggregate_schema,
}
"""Every schema file under schemas/ and the function that makes it."""


def write_schemas(folder: Path, docs: Path | None = None) -> list[Path]:
    """Write every schema into ``folder``, and the code table into ``docs``; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
        (docs / "codes.md").write_text(codes_markdown(), encoding="utf-8")
        written.append(docs / "codes.md")
    for name, make in SCHEMA_FILES.items():
        path = folder / name
        path.write_text(json.dumps(make(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas"), Path("docs")):
        print(p)
