"""The cells of a form as transcribed (YAML data), for the properties that blank them: every
printed number or word a form may leave blank, found by walking the data, and a copy of the
data with one cell changed (tests/test_forms_as_printed.py, tests/test_real_forms.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

__all__ = ["CELLS", "CellPath", "printed_cells", "with_cell"]

CellPath = tuple[str | int, ...]

CELLS = frozenset({
    "weight", "target", "actual", "reported_score", "nature",  # indicator rows
    "year_start", "budget", "executed", "points", "rate", "score",  # funds and its rows
    "execution_points", "execution_rate", "execution_score", "execution_score_rate", "total",
    "score_rate", "points_total", "coefficient",  # statements; the 权重 column's 合计; 得分系数
})  # fmt: skip
"""Keys whose value is a printed cell (a number, or the words of a target or actual)."""

_NOT_CELLS = frozenset({"blocks", "source", "parts"})
"""Keys under which nothing is a printed cell of the table (headings, provenance, parts)."""


def printed_cells(node: Any, path: CellPath = ()) -> Iterator[CellPath]:
    """The path of every printed cell under ``node`` (top-level keys such as ``year`` are not
    cells of the table)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _NOT_CELLS:
                continue
            if key in CELLS and path and (isinstance(value, str | dict) or value is None):
                yield (*path, key)
            elif isinstance(value, dict | list):
                yield from printed_cells(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from printed_cells(value, (*path, i))


def with_cell(data: dict[str, Any], path: CellPath, value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with the cell at ``path`` set to ``value``."""
    out = copy.deepcopy(data)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out
