"""The shape of a form's indicator table: which rows are scored, which are parents (subtotal
rows), which are 其中 breakdowns, which share a merged score cell, and which rows a heading
(年度绩效目标（80分）, 数量指标（10分）) covers. Pure functions of the form; no rulebook."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.form.model import Form, Indicator
from scoring.form.statement import Block

__all__ = [
    "breakdown_rows",
    "child_rows",
    "counted_rows",
    "heading_rows",
    "merged_groups",
    "row_roles",
]


def child_rows(rows: Sequence[Indicator]) -> dict[int, list[int]]:
    """Parent row index -> the indices of the indicator rows under it (not breakdowns)."""
    index = {r.name: i for i, r in enumerate(rows)}
    out: dict[int, list[int]] = {}
    for i, r in enumerate(rows):
        if r.parent is not None and r.role == "indicator" and r.parent in index:
            out.setdefault(index[r.parent], []).append(i)
    return out


def breakdown_rows(rows: Sequence[Indicator]) -> dict[int, list[int]]:
    """Row index -> the indices of the 其中 rows that detail its actual."""
    index = {r.name: i for i, r in enumerate(rows)}
    out: dict[int, list[int]] = {}
    for i, r in enumerate(rows):
        if r.role == "breakdown" and r.parent in index:
            out.setdefault(index[r.parent], []).append(i)
    return out


def row_roles(rows: Sequence[Indicator]) -> list[str]:
    """Each row's role: ``breakdown``, ``parent`` (a subtotal of child rows) or ``row``."""
    parents = child_rows(rows)
    return [
        "breakdown" if r.role == "breakdown" else "parent" if i in parents else "row"
        for i, r in enumerate(rows)
    ]


def counted_rows(rows: Sequence[Indicator]) -> list[int]:
    """The rows whose scores make the total: no parent (its children count) and no breakdown."""
    parents = child_rows(rows)
    return [i for i, r in enumerate(rows) if r.role == "indicator" and i not in parents]


def merged_groups(rows: Sequence[Indicator]) -> dict[str, list[int]]:
    """Merged-score label -> the rows sharing the cell, in printed order."""
    out: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r.merged is not None:
            out.setdefault(r.merged, []).append(i)
    return out


def heading_rows(
    form: Form, block: Block, blocks: Sequence[Block] = (), *, whole_table: bool = True
) -> list[int] | None:
    """The counted rows a heading covers: rows whose ``block`` is its label, else whose level-2
    (within ``block.level1`` if given) or level-1 name is its label; for a heading with nested
    headings (``blocks`` naming it as parent) and no rows of its own, None. A lone heading that
    names no row covers the whole table (年度绩效目标（80分）) unless ``whole_table`` is False."""
    rows = form.indicators
    counted = counted_rows(rows)
    for key in ("block", "level2", "level1"):
        chosen = [i for i in counted if _under(rows[i], block, key)]
        if chosen:
            return chosen
    if any(b.parent == block.label for b in blocks):
        return None
    if whole_table and all(rows[i].block is None for i in counted) and block.parent is None:
        return counted  # one heading over the whole table (年度绩效目标（80分）)
    return []


def _under(row: Indicator, block: Block, key: str) -> bool:
    if key == "level2":
        return row.level2 == block.label and block.level1 in (None, row.level1)
    return bool(getattr(row, key) == block.label)
