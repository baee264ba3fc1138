"""Data read from a source file, with the line of every value, and field paths to name values.

Shared by the YAML reader (scoring/io/yamlsrc.py) and the mapping of validation errors
(scoring/io/validation.py), which both point at the same lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FieldPath",
    "Located",
    "format_path",
]

FieldPath = tuple[str | int, ...]
"""A path to a value inside read data: mapping keys (str) and sequence indices (int)."""


@dataclass(frozen=True)
class Located:
    """Plain data read from YAML, with the line of every mapping key / sequence item.

    Data read from a workbook has no lines: ``cells`` gives the cell of every value instead
    (``Sheet1!F12``), which errors and findings name after the file (``form.xlsx!Sheet1!F12``).
    """

    data: Any
    file: str
    lines: Mapping[FieldPath, int]
    cells: Mapping[FieldPath, str] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """Return the 1-based line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key)

    def cell_of(self, path: Sequence[str | int]) -> str | None:
        """Return the cell (``Sheet1!F12``) of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key and key not in self.cells:
            key = key[:-1]
        return self.cells.get(key)


def format_path(path: Sequence[str | int]) -> str:
    """Render a field path: ``("indicators", 2, "weight")`` -> ``indicators[2].weight``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part and not re.search(r'[\s.\[\]"]', part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out
