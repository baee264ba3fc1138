"""The form a table describes, as a ``Form`` for scoring/engine.py: the exact per-form path.

The batch scorer sends forms here when its column path cannot take them (a rulebook whose
totals add unrounded scores, a formula it cannot evaluate on columns); the tests score every
random table both ways and require the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from scoring.batch.kernels import OP_ALIASES
from scoring.engine.score import score
from scoring.errors import JixiaoError
from scoring.form.model import Form
from scoring.rulebook.load import load_builtin

__all__ = ["form_from_rows", "text_of", "undefined_scores_zero"]


def text_of(value: Any) -> str | None:
    """A cell as the text the form would print; ``None`` for an empty cell."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value).strip()
    return text or None


def _indicator(i: int, row: Mapping[str, Any]) -> dict[str, Any]:
    op = text_of(row.get("op"))
    target: Any = text_of(row.get("target")) or ""
    if op is not None:
        target = {"text": target, "op": OP_ALIASES.get(op, op)}
    return {
        "level1": text_of(row.get("level1")) or "-",
        "level2": text_of(row.get("level2")) or "-",
        "name": text_of(row.get("name")) or f"row {i + 1}",
        "weight": text_of(row.get("weight")) or "",
        "kind": text_of(row.get("kind")),
        "target": target,
        "actual": {"text": text_of(row.get("actual")) or "", "grade": text_of(row.get("grade"))},
        "reported_score": text_of(row.get("reported_score")),
    }


def form_from_rows(
    form: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], rulebook: str
) -> Form:
    """The ``Form`` of one forms-table row and its indicator rows (validation errors raise)."""
    form_id = text_of(form.get("form_id")) or "-"
    return Form.model_validate(
        {
            "kind": "project",
            "title": form_id,
            "unit": "-",
            "year": 2022,
            "rulebook": rulebook,
            "source": {"document": "batch table", "section": form_id},
            "funds": {
                "budget": text_of(form.get("budget")) or "",
                "executed": text_of(form.get("executed")) or "",
            },
            "indicators": [_indicator(i, r) for i, r in enumerate(rows)],
        }
    )


@cache
def undefined_scores_zero() -> bool:
    """Whether the engine scores a formula that cannot take its inputs (a division by zero) as
    0 with a finding, rather than failing the form; the column path does as the engine does.

    Asked of the engine once, on a form whose negative indicator divides by its actual 0.
    """
    head = {"form_id": "probe", "budget": "1", "executed": "1"}
    row = {"weight": "1", "op": "<=", "target": "-1", "actual": "0", "kind": "quantitative"}
    try:
        sheet = score(form_from_rows(head, [row], "hubei-2022"), load_builtin("hubei-2022"))
    except JixiaoError:
        return False
    return sheet.indicators[0].score == 0
