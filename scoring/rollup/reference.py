"""Reference figures: what a document's financial tables and statements say about spending.

A reference file (``kind: reference``, e.g. ``indicators/references/wuchang-bigdata-2022.yaml``)
lists printed amounts — a table line (科目 2100410), a statement's total of project spending,
the project rows of a report — each with the forms it covers (``members``, by title) and where
it is printed; and the department's split of its spending into basic (基本支出) and project
(项目支出) spending. ``rollup_check`` compares roll-ups with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scoring.errors import FormError
from scoring.form.printed import Amount, PrintedNumber
from scoring.io.located import Located
from scoring.io.validation import validation_to_errors
from scoring.io.yamlsrc import read_yaml, read_yaml_file

__all__ = [
    "Department",
    "Figure",
    "Measure",
    "Reference",
    "ReferenceLine",
    "Share",
    "load_reference",
    "load_reference_text",
]

Measure = Literal["executed", "budget", "budget_year_start"]
"""Which amount a reference line prints: spending, the adjusted budget or the year-start one."""


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Share(_M):
    """A printed share of another figure ("占项目支出总额的 90%")."""

    value: PrintedNumber = Field(examples=["90%"])
    of: str = Field(description="id of the line (or department.total / .basic / .projects)")


class ReferenceLine(_M):
    """One printed amount and the forms (by title) whose sum it must be."""

    id: str = Field(examples=["t03-2100410"])
    code: str | None = Field(default=None, examples=["2100410"])
    name: str = Field(examples=["突发公共卫生事件应急处理"])
    amount: Amount
    measure: Measure = "executed"
    section: str = Field(examples=["公开03表 支出决算表 项目支出栏"])
    members: tuple[str, ...] = Field(min_length=1)
    count: int | None = Field(default=None, description="number of projects the text says")
    share: Share | None = None
    note: str | None = None


class Figure(_M):
    """A printed amount and where it is printed."""

    amount: Amount
    section: str


class Department(_M):
    """The department's spending split: total = basic (基本支出) + projects (项目支出)."""

    title: str = Field(description="title of the department form")
    total: Figure
    basic: Figure
    projects: Figure
    members: tuple[str, ...] = Field(min_length=1, description="titles of the project forms")


class Reference(_M):
    """What one document's tables and statements say about the spending its forms cover."""

    kind: Literal["reference"] = Field(
        description="marks the file as reference figures: `jixiao verify` passes it over, saying so"
    )
    document: str
    unit: str
    year: int
    lines: tuple[ReferenceLine, ...] = ()
    department: Department | None = None


def load_reference(path: str | Path) -> tuple[Reference, Located]:
    """Read and validate a reference file; problems named with file, line and field."""
    return _validated(read_yaml_file(path, error=FormError))


def load_reference_text(text: str, name: str) -> tuple[Reference, Located]:
    """Read and validate reference figures given as YAML text (an upload)."""
    return _validated(read_yaml(text, name, error=FormError))


def _validated(src: Located) -> tuple[Reference, Located]:
    """Read YAML validated as reference figures; problems named with file, line and field."""
    try:
        return Reference.model_validate(src.data), src
    except ValidationError as exc:
        raise validation_to_errors(exc, src, Reference, error=FormError) from exc
